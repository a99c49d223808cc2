/**
 * A user's module that imports lazily (`await import('./x.ts')` inside an actor), run through the CLI
 * in a fresh process. Under tsx every dynamic import asks tsx's loader thread for the module: real
 * work the scheduler does not control, so the run reports it — naming the import and the fix, not
 * "a worker thread or message port" — and the fix (a static import) runs clean.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo, shell } from './shell.js';

const scenario = (lazy: boolean) => `import { defineScenario } from ${JSON.stringify(join(repo, 'sim/scenario.ts'))};
import { Cell } from ${JSON.stringify(join(repo, 'models/memory/Cell.ts'))};
${lazy ? '' : "import { price } from './prices.ts';"}
export const checkout = defineScenario({
  name: 'lazy-checkout',
  setup(sim) {
    const total = new Cell(sim, 'total', 0);
    sim.spawn('a', async () => {
      await total.set(1);
      ${lazy ? "const { price } = await import('./prices.ts');" : ''}
      await total.set(price(2));
    });
    return total;
  },
});
`;

describe('a dynamic import inside an actor', () => {
  it('is reported as the import it is, with the fix; the static import runs clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-import-'));
    writeFileSync(join(dir, 'prices.ts'), 'export const price = (n: number) => n * 2;\n');
    writeFileSync(join(dir, 'lazy.mts'), scenario(true));
    writeFileSync(join(dir, 'eager.mts'), scenario(false));
    const lazy = await shell(`npx tsx cli/cli.ts explore --file ${join(dir, 'lazy.mts')} --runs 20 --no-corpus`);
    expect(lazy.code).toBe(1);
    expect(lazy.stdout.replace(/\s+/g, ' ')).toMatch(/actor "a" escaped the simulation after its scheduling point "total.set" \(step 1\): it started a dynamic import\(\), which asks the module loader's thread \(tsx's\) for the module \(MODULEIMPORT\), whose completion the scheduler does not control\. Import the module statically at the top of the file/);
    const eager = await shell(`npx tsx cli/cli.ts explore --file ${join(dir, 'eager.mts')} --runs 20 --no-corpus`);
    expect([eager.code, eager.stdout]).toEqual([0, expect.stringMatching(/^✓ lazy-checkout: no failure in 20 schedules/)]);
  }, 120_000);
});
