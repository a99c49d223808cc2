/**
 * When two steps conflict, from their footprints (`r:obj`, `w:obj`, `*` for everything): both touch
 * one object and at least one writes it, or either touches everything. DPOR's races and the bounded
 * search's prefix traces both ask it.
 */
import type { Footprint } from '../../sim/choices.js';

export interface Parsed {
  all: boolean;
  /** object → written (true) or only read (false). */
  objs: Map<string, boolean>;
}

export function parse(fp: Footprint): Parsed {
  const objs = new Map<string, boolean>();
  let all = false;
  for (const x of fp) {
    if (x === '*') all = true;
    else {
      const obj = x.slice(2);
      objs.set(obj, (objs.get(obj) ?? false) || x[0] === 'w');
    }
  }
  return { all, objs };
}

/**
 * A step as reduction sees it. An actor's start runs its body's first code, which may read or
 * write state no model declares (a counter, a cache, a flag in a closure): it conflicts with every
 * step, so the order of two starts — and of a start and any step — is never taken as commuting.
 */
export function parseStep(fp: Footprint, actor: number, first: boolean): Parsed {
  return first && fp[0] === `w:actor:${actor}` ? { all: true, objs: new Map() } : parse(fp);
}

export function dependent(a: Parsed, b: Parsed): boolean {
  if (a.all || b.all) return true;
  // No destructured pair: this runs for every earlier step of every step of a bounded proof.
  const small = a.objs.size <= b.objs.size ? a : b;
  const big = small === a ? b : a;
  for (const [obj, w] of small.objs) {
    const v = big.objs.get(obj);
    if (v !== undefined && (w || v)) return true;
  }
  return false;
}
