// Run by simTest.test.ts in a child vitest: simTests that fail, so their messages can be checked.
import { simTest } from '../../explore/vitest.js';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';

// A scenario of the test's own: the CLI cannot find it, so the vitest command is the replay line.
simTest('lost update is found', lostUpdate(0, 'lost-update-vitest'), { seed: 1, runs: 500 });
// A bundled scenario (`interleave list` names it): the CLI command replays it too.
simTest('bundled lost update is found', lostUpdate(), { seed: 1, runs: 500 });
