// Run by simTest.test.ts in a child vitest: simTests that fail, so their messages can be checked.
import { simTest } from '../explore/vitest.js';
import { entries } from '../scenarios/demo/index.js';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';

// A scenario made here from a factory: no module exports it, so the vitest command is the replay line.
simTest('lost update is found', lostUpdate(0, 'lost-update-vitest'), { seed: 1, runs: 500 });
// A scenario a module exports (the demo registry's padded lost update): the CLI command replays it too.
simTest('exported lost update is found', entries.find((e) => e.scenario.name === 'lost-update-padded')!.scenario, { seed: 1, runs: 500 });
