import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface ExactlyOnceOptions {
  /** The event kind that marks one execution (e.g. `effect`, `handled`, `charged`). */
  kind: string;
  /** What identifies the thing that must run once (a call id, a message id). Default: `data.id`. */
  key?: (data: unknown) => string | number;
  /** Keys that must have run. Omit to check "at most once" only. */
  expected?: readonly (string | number)[];
  /** Keys excused from running (e.g. their message was dead-lettered — visible, another property's business). */
  excused?: (key: string | number) => boolean;
  /** Noun for messages: "side effect", "charge of order", … (default: the kind). */
  what?: string;
}

const dataId = (data: unknown): string | number => {
  const id = (data as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string' || typeof id === 'number') return id;
  throw new TypeError(`exactlyOnce: event data ${JSON.stringify(data)} has no string or number "id"; pass options.key`);
};

/**
 * "Exactly once": every expected key ran exactly once (no silent drop), and no key ran twice (no
 * duplicate execution, no double charge). Throws {@link PropertyViolation} naming the first key that
 * broke it, who ran it when, and the events.
 */
export function exactlyOnce(events: readonly SimEvent[], options: ExactlyOnceOptions): void {
  const what = options.what ?? options.kind;
  const keyOf = options.key ?? dataId;
  const runs = new Map<string | number, SimEvent[]>();
  for (const e of events) {
    if (e.kind !== options.kind) continue;
    const k = keyOf(e.data);
    const list = runs.get(k);
    if (list) list.push(e);
    else runs.set(k, [e]);
  }
  for (const [k, list] of runs) {
    if (list.length > 1) {
      throw new PropertyViolation('exactlyOnce', `${what} ${JSON.stringify(k)} ran ${list.length} times: ${list.map((e) => `${e.actor} at step ${e.step}`).join(', ')}`, list);
    }
  }
  const missing = (options.expected ?? []).filter((k) => !runs.has(k) && !(options.excused?.(k) ?? false));
  if (missing.length > 0) throw new PropertyViolation('exactlyOnce', `${what} ${missing.map((m) => JSON.stringify(m)).join(', ')} never ran`);
}
