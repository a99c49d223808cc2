import type { Json, TaskRow, TaskStatus } from '../../models/stores/TaskStorePort.js';

/** A task row as both SQL adapters read it: `result` is stored as JSON text. */
export interface RawTaskRow {
  id: string;
  op: string;
  status: TaskStatus;
  result: string | null;
  error: string | null;
}

export function toTaskRow(r: RawTaskRow): TaskRow {
  return { id: r.id, op: r.op, status: r.status, result: r.result === null ? null : (JSON.parse(r.result) as Json), error: r.error };
}
