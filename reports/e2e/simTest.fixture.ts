// Run by simTest.test.ts in a child vitest: a simTest that fails, so its message can be checked.
import { simTest } from '../../sim/vitest.js';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';

simTest('lost update is found', lostUpdate(0, 'lost-update-vitest'), { seed: 1, runs: 500 });
