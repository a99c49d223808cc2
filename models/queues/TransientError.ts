/**
 * Thrown by a queue handler to say "not now, try again later": the durable queue makes the message
 * visible again after a backoff instead of dead-lettering it — BullMQ's retryable failure, SQS's
 * "don't delete, let the visibility timeout lapse", Motia/iii's `TransientError`.
 */
export class TransientError extends Error {
  constructor(message = 'transient failure, retry later') {
    super(message);
    this.name = 'TransientError';
  }
}
