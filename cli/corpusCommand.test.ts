/** `interleave corpus list|prune|merge` in-process, over a corpus a user's explore saved, with the hostile files a corpus may hold. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioFolder } from '../explore/corpus.js';
import { cli } from './inProcess.fixture.js';

const repo = join(import.meta.dirname, '..');

function counterFile(dir: string, name: string, write: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `import { defineScenario } from ${JSON.stringify(join(repo, 'sim/scenario.js'))};
import { Cell } from ${JSON.stringify(join(repo, 'models/memory/Cell.js'))};
export const race = defineScenario({
  name: 'corpus-cli-counter',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    const inc = async () => { const v = await c.get(); ${write} };
    return { c, a: sim.spawn('A', inc), b: sim.spawn('B', inc) };
  },
  invariant({ c, a, b }) { if (a.done && b.done && c.value !== 2) throw new Error('lost update: ' + c.value); },
});
`,
  );
  return path;
}

describe('interleave corpus', () => {
  it('explore saves, the next explore replays it first, list names it, prune keeps it while it fails and removes it once fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-corpus-cli-'));
    const db = join(dir, 'db');
    const racy = counterFile(dir, 'racy.ts', 'await c.set(v + 1);');
    const fixed = counterFile(dir, 'fixed.ts', 'void v; await c.update((x) => x + 1);');
    const first = await cli('explore', '--file', racy, '--seed', '1', '--runs', '200', '--corpus', db);
    expect(first.code).toBe(1);
    const again = await cli('explore', '--file', racy, '--seed', '2', '--runs', '200', '--corpus', db);
    expect(again.out).toMatch(/^✗ corpus-cli-counter: invariant replayed from the corpus, a saved failure that still fails \(0 schedules/m);
    const off = await cli('explore', '--file', racy, '--seed', '2', '--runs', '200', '--corpus', db, '--no-corpus');
    expect(off.out).toMatch(/^✗ corpus-cli-counter: invariant found at schedule [1-9]/m);

    const list = await cli('corpus', 'list', '--dir', db);
    expect(list.out).toMatch(/^corpus-cli-counter: 1 saved failure\n {2}\S+\.token {2}invariant at schedule \d+ \(portfolio, seed 1\)$/m);
    const json = (await cli('corpus', 'list', '--dir', db, '--json')).out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toEqual([expect.objectContaining({ schema: 1, type: 'saved', scenario: 'corpus-cli-counter', found: expect.objectContaining({ seed: '1' }) })]);

    const kept = await cli('corpus', 'prune', '--dir', db, '--file', racy);
    expect([kept.code, kept.out]).toEqual([1, expect.stringMatching(/fails {4}corpus-cli-counter \S+: reproduced — kept\n1 still failing, removed 0/)]);
    const dry = await cli('corpus', 'prune', '--dir', db, '--file', fixed, '--dry-run');
    expect(dry.out).toMatch(/0 still failing, would remove 1/);
    const gone = await cli('corpus', 'prune', '--dir', db, '--file', fixed);
    expect([gone.code, gone.out]).toEqual([0, expect.stringMatching(/fixed {4}corpus-cli-counter \S+: the schedule now runs clean — removed\n0 still failing, removed 1/)]);
    expect(readdirSync(scenarioFolder(db, 'corpus-cli-counter'))).toEqual([]);
  });

  it('a corpus with hostile files: unreadable and oversized files are skipped by explore and removed by prune; names print without control characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-corpus-bad-'));
    const folder = scenarioFolder(dir, 'lost-update');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'garbage.token'), 'not a token\u001b[2J');
    writeFileSync(join(folder, 'huge.token'), 'x'.repeat(300 * 1024));
    const list = await cli('corpus', 'list', '--dir', dir);
    expect(list.out).toMatch(/0 saved failures, 2 unreadable \(corpus prune removes them\)/);
    expect(list.out).not.toContain('\u001b');
    const pruned = await cli('corpus', 'prune', '--dir', dir);
    expect(pruned.out).toMatch(/removed 2/);
    expect(existsSync(join(folder, 'huge.token'))).toBe(false);
    const merged = await cli('corpus', 'merge', join(dir, 'nowhere'));
    expect([merged.code, merged.err]).toEqual([2, expect.stringMatching(/^error: corpus merge: .*nowhere is not a directory — pass the corpus directories/)]);
  });
});
