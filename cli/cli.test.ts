import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from './inProcess.fixture.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');

/** The NDJSON events of `--json`, one per line. */
function events(out: string): Record<string, unknown>[] {
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A user's scenario module outside the repo, importing the kit by absolute path. */
function userFile(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `import { defineScenario } from ${JSON.stringify(join(repo, 'sim/scenario.js'))};
import { Cell } from ${JSON.stringify(join(repo, 'models/memory/Cell.js'))};
${body}\n`,
  );
  return path;
}

const counter = (step: number) => `export const race = defineScenario({
  name: 'user-counter',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    const inc = async () => { const v = await c.get(); await c.set(v + ${step}); };
    return { c, a: sim.spawn('A', inc), b: sim.spawn('B', inc) };
  },
  invariant({ c, a, b }) { if (a.done && b.done && c.value !== ${2 * step}) throw new Error('lost update: ' + c.value); },
});`;

describe('interleave CLI', () => {
  it('explore <name> exits 1 with the timeline and a replay command that reproduces the same rendering', async () => {
    const ex = await cli('explore', 'lost-update', '--seed', '4', '--runs', '500');
    expect(ex.code).toBe(1);
    const token = /npx interleave replay (\S+)/.exec(ex.out)![1]!;
    const rp = await cli('replay', token);
    expect(rp.code).toBe(1);
    expect(rp.err).toMatch(/^reproduced: the recorded .* failure of "lost-update", step for step \(\d+ steps\)$/);
    expect(ex.out).toContain(rp.out);
    const json = JSON.parse((await cli('replay', token, '--format', 'json')).out);
    expect(json.token).toBe(token);
  });

  it('the summary names the seed only where it chose something: not for dfs on a scenario without params', async () => {
    const dfs = await cli('explore', 'lost-update', '--strategy', 'dfs', '--seed', '7', '--no-corpus');
    expect(dfs.out).toMatch(/lost-update: invariant found at schedule \d+ \(\d+ schedules, dfs, [\d.]+ s, by dfs\)/);
    const random = await cli('explore', 'lost-update', '--strategy', 'random', '--seed', '7', '--no-corpus');
    expect(random.out).toMatch(/\(\d+ schedules, random, seed 7, /);
  });

  it('--json is NDJSON: progress, failure and summary events with a schema version; the same fields for bundled and --file scenarios', async () => {
    const r = await cli('explore', 'transfers', '--runs', '50', '--seed', '1', '--json');
    expect(r.code).toBe(0);
    const clean = events(r.out);
    expect(clean.map((e) => e.type)).toEqual(['progress', 'summary']);
    expect(clean.every((e) => e.schema === 1)).toBe(true);
    expect(clean[0]).toEqual({ schema: 1, type: 'progress', scenario: 'transfers', schedules: 50, runs: 50 });
    expect(clean[1]).toMatchObject({ ok: true, results: [{ scenario: 'transfers', ok: true, schedules: 50, case: 'demo', token: null }] });

    const bundled = events((await cli('explore', 'lost-update', '--seed', '4', '--runs', '500', '--json')).out);
    const dir = mkdtempSync(join(tmpdir(), 'interleave-json-'));
    const own = events((await cli('explore', '--file', userFile(dir, 'mine.ts', counter(1)), '--seed', '1', '--runs', '200', '--json')).out);
    for (const list of [bundled, own]) expect(list.map((e) => e.type)).toEqual(['progress', 'failure', 'summary']);
    const keys = (e: Record<string, unknown>) => Object.keys(e).sort();
    expect(keys(own[1]!)).toEqual(keys(bundled[1]!));
    expect(keys((own[2]!.results as Record<string, unknown>[])[0]!)).toEqual(keys((bundled[2]!.results as Record<string, unknown>[])[0]!));
    expect(own[1]).toMatchObject({ scenario: 'user-counter', case: null, kind: 'invariant', token: expect.stringMatching(/^il1\.user-counter\./) });
    expect(Object.values(bundled[1]!)).not.toContain(undefined);
  });

  it('--json\'s summary carries dfs\'s proof, and says when it commuted steps on different models; --no-reduction proves without that', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-proof-'));
    const file = userFile(
      dir,
      'apart.ts',
      `export const apart = defineScenario({
  name: 'user-apart',
  setup(sim) {
    const x = new Cell(sim, 'x', 0);
    const y = new Cell(sim, 'y', 0);
    sim.spawn('A', async () => { await x.set(1); });
    sim.spawn('B', async () => { await y.set(1); });
  },
});`,
    );
    const summary = async (...extra: string[]) => {
      const r = await cli('explore', '--file', file, '--strategy', 'dfs', '--no-corpus', '--json', ...extra);
      expect(r.code).toBe(0);
      return (events(r.out).at(-1)!.results as Record<string, unknown>[])[0]!.exhausted;
    };
    expect(await summary()).toEqual({ schedules: 1, bound: null, complete: true, commutes: 'models' });
    expect(await summary('--no-reduction')).toEqual({ schedules: 6, bound: null, complete: true, commutes: null });
    const text = await cli('explore', '--file', file, '--strategy', 'dfs', '--no-corpus');
    expect(text.out).toContain('up to the order of steps on different models');
  });

  it('--workers 2 and --shard i/n run exactly the single-process campaign', async () => {
    const args = ['explore', 'lost-update-padded', '--strategy', 'random', '--seed', '5', '--runs', '300', '--json'];
    const failureOf = (out: string) => events(out).find((e) => e.type === 'failure') as { firstFoundAt: number; token: string };
    const one = failureOf((await cli(...args)).out);
    const two = failureOf((await cli(...args, '--workers', '2')).out);
    expect(two.firstFoundAt).toBe(one.firstFoundAt);
    expect(two.token).toBe(one.token);
    const shards = await Promise.all([1, 2, 3].map(async (i) => failureOf((await cli(...args, '--shard', `${i}/3`)).out)));
    const first = shards.filter((s) => s).sort((a, b) => a.firstFoundAt - b.firstFoundAt)[0]!;
    expect(first.token).toBe(one.token);
    const summaryOf = (out: string) => events(out).at(-1) as { results: { schedules: number }[] };
    const clean = await Promise.all([1, 2, 3].map(async (i) => summaryOf((await cli('explore', 'transfers', '--strategy', 'pct', '--seed', '2', '--runs', '60', '--json', '--shard', `${i}/3`)).out).results[0]!.schedules));
    expect(clean).toEqual([20, 20, 20]);
  });

  it('replay tells reproduced (1), still failing on another trace (1), fixed (0), stale (2) and malformed (2) apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
    const v1 = userFile(dir, 'v1.ts', counter(1));
    const ex = await cli('explore', '--file', v1, '--seed', '1', '--runs', '200');
    expect(ex.code).toBe(1);
    const command = /(npx interleave replay \S+ --file \S+)/.exec(ex.out)![1]!;
    expect(command).toContain(`--file ${v1}`);
    const token = command.split(' ')[3]!;
    const same = await cli('replay', token, '--file', v1);
    expect([same.code, same.err]).toEqual([1, expect.stringMatching(/^reproduced: /)]);
    // Other values, the same race: the schedule fits and fails, on another trace.
    const v2 = userFile(dir, 'v2.ts', counter(2));
    const changed = await cli('replay', token, '--file', v2);
    expect([changed.code, changed.err]).toEqual([1, expect.stringMatching(/^still failing: .* on another trace than recorded/)]);
    // The fix keeps the two points (read, then an atomic update): the same schedule runs clean.
    const fixedFile = userFile(dir, 'fixed.ts', counter(1).replace('await c.set(v + 1)', 'void v; await c.update((x) => x + 1)'));
    const fixed = await cli('replay', token, '--file', fixedFile);
    expect([fixed.code, fixed.out, fixed.err]).toEqual([0, expect.stringMatching(/^fixed: the token's schedule now runs clean \(\d+ steps\) — the failure it recorded no longer happens$/), '']);
    // One point per actor: the token's choices no longer fit.
    const reshaped = userFile(dir, 'reshaped.ts', counter(1).replace('const v = await c.get(); await c.set(v + 1);', 'await c.update((x) => x + 1);'));
    const stale = await cli('replay', token, '--file', reshaped);
    expect([stale.code, stale.err]).toEqual([2, expect.stringMatching(/^error: stale replay: the token's choices no longer fit the code \(.*\) — .*run explore again/)]);
    const malformed = await cli('replay', 'il1.user-counter.-.not*base64.abc', '--file', v1);
    expect([malformed.code, malformed.err]).toEqual([2, expect.stringMatching(/^error: malformed replay token: /)]);
    // Under --bisect: stale is git's skip (125), a missing scenario too, a malformed token stops it (128).
    expect((await cli('replay', token, '--file', reshaped, '--bisect')).code).toBe(125);
    expect((await cli('replay', token, '--file', join(dir, 'nowhere.ts'), '--bisect')).code).toBe(125);
    expect((await cli('replay', 'il1.garbage', '--bisect')).code).toBe(128);
    expect((await cli('replay', token, '--file', fixedFile, '--bisect')).code).toBe(0);
    expect((await cli('replay', token, '--file', v1, '--bisect')).code).toBe(1);
  });

  it.each([
    [['explore', 'no-such-race'], /^error: unknown scenario "no-such-race" .* — .*interleave list/],
    [['explore', 'janitor:before:no-orphan'], /^error: unknown scenario "janitor:before:no-orphan" .* — did you mean janitor-before-no-orphan-runner\? run `interleave list`/],
    [['explore', 'lostupdate'], /— did you mean lost-update\? run/],
    [['replay', 'il1.lost-update.garbage'], /^error: malformed replay token: .* — copy the whole token/],
    [['replay', 'il1.nobody.-.AAAB.abc'], /^error: the token is for scenario "nobody", which is not a bundled scenario — pass --file/],
    [['explore', 'lost-update', '--shard', '5/4'], /^error: --shard 5\/4: shard 5 of 4 does not exist — use --shard i\/4/],
    [['explore', 'lost-update', '--strategy', 'dfs', '--shard', '1/2'], /^error: explore: strategy "dfs" cannot be sharded.* — use --strategy/],
    [['explore', '--runs', 'many'], /^error: --runs many: expected a whole number/],
    [['replay', 'x', '--format', 'pdf'], /^error: --format pdf: unknown format — use one of: text, md, html, json/],
    [['explore', '--frobnicate'], /^error: unknown option '--frobnicate' — run `interleave --help`/],
  ])('bad input %j: one line with the next step, exit 2', async (argv, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('a --file that exports no scenario is a one-line error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
    const path = join(dir, 'empty.ts');
    writeFileSync(path, 'export const answer: number = 42;\n');
    const r = await cli('explore', '--file', path);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --file .*empty\.ts exports no scenario — export one made with defineScenario/);
  });

  it('a --file that Node runs as CommonJS finds its `export default`, and a top-level await in one gets the fix', async () => {
    // No package.json above a temporary folder: a .ts there is CommonJS, compiled from ESM syntax,
    // and an import sees `{ default: { default: scenario } }`.
    const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
    const path = userFile(dir, 'race.ts', counter(1).replace('export const race =', 'export default'));
    const r = await cli('explore', '--file', path, '--no-corpus');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/user-counter: invariant found at schedule/);
    const tla = userFile(dir, 'tla.cts', `await Promise.resolve();\n${counter(1)}`);
    const bad = await cli('explore', '--file', tla);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --file .*tla\.cts: the module failed to load \(Transform failed with 1 error: .*Top-level await .*\) — this file runs as CommonJS, .*rename it to \.mts/);
  });

  it('as a real process: a --file that is a vitest test file says to move the scenario into a module of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
    const path = join(dir, 'race.test.mts');
    writeFileSync(path, `import { simTest } from ${JSON.stringify(join(repo, 'explore/vitest.js'))};\nimport { lostUpdate } from ${JSON.stringify(join(repo, 'scenarios/demo/lostUpdate.js'))};\nsimTest('race', lostUpdate());\n`);
    const bad = await run(join(repo, 'node_modules/.bin/tsx'), ['cli/cli.ts', 'list', '--file', path], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr.trim()).toMatch(/^error: --file .*race\.test\.mts: a vitest test file does not load outside vitest \(.*\) — move the scenario into a module of its own, export it[^\n]*$/);
  });

  it('as a real process: list names the bundled scenarios; bad input is exit 2 on stderr, no stack trace', async () => {
    const tsx = join(repo, 'node_modules/.bin/tsx');
    const list = await run(tsx, ['cli/cli.ts', 'list'], { cwd: repo });
    expect(list.stdout).toMatch(/lost-update\s+demo/);
    const bad = await run(tsx, ['cli/cli.ts', 'replay', 'not-a-token'], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr.trim()).toMatch(/^error: malformed replay token: [^\n]*$/);
  });
});
