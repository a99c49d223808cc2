/**
 * The exceptions asyncio raises that the executor and sync models reproduce (CPython 3.11
 * `asyncio.exceptions`, `asyncio.queues`). Cancellation itself is the core's `CancelledError`.
 */

/** `asyncio.InvalidStateError`: a result read before the future is done, a second `set_result`. */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

/** `TimeoutError` (`asyncio.TimeoutError` is the builtin since 3.11): `wait_for` or `timeout()` expired. */
export class AsyncioTimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** `asyncio.QueueEmpty`: `get_nowait()` on an empty queue. */
export class QueueEmpty extends Error {
  constructor(queue: string) {
    super(`queue "${queue}" is empty`);
    this.name = 'QueueEmpty';
  }
}

/** `asyncio.QueueFull`: `put_nowait()` on a full queue. */
export class QueueFull extends Error {
  constructor(queue: string) {
    super(`queue "${queue}" is full`);
    this.name = 'QueueFull';
  }
}
