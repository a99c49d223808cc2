/** fast-check's shrinker for arrays of naturals over the choice list: toward zeros and shorter lists. */
import fc from 'fast-check';
import type { Phase, Shrinker } from './shrinker.js';
import { trimZeros } from './size.js';

const choicesArb = fc.array(fc.nat());

export function choiceList<W, P>(sh: Shrinker<W, P>): Phase {
  return async () => {
    for (const candidate of choicesArb.shrink(trimZeros(sh.best.choices), undefined)) {
      if (sh.spent) return false;
      if (sh.accept(await sh.runChoices(candidate.value))) return true;
    }
    return false;
  };
}
