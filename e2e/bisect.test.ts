/**
 * `git bisect run npx interleave replay <token> --file … --bisect` over a scripted history: good,
 * good, the race comes in, bad. The token found at the bad end is replayed at each commit bisect
 * picks — fixed (exit 0) before the race, reproduced (exit 1) after — and bisect names the commit
 * that brought the race in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, shell } from './shell.js';

/** The user's module at one commit: `inc` is what changes along the history. */
function counterModule(inc: string, note: string): string {
  return `// ${note}
import { defineScenario } from ${JSON.stringify(join(repo, 'sim/scenario.js'))};
import { Cell } from ${JSON.stringify(join(repo, 'models/memory/Cell.js'))};
export const hits = defineScenario({
  name: 'hit-counter',
  setup(sim) {
    const c = new Cell(sim, 'hits', 0);
    const inc = async () => { ${inc} };
    for (const n of ['A', 'B']) sim.spawn(n, inc);
    return c;
  },
  check(c) { if (c.value !== 2) throw new Error('lost hit: ' + c.value); },
});
`;
}

const ATOMIC = 'const seen = await c.get(); void seen; await c.update((v) => v + 1);';
const RACY = 'const seen = await c.get(); await c.set(seen + 1);';

describe('git bisect run with a replay token', () => {
  it('names the commit that introduced the race', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-bisect-'));
    const git = (args: string) => shell(`git -c user.name=t -c user.email=t@example.com ${args}`, { cwd: dir });
    await git('init -q -b main');
    const commits: string[] = [];
    const commit = async (inc: string, message: string) => {
      writeFileSync(join(dir, 'counter.ts'), counterModule(inc, message));
      await git(`add counter.ts`);
      await git(`commit -q -m "${message}"`);
      commits.push((await git('rev-parse HEAD')).stdout.trim());
    };
    await commit(ATOMIC, 'counter with atomic increments');
    await commit(ATOMIC, 'a comment changes: still good');
    await commit(RACY, 'read-then-write increment: the race comes in');
    await commit(RACY, 'later work on top: bad');

    const cli = `${join(repo, 'node_modules/.bin/tsx')} ${join(repo, 'cli/cli.ts')}`;
    const found = await shell(`${cli} explore --file counter.ts --seed 3 --no-corpus`, { cwd: dir });
    expect(found.code).toBe(1);
    const token = /replay (il1\.hit-counter\.\S+)/.exec(found.stdout)![1]!;

    await git(`bisect start ${commits[3]} ${commits[0]}`);
    const bisect = await git(`bisect run ${cli} replay ${token} --file counter.ts --bisect`);
    expect(bisect.code, bisect.stderr).toBe(0);
    expect(bisect.stdout).toContain(`${commits[2]} is the first bad commit`);
    expect(bisect.stdout).toContain('the race comes in');
  }, 120_000);
});
