import fc from 'fast-check';

/** A schedule for hand-written fast-check properties: pass `choices` to `runOnce`. */
export interface Schedule {
  choices: number[];
}

/**
 * The schedule arbitrary — a choice list that fast-check generates and shrinks toward fewer context
 * switches: `fc.asyncProperty(schedule(), async (s) => (await runOnce(sc, s)).ok)`.
 */
export function schedule(): fc.Arbitrary<Schedule> {
  return fc.array(fc.nat()).map(
    (choices) => ({ choices }),
    (v) => {
      if (typeof v !== 'object' || v === null || !Array.isArray((v as Schedule).choices)) throw new Error('not a schedule');
      return (v as Schedule).choices;
    },
  );
}
