import type { SimEvent } from '../sim/trace.js';
import { type KeyOf, PropertyViolation } from './violation.js';

/** One hold: from the acquire event to the matching release (or to the end of the run). */
export interface HoldInterval {
  resource: string | number;
  holder: string;
  acquire: SimEvent;
  release: SimEvent | undefined;
}

export interface MutualExclusionOptions {
  /** Kind of the event logged right after the resource was obtained (default `acquire`). */
  acquire?: string;
  /** Kind of the event logged right before it is given up (default `release`). */
  release?: string;
  /** Which resource (default `data.resource`, else `data.id`, else one resource for all). */
  resource?: KeyOf;
  /** Who holds it (default `data.holder`, else the logging actor). */
  holder?: (e: SimEvent) => string;
}

const defaultResource: KeyOf = (e) => {
  const d = e.data as { resource?: unknown; id?: unknown } | undefined;
  if (d !== null && typeof d === 'object') {
    if (typeof d.resource === 'string' || typeof d.resource === 'number') return d.resource;
    if (typeof d.id === 'string' || typeof d.id === 'number') return d.id;
  }
  return '(resource)';
};

const defaultHolder = (e: SimEvent): string => {
  const d = e.data as { holder?: unknown } | undefined;
  return d !== null && typeof d === 'object' && typeof d.holder === 'string' ? d.holder : e.actor;
};

function show(h: HoldInterval): string {
  const until = h.release ? `step ${h.release.step} (t+${h.release.time - h.acquire.time}ms)` : 'the end of the run (never released)';
  return `${h.holder} held ${JSON.stringify(h.resource)} from step ${h.acquire.step} to ${until}`;
}

/** The hold intervals an acquire/release log describes, in acquire order. */
export function holdIntervals(events: readonly SimEvent[], options: MutualExclusionOptions = {}): HoldInterval[] {
  const acquire = options.acquire ?? 'acquire';
  const release = options.release ?? 'release';
  const resourceOf = options.resource ?? defaultResource;
  const holderOf = options.holder ?? defaultHolder;
  const open = new Map<string, HoldInterval>();
  const out: HoldInterval[] = [];
  for (const e of events) {
    if (e.kind !== acquire && e.kind !== release) continue;
    const resource = resourceOf(e) ?? '(resource)';
    const holder = holderOf(e);
    const k = `${typeof resource}:${resource}\u0000${holder}`;
    if (e.kind === acquire) {
      if (open.has(k)) continue; // re-entrant acquire: the hold goes on
      const h: HoldInterval = { resource, holder, acquire: e, release: undefined };
      open.set(k, h);
      out.push(h);
    } else {
      const h = open.get(k);
      if (!h) throw new PropertyViolation('mutualExclusion', `${holder} released ${JSON.stringify(resource)} without holding it:`, [e]);
      h.release = e;
      open.delete(k);
    }
  }
  return out;
}

/**
 * Mutual exclusion over hold intervals: at no point do two holders hold the same resource. Log
 * `acquire` right after obtaining it and `release` right before giving it up (both inside the
 * critical section). Throws {@link PropertyViolation} naming the two overlapping intervals.
 */
export function mutualExclusion(events: readonly SimEvent[], options: MutualExclusionOptions = {}): void {
  const position = new Map<SimEvent, number>();
  events.forEach((e, i) => position.set(e, i));
  const end = (h: HoldInterval) => (h.release ? position.get(h.release)! : Infinity);
  const current = new Map<string, HoldInterval>();
  for (const h of holdIntervals(events, options)) {
    const k = `${typeof h.resource}:${h.resource}`;
    const prev = current.get(k);
    if (prev && end(prev) > position.get(h.acquire)!) {
      throw new PropertyViolation(
        'mutualExclusion',
        `two holders of ${JSON.stringify(h.resource)} at once: ${show(prev)}; ${show(h)}`,
        [prev.acquire, h.acquire, ...(prev.release ? [prev.release] : []), ...(h.release ? [h.release] : [])].sort((a, b) => position.get(a)! - position.get(b)!),
      );
    }
    if (!prev || end(h) > end(prev)) current.set(k, h);
  }
}


