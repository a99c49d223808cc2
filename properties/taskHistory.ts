/**
 * What the task-tape properties read: each task's row status and its event tape, collected after a
 * run (from a model's plain getters, or from a real adapter in `check`).
 */
export interface TaskHistory {
  id: string;
  status: string;
  tape: readonly { seq?: number; kind: string; data?: unknown }[];
}

/** `1:task_started 2:progress 3:final{"status":"cancelled"}` — a tape as a failure message shows it. */
export function showTape(tape: TaskHistory['tape']): string {
  if (tape.length === 0) return '(empty)';
  return tape.map((e, i) => `${e.seq ?? i + 1}:${e.kind}${e.data === undefined || e.data === null ? '' : JSON.stringify(e.data)}`).join(' ');
}
