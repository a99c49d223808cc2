/** The bug-finding benchmark's programs (bench/bugFinding.bench.ts), in the order it prints them. */
import { lockPrograms } from './locks.js';
import { orderPrograms } from './orders.js';
import type { BenchProgram } from './program.js';
import { protocolPrograms } from './protocols.js';
import { racePrograms } from './races.js';

export type { BenchProgram } from './program.js';
export const programs: BenchProgram[] = [
  ...racePrograms,
  ...orderPrograms,
  ...lockPrograms,
  ...protocolPrograms,
];
