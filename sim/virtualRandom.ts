/**
 * The randomness of one run with installed globals (`globals.ts`): `Math.random`,
 * `crypto.randomUUID` and `crypto.getRandomValues` draw from one seeded stream per run (the
 * project's one RNG, seedrandom's Alea), so the same schedule gives the same numbers, ids and bytes.
 * They are not choices: the schedule, not the numbers, is what a campaign explores.
 */
import seedrandom from 'seedrandom';

/** Every run's stream starts from this seed, so a run's numbers depend only on what it draws. */
export const RANDOM_SEED = 'interleave/globals';

export interface RunRandom {
  random(): number;
  randomUUID(): string;
  /** Fills an integer typed array (already checked by the real function) with the run's bytes. */
  fill<T extends ArrayBufferView | null>(array: T): T;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function virtualRandom(): RunRandom {
  const prng = seedrandom.alea(RANDOM_SEED);
  const byte = () => Math.floor(prng() * 256);
  return {
    random: () => prng(),
    randomUUID() {
      const b = Array.from({ length: 16 }, byte);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.map((x) => HEX[x]!);
      return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
    },
    fill(array) {
      if (array === null) return array;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = byte();
      return array;
    },
  };
}
