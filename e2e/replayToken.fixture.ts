/**
 * Replays a token against the bundled registry in a process of its own and prints what a reviewer's
 * machine would see: `node --import tsx e2e/replayToken.fixture.ts <token>`. Used by the determinism tests
 * to prove a token means the same run in a fresh process.
 */
import { bundledScenario } from '../scenarios/registry.js';
import { InterleaveError } from '../sim/errors.js';
import { replay } from '../explore/replay.js';
import { decodeToken } from '../explore/token.js';

const token = process.argv[2] ?? '';
try {
  const entry = bundledScenario(decodeToken(token).scenario);
  if (!entry) throw new InterleaveError(`unknown scenario in token`, 'interleave list names the bundled scenarios');
  const r = await replay(entry.scenario, token);
  console.log(JSON.stringify({ scenario: entry.scenario.name, fingerprint: r.trace.fingerprint, ok: r.ok }));
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(2);
}
