import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { transfers } from '../scenarios/demo/transfers.js';
import { explore } from '../explore/explore.js';
import { replay } from '../explore/replay.js';
import { runOnce } from '../explore/runOnce.js';
import { runChoices } from './execute.js';
import { encodeToken } from '../explore/token.js';

describe('determinism: same scenario + same choices ⇒ the same trace', () => {
  it('gives identical fingerprints when each of 1,000 random schedules of a 4-actor scenario runs twice', async () => {
    const fingerprints = new Set<string>();
    for (let seed = 0; seed < 1000; seed++) {
      const first = await runOnce(transfers, { seed });
      expect(first.ok, first.failure?.message).toBe(true);
      const again = await runOnce(transfers, { seed });
      expect(again.trace.fingerprint).toBe(first.trace.fingerprint);
      // Replaying the recorded choices strictly is the same run too.
      const replayed = await runChoices(transfers, undefined, first.choices, {}, true);
      expect(replayed.trace.fingerprint).toBe(first.trace.fingerprint);
      fingerprints.add(first.trace.fingerprint);
    }
    // The seeds really explored different schedules (not one schedule a thousand times).
    expect(fingerprints.size).toBeGreaterThan(900);
  });

  it('replays a token to the identical trace in this process and in a fresh node process', async () => {
    const r = await runOnce(transfers, { seed: 7 });
    const token = encodeToken({ scenario: transfers.name, params: undefined, choices: r.choices, fingerprint: r.trace.fingerprint });
    expect((await replay(transfers, token)).trace.fingerprint).toBe(r.trace.fingerprint);
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'e2e/replayToken.fixture.ts', token], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ scenario: 'transfers', fingerprint: r.trace.fingerprint, ok: true });
  });

  it('passes the self-check that runs every explored schedule twice', async () => {
    const r = await explore(transfers, { seed: 11, runs: 200, selfCheck: true });
    expect(r.ok).toBe(true);
  });

  it('reports nondeterminism when a run reads something outside the simulation', async () => {
    let calls = 0;
    const { defineScenario } = await import('./scenario.js');
    const leaky = defineScenario({
      name: 'leaky',
      setup(sim) {
        const n = calls++; // state kept between runs: the classic leak
        sim.spawn('a', async () => {
          for (let i = 0; i <= n % 2; i++) await sim.yield();
        });
      },
    });
    const r = await explore(leaky, { seed: 1, runs: 10, selfCheck: true });
    expect(r.failure?.kind).toBe('nondeterminism');
    expect(r.failure?.message).toMatch(/same choices gave two different runs \(fingerprint \w+, then \w+\)/);
  });

  it('reports nondeterminism, not a thrown stale replay, when the re-run offers fewer options than the run', async () => {
    let calls = 0;
    const { defineScenario } = await import('./scenario.js');
    const shrinking = defineScenario({
      name: 'shrinking',
      setup(sim) {
        // Each run has one actor fewer than the last: a re-run cannot take the same switches.
        const n = Math.max(2, 8 - calls++);
        for (let a = 0; a < n; a++) sim.spawn(`a${a}`, () => sim.yield());
      },
    });
    const r = await explore(shrinking, { seed: 2, runs: 20, selfCheck: true, strategy: 'random', corpus: false });
    expect(r.failure?.kind).toBe('nondeterminism');
    expect(r.failure?.message).toMatch(/same choices gave two different runs \(fingerprint \w+, then a run the same choices no longer fit \(replay does not fit: .*\)\)/);
  });
});
