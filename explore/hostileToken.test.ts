/**
 * Tokens are user input (issue 17): a pasted, edited or corrupted token gets one clear line, before
 * setup runs, never an out-of-memory, a stack overflow or a forged terminal line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { janitorScenario } from '../scenarios/janitor/scenario.js';
import { doubleWake } from '../scenarios/double-wake/doubleWake.js';
import { defineScenario } from '../sim/scenario.js';
import { stableJson } from '../sim/trace.js';
import { isTerminalSafe } from '../reports/sanitise.js';
import { explore } from './explore.js';
import { replay } from './replay.js';
import { decodeToken, encodeToken } from './token.js';

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  const text = (e as Error).message;
  expect(text).not.toMatch(/\n/);
  expect(isTerminalSafe(text)).toBe(true);
  return text;
}

/** A token whose params part is `params` as given (no check), for the scenario named. */
function forged(scenario: string, params: unknown, choices: number[] = [0, 0, 0]): string {
  return `il1.${scenario}.${Buffer.from(JSON.stringify(params)).toString('base64url')}.${choices.length ? Buffer.from(choices).toString('base64url') : '-'}.abc`;
}

let setups = 0;
const counted = defineScenario({
  name: 'counted',
  params: fc.record({ actors: fc.integer({ min: 1, max: 3 }) }),
  setup(sim, p) {
    setups++;
    for (let i = 0; i < p.actors; i++) sim.spawn(`a${i}`, () => sim.yield());
  },
});

describe('hostile tokens', () => {
  it('params the arbitrary cannot make are refused before setup runs (janitors: 1000000 was 4.3 GB)', async () => {
    const janitor = janitorScenario('before', 'one-holder');
    const big = forged(janitor.name, { runs: 1, janitors: 1_000_000, signals: 0, kills: 0, parentDeaths: 0, orphan: false, timed: false });
    expect(await refusal(replay(janitor, big))).toMatch(/^params do not fit this scenario: .*params arbitrary cannot make \{"runs":1,"janitors":1000000/);
    const wake = doubleWake('before', ['exactly-once']);
    expect(await refusal(replay(wake, forged(wake.name, { calls: 100_000, oldPrevious: false, stall: null, kill: null })))).toMatch(/^params do not fit this scenario/);
    setups = 0;
    expect(await refusal(replay(counted, forged('counted', { actors: 50_000 })))).toMatch(/^params do not fit this scenario/);
    expect(await refusal(replay(counted, forged('counted', 'x')))).toMatch(/^params do not fit this scenario: .*cannot make "x"/);
    expect(await refusal(replay(counted, forged('counted', { actors: 1, extra: 1 })))).toMatch(/^params do not fit this scenario/);
    expect(setups).toBe(0);
  });

  it('a scenario without params takes none; params explore pins are held to the same rule', async () => {
    const plain = defineScenario({ name: 'plain', setup: (sim) => void sim.spawn('a', () => sim.yield()) });
    expect(await refusal(replay(plain, forged('plain', 'x')))).toMatch(/^params do not fit this scenario: the token carries params, and "plain" takes none/);
    expect(await refusal(explore(counted, { params: { actors: 9 }, runs: 1 }))).toMatch(/^params do not fit this scenario: .*cannot make \{"actors":9\} — pin params the scenario's params arbitrary can make/);
  });

  it('params are covered by the fingerprint: the same trace with other params is not "reproduced"', async () => {
    const ignoresParams = defineScenario({
      name: 'ignores-params',
      params: fc.integer({ min: 0, max: 5 }),
      setup(sim) {
        sim.spawn('a', async () => {
          await sim.yield();
          throw new Error('always');
        });
      },
    });
    const r = await explore(ignoresParams, { seed: 1, runs: 10 });
    const t = decodeToken(r.failure!.token);
    expect((await replay(ignoresParams, r.failure!.token)).verdict).toBe('reproduced');
    const other = encodeToken({ ...t, params: ((t.params as number) + 1) % 6 });
    expect((await replay(ignoresParams, other)).verdict).toBe('diverged');
  });

  it('params nested 3,000 deep are a malformed token, not a stack overflow', async () => {
    const deep = JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as unknown;
    expect(await refusal(replay(counted, forged('counted', deep)))).toMatch(/^malformed replay token: its params part is nested 3000 deep, more than the 64/);
    // And anything that shows such a value stops at a fixed depth instead of overflowing the stack.
    expect(stableJson(deep)).toContain('<nested too deep>');
  });

  it('a token too long to be one, and oversized or unknown settings, are malformed', async () => {
    expect(await refusal(replay(counted, `il1.counted.-.${'A'.repeat(200_000)}.abc`))).toMatch(/^malformed replay token: 200,\d{3} characters, more than the 131,072/);
    const settings = (s: unknown) => `il1.counted.-.-.abc.${Buffer.from(JSON.stringify(s)).toString('base64url')}`;
    expect(await refusal(replay(counted, settings({ maxSteps: 1e15 })))).toMatch(/settings part is not valid/);
    expect(await refusal(replay(counted, settings({ leakCheck: 'yes' })))).toMatch(/settings part is not valid/);
    expect(await refusal(replay(counted, settings({ evil: 1 })))).toMatch(/settings part is not valid/);
  });

  it('token text echoed in an error is escaped: \\e[2K\\r cannot erase the line and forge another', async () => {
    for (const token of ['\u001b[2K\rerror: none; replay OK', `il1.\u001b[2K\rerror: none; replay OK.-.-.abc`, `il1.counted\u2028x.-.-.abc`, `\u009b2K`]) {
      const text = await refusal(replay(counted, token));
      expect(text).toMatch(/^malformed replay token/);
    }
    expect(await refusal(replay(counted, '\u001b[2K\rforged'))).toContain('\\x1b[2K\\rforged');
  });

  it('explore(undefined) — a stray default export — is refused, not minted into "il1..-.-…"', async () => {
    expect(await refusal(explore(undefined as never))).toMatch(/^explore needs a scenario made with defineScenario, got undefined/);
    expect(() => encodeToken({ scenario: '', params: undefined, choices: [], fingerprint: 'a' })).toThrow(/not a scenario name/);
  });
});
