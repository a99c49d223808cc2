/** The failure corpus: a found failure is saved; the next campaign replays it first, whatever its seed; a fixed one is seen as fixed. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { defineScenario } from '../sim/scenario.js';
import { allSaved, foundRecord, judgeToken, savedTokens, scenarioFolder } from './corpus.js';
import { explore } from './explore.js';
import { replay } from './replay.js';

/**
 * A counter, the same scenario name before and after the fix: `racy` reads then writes; `fixed`
 * reads then updates atomically (the same two points, so the same schedule fits); `rewritten` only
 * updates (one point: the schedule no longer fits).
 */
function counter(version: 'racy' | 'fixed' | 'rewritten') {
  return defineScenario({
    name: 'corpus-counter',
    setup(sim) {
      const c = new Cell(sim, 'c', 0);
      const inc = async () => {
        if (version === 'rewritten') return void (await c.update((v) => v + 1));
        const v = await c.get();
        if (version === 'fixed') await c.update((x) => x + 1);
        else await c.set(v + 1);
      };
      sim.spawn('A', inc);
      sim.spawn('B', inc);
      return c;
    },
    check(c) {
      if (c.value !== 2) throw new Error(`lost update: ${c.value}`);
    },
  });
}

describe('failure corpus', () => {
  it('saves a failure, replays it first under another seed, and judges it fixed once the code is fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-corpus-'));
    const first = await explore(counter('racy'), { seed: 1, corpus: dir, strategy: 'random' });
    expect(first.failure?.foundBy).toBe('random');
    const saved = savedTokens(dir, 'corpus-counter');
    expect(saved.map((s) => s.token)).toEqual([first.failure!.token]);

    // Another seed: the saved token is replayed before any exploring, and is the failure reported.
    const again = await explore(counter('racy'), { seed: 999, corpus: dir, strategy: 'random' });
    expect(again.failure?.foundBy).toBe('corpus');
    expect(again.failure?.firstFoundAt).toBe(0);
    expect(again.failure?.token).toBe(first.failure!.token);

    // Fixed: the same choices now run clean, and the campaign explores as usual.
    const verdict = await judgeToken(counter('fixed'), first.failure!.token);
    expect(verdict.verdict).toBe('fixed');
    const rewritten = await judgeToken(counter('rewritten'), first.failure!.token);
    expect(rewritten.verdict === 'stale' && rewritten.lenient.ok).toBe(true);
    const fixed = await explore(counter('fixed'), { seed: 2, corpus: dir, runs: 50 });
    expect(fixed.ok).toBe(true);
    expect(readdirSync(scenarioFolder(dir, 'corpus-counter')).sort()).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.token$/)]);
    expect(foundRecord(saved[0]!.file)).toMatchObject({ schema: 1, scenario: 'corpus-counter', firstFoundAt: first.failure!.firstFoundAt, seed: '1', strategy: 'random', foundBy: 'random' });
    expect(allSaved(dir)).toEqual([{ scenario: 'corpus-counter', saved, unreadable: [] }]);
  });

  it('judges fixed a fix that changes no step (plain code between two operations), in replay and the corpus alike', async () => {
    // Two requests; only the newest one's reply may be shown. The fix drops an older reply: the same
    // steps, so the same trace and fingerprint, but the run is clean.
    const staleReply = (fixed: boolean) =>
      defineScenario({
        name: 'corpus-stale-reply',
        setup(sim) {
          const cells = [new Cell(sim, 'a', 'A'), new Cell(sim, 'b', 'B')];
          const ui = { shown: '', seq: 0, latest: '' };
          const fetch = async (cell: Cell<string>) => {
            const mine = ++ui.seq;
            ui.latest = cell.value;
            const v = await cell.get();
            if (fixed && mine !== ui.seq) return;
            ui.shown = v;
          };
          sim.spawn('old', () => fetch(cells[0]!));
          sim.spawn('new', () => fetch(cells[1]!));
          return ui;
        },
        check(ui) {
          if (ui.shown !== ui.latest) throw new Error(`shows ${ui.shown}, the latest request was for ${ui.latest}`);
        },
      });
    const found = await explore(staleReply(false), { seed: 1, corpus: false, strategy: 'dfs', reduction: false });
    const token = found.failure!.token;
    const again = await replay(staleReply(true), token);
    expect([again.verdict, again.ok]).toEqual(['fixed', true]);
    expect((await judgeToken(staleReply(true), token)).verdict).toBe('fixed');
    expect((await replay(staleReply(false), token)).verdict).toBe('reproduced');
  });

  it('is off with corpus: false, and refuses a corpus that is not a path', async () => {
    await expect(explore(counter('racy'), { corpus: 3 as unknown as string })).rejects.toThrow(/corpus must be a directory path or false/);
    const r = await explore(counter('racy'), { seed: 1, corpus: false, strategy: 'random' });
    expect(r.failure?.foundBy).toBe('random');
  });
});
