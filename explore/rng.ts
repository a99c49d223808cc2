import seedrandom from 'seedrandom';

/** A seeded uniform source in [0, 1). Alea: fast, and the same numbers on every platform. */
export type Rng = () => number;

export function makeRng(seed: string): Rng {
  const prng = seedrandom.alea(seed);
  return () => prng();
}

/** A different but reproducible seed for each member of a family (portfolio members, params). */
export function deriveSeed(seed: string, salt: string | number): string {
  return `${seed}/${salt}`;
}
