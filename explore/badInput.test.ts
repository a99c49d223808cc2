import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { transfers } from '../scenarios/demo/transfers.js';
import { explore } from './explore.js';
import type { StrategyName } from './options.js';
import { replay } from './replay.js';
import { defineScenario } from '../sim/scenario.js';
import { encodeToken } from './token.js';

/** Every bad input gets one line that says what happened and what to do next. */
async function message(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  const text = (e as Error).message;
  expect(text).not.toContain('\n');
  return text;
}

describe('bad input', () => {
  const scenario = lostUpdate();

  it('a malformed token', async () => {
    expect(await message(replay(scenario, 'not-a-token'))).toMatch(/malformed replay token.*copy the whole token/);
    expect(await message(replay(scenario, 'il1.lost-update.-.%%%.abc'))).toMatch(/malformed replay token: choices are not base64url/);
    expect(await message(replay(scenario, 'il2.lost-update.-.-.abc'))).toMatch(/version "il2" is not an il1 token/);
  });

  it('a token for another scenario', async () => {
    const r = await explore(scenario, { seed: 1, runs: 100 });
    expect(await message(replay(transfers, r.failure!.token))).toMatch(/this token is for scenario "lost-update", not "transfers" — replay it against "lost-update"/);
  });

  it('a token whose choices no longer fit the scenario', async () => {
    const token = encodeToken({ scenario: 'lost-update', params: undefined, choices: [0, 0, 7], fingerprint: 'abc' });
    expect(await message(replay(scenario, token))).toMatch(/^stale replay: the token's choices no longer fit the code \(replay does not fit: choice #2 is 7 but .* has only 2 options\) — .*run explore again/);
  });

  it('a token recorded against different code', async () => {
    const r = await explore(scenario, { seed: 1, runs: 100 });
    const changed = defineScenario({ ...scenario, setup: (sim) => scenario.setup(sim, undefined), invariant: undefined, name: 'lost-update' });
    const wrapped = defineScenario({
      name: 'lost-update',
      setup(sim) {
        sim.spawn('newcomer', () => sim.yield());
        return changed.setup(sim, undefined);
      },
    });
    // A newcomer actor takes the first choice point: the schedule no longer means what it did.
    const rr = await replay(wrapped, r.failure!.token).catch((e: Error) => e);
    expect(rr instanceof Error ? rr.message : rr.verdict).toMatch(/^stale replay: the token's choices no longer fit|^fixed$/);
    // The same code, but a source of randomness outside the simulation: an error, not a verdict.
    let n = 0;
    const flaky = defineScenario({ name: 'lost-update', setup: (sim) => (n++ % 2 ? sim.spawn('odd', () => sim.yield()) : sim.spawn('even', () => sim.yield())) });
    const token = encodeToken({ scenario: 'lost-update', params: undefined, choices: [], fingerprint: 'x' });
    expect(await message(replay(flaky, token))).toMatch(/^replay is not deterministic: the token's choices gave two different traces .* — something in the run is not under the simulation's control/);
  });

  it('runs: -1, an unknown strategy, and other bad options', async () => {
    expect(await message(explore(scenario, { runs: -1 }))).toBe('explore: runs must be an integer ≥ 1, got -1 — pass runs: 1 or more, or leave it out for the default');
    expect(await message(explore(scenario, { strategy: 'bfs' as StrategyName }))).toBe('explore: unknown strategy "bfs" — use one of: portfolio, random, preempt, pct, pos, rff, dfs, fast-check');
    expect(await message(explore(scenario, { maxSteps: 0 }))).toMatch(/maxSteps must be an integer ≥ 1/);
  });

  it('params that would not survive the JSON of a token: refused at the first draw, not after a long campaign', async () => {
    let runs = 0;
    const dated = defineScenario({
      name: 'dated',
      params: fc.record({ at: fc.date({ noInvalidDate: true }) }),
      setup: () => {
        runs++;
      },
    });
    expect(await message(explore(dated, { strategy: 'random', runs: 1000 }))).toMatch(/scenario "dated": params do not survive a JSON round trip .*use plain objects/);
    expect(runs).toBe(0);
  });

  it('a scenario name that cannot travel in a token', () => {
    expect(() => defineScenario({ name: 'has.dots', setup: () => {} })).toThrow(/invalid name "has.dots" — use letters, digits/);
  });

  it('an async invariant: refused where it is declared, or when it returns a promise', async () => {
    expect(() => defineScenario({ name: 'async-invariant', setup: () => {}, invariant: async () => {} })).toThrow(/invariant is an async function — an invariant runs synchronously after every step.*put async checks in check\(world\)/);
    const sneaky = defineScenario({
      name: 'promise-invariant',
      setup(sim) {
        sim.spawn('a', () => sim.yield());
      },
      invariant: () => Promise.reject(new Error('never awaited')) as unknown as void,
    });
    expect(await message(explore(sneaky, { seed: 1, runs: 10 }))).toMatch(/the invariant returned a promise — an invariant runs synchronously after every step/);
  });
});
