import { PropertyViolation } from './violation.js';

export interface QueueOutcomes {
  readonly name: string;
  readonly pending: readonly { id: string; deliveries: number }[];
  readonly acked: readonly string[];
  readonly deadLetters: readonly { id: string; reason: string }[];
}

/**
 * Progress of a durable queue, checked at the end of a run: every message enqueued was acked or
 * dead-lettered *visibly* — none still pending, none missing. (Case D: the PR's harness retried 100
 * times and then fell through reporting success; a durable queue must never drop silently.)
 * `enqueued` lists the ids the producer got back, so a message the queue lost is caught too.
 */
export function progress(queue: QueueOutcomes, options: { enqueued?: readonly string[] } = {}): void {
  if (queue.pending.length > 0) {
    const p = queue.pending[0]!;
    throw new PropertyViolation('progress', `queue "${queue.name}": message ${p.id} never settled (${p.deliveries} deliveries, neither acked nor dead-lettered)${queue.pending.length > 1 ? ` and ${queue.pending.length - 1} more` : ''}`);
  }
  const settled = new Set([...queue.acked, ...queue.deadLetters.map((d) => d.id)]);
  for (const id of options.enqueued ?? []) {
    if (!settled.has(id)) throw new PropertyViolation('progress', `queue "${queue.name}": message ${id} was silently dropped (not acked, not pending, not dead-lettered)`);
  }
}
