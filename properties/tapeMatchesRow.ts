import { showTape, type TaskHistory } from './taskHistory.js';

/**
 * "Tape matches row" (case B, property 2): a task's `final` event carries the row's status — the
 * tape and the status column never contradict each other. Throws naming the first task that breaks it.
 */
export function tapeMatchesRow(histories: readonly TaskHistory[], options: { finalKind?: string; statusField?: string } = {}): void {
  const kind = options.finalKind ?? 'final';
  const field = options.statusField ?? 'status';
  for (const h of histories) {
    for (const e of h.tape) {
      if (e.kind !== kind) continue;
      const said = (e.data as Record<string, unknown> | null | undefined)?.[field];
      if (said !== h.status) throw new Error(`task "${h.id}": its "${kind}" says ${field} ${JSON.stringify(said)} but the row is "${h.status}": ${showTape(h.tape)}`);
    }
  }
}
