/**
 * The failure database as a maintainer meets it: a simTest that fails with seed A saves its failure;
 * run with seed B, the saved failure is replayed first (the race is not lost to the new seed); once
 * the code is fixed the test is green, `corpus prune` reports the saved token fixed and removes it.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shell } from './shell.js';

const CONFIG = '--config e2e/vitest.fixture.config.ts --color=false';

async function run(command: string, env: Record<string, string>) {
  const r = await shell(command, { env: { INTERLEAVE_REPLAY: '', NO_COLOR: '1', FIXTURE: 'e2e/corpus.fixture.ts', ...env } });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

describe('failure database', () => {
  it('seed A finds and saves; seed B replays it first; fixed, it is pruned', async () => {
    const db = mkdtempSync(join(tmpdir(), 'interleave-db-'));
    const env = { INTERLEAVE_CORPUS: db };
    const a = await run(`npx vitest run ${CONFIG}`, { ...env, COUNTER_SEED: '11' });
    expect(a.code, a.output).toBe(1);
    expect(a.output).toMatch(/check in scenario "db-counter" \(seed 11, schedule \d+ of \d+, found by random\)/);
    const token = /(il1\.db-counter\.\S+)/.exec(a.output)![1]!;
    const [folder] = readdirSync(db);
    expect(readdirSync(join(db, folder!)).filter((f) => f.endsWith('.token'))).toHaveLength(1);

    const b = await run(`npx vitest run ${CONFIG}`, { ...env, COUNTER_SEED: '12' });
    expect(b.code).toBe(1);
    expect(b.output).toMatch(/in scenario "db-counter" \(seed 12, schedule 0 of 0, found by corpus\)/);
    expect(b.output).toContain(token);

    const listed = await shell(`npx tsx cli/cli.ts corpus list --dir ${db}`);
    expect(listed.stdout).toMatch(/^db-counter: 1 saved failure$/m);
    expect(listed.stdout).toMatch(/check at schedule \d+ \(random, seed 11\)/);

    const fixed = await run(`npx vitest run ${CONFIG}`, { ...env, COUNTER_SEED: '12', COUNTER_FIXED: '1' });
    expect(fixed.code, fixed.output).toBe(0);
    const pruned = await shell(`npx tsx cli/cli.ts corpus prune --dir ${db} --file e2e/corpusCounter.fixture.ts`, { env: { COUNTER_FIXED: '1' } });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/^ {2}fixed {4}db-counter \S+\.token: the schedule now runs clean — removed$/m);
    expect(pruned.stdout).toMatch(/0 still failing, removed 1 \(/);
    expect(readdirSync(join(db, folder!))).toEqual([]);
  }, 120_000);
});
