/**
 * The task store contract reads back what it wrote: every event an `appendEvent` acknowledged with a
 * seq must be on the tape at that seq, with its kind and data — a store that loses or rewrites a
 * `final` (every kind stored as `progress`) is caught even when no tape property notices (a tape
 * without a `final` breaks neither *final is last* nor *tape matches row*).
 *
 * A `final` is never dropped, so each one must be read back. A non-`final` event for a terminal row
 * is dropped and the current max seq returned (the terminal guard), so a non-`final` whose seq
 * another acknowledgement of the same task shares, or seq 0, says nothing about where it went.
 */
import type { NewTaskEvent } from '../../models/stores/TaskStorePort.js';
import type { TaskHistory } from '../../properties/taskHistory.js';
import { stableJson } from '../../sim/trace.js';
import { describeValue, showArgs } from './checkedPort.js';
import { AdapterContractError } from './checkedTaskStore.js';

/** An `appendEvent` the adapter acknowledged: the event and the seq it returned. */
export interface Appended {
  id: string;
  event: NewTaskEvent;
  seq: number;
}

export function checkReadBack(adapter: string, appended: readonly Appended[], histories: readonly TaskHistory[]): void {
  const shared = new Map<string, number>();
  for (const a of appended) shared.set(`${a.id}#${a.seq}`, (shared.get(`${a.id}#${a.seq}`) ?? 0) + 1);
  for (const a of appended) {
    if (a.event.kind !== 'final' && (a.seq === 0 || shared.get(`${a.id}#${a.seq}`)! > 1)) continue;
    const tape = histories.find((h) => h.id === a.id)?.tape ?? [];
    const held = tape.find((e) => e.seq === a.seq);
    if (held !== undefined && held.kind === a.event.kind && stableJson(held.data ?? null) === stableJson(a.event.data ?? null)) continue;
    const what = held === undefined ? 'no event' : describeValue({ kind: held.kind, data: held.data ?? null });
    throw new AdapterContractError(
      adapter,
      'listEvents',
      `adapter "${adapter}": appendEvent(${showArgs([a.id, a.event])}) returned seq ${a.seq}, but listEvents("${a.id}") holds ${what} at seq ${a.seq} — the store lost or rewrote the event it acknowledged`,
    );
  }
}
