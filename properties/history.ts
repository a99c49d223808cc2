import type { Sim } from '../sim/sim.js';
import type { SimEvent } from '../sim/trace.js';
import type { Operation } from './linearizable.js';

/** Event kinds {@link recordOperation} logs and {@link historyFromEvents} reads. */
export const CALL = 'op.call';
export const RETURN = 'op.return';

/**
 * Runs `fn` as one operation of a concurrent history: logs its call (before `fn` starts) and its
 * return (after it resolves) with `sim.log`. If `fn` throws, no return is logged — the operation
 * may or may not have taken effect, and the checker treats it so.
 */
export async function recordOperation<I, O>(sim: Sim, op: string, input: I, fn: () => Promise<O> | O): Promise<O> {
  sim.log(CALL, { op, input });
  const output = await fn();
  sim.log(RETURN, { op, output });
  return output;
}

/**
 * Turns call/return events (`sim.events`) into a history for `linearizable`. A return matches the
 * same actor's open call (an actor runs one operation at a time). Instants are positions in the event
 * log — a strict total order, so an operation that returned before another was called, even within
 * one step, precedes it. Calls without a return become operations that never returned.
 */
export function historyFromEvents(events: readonly SimEvent[], kinds: { call?: string; ret?: string } = {}): Operation[] {
  const callKind = kinds.call ?? CALL;
  const retKind = kinds.ret ?? RETURN;
  const open = new Map<string, Operation>();
  const ops: Operation[] = [];
  events.forEach((e, i) => {
    if (e.kind === callKind) {
      const d = e.data as { op: string; input?: unknown };
      if (open.has(e.actor)) throw new TypeError(`historyFromEvents: actor "${e.actor}" called "${d.op}" while "${open.get(e.actor)!.op}" (event ${open.get(e.actor)!.call}) had not returned`);
      const o: Operation = { actor: e.actor, op: d.op, input: d.input, call: i, ret: undefined };
      open.set(e.actor, o);
      ops.push(o);
    } else if (e.kind === retKind) {
      const o = open.get(e.actor);
      if (!o) throw new TypeError(`historyFromEvents: actor "${e.actor}" logged "${retKind}" (event ${i}) with no open call`);
      o.ret = i;
      o.output = (e.data as { output?: unknown }).output;
      open.delete(e.actor);
    }
  });
  return ops;
}
