/** A module that awaits explore() of a failing scenario at its top level (explore/topLevelAwait.test.ts). */
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { explore } from './index.js';

const r = await explore(lostUpdate(), { seed: 1, runs: 10, corpus: false });
console.log(`settled: ${r.failure?.kind}`);
