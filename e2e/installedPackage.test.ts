/**
 * interleave as a user gets it: built, packed (`npm pack`), installed into a fresh
 * CommonJS project (npm init's default), driven through `npx interleave` on the user's own
 * TypeScript scenario — explore finds the race, the printed replay command replays it.
 */
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, shell as shellIn } from './shell.js';

const project = mkdtempSync(join(tmpdir(), 'interleave-user-'));
/** In the user's project unless told otherwise. */
const shell = (command: string, cwd = project) => shellIn(command, { cwd });

describe('installed package', () => {
  beforeAll(async () => {
    // Packed from a staging copy built on its own, so the repo's dist/ (which the reviewer test
    // rebuilds meanwhile) is never read half-written.
    const stage = mkdtempSync(join(tmpdir(), 'interleave-pack-'));
    const built = await shellIn(`npx tsc -p tsconfig.build.json --outDir ${join(stage, 'dist')}`);
    expect(built.code, built.stdout).toBe(0);
    for (const f of ['package.json', 'README.md', 'bin']) cpSync(join(repo, f), join(stage, f), { recursive: true });
    const packed = await shell(`npm pack --ignore-scripts --pack-destination ${project}`, stage);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
    // Every dependency is in npm's cache after the repo's own install: no download needed.
    const installed = await shell(`npm install ./${tarball} --prefer-offline --no-audit --no-fund`);
    expect(installed.code, installed.stderr).toBe(0);
    writeFileSync(
      join(project, 'race.ts'),
      `import { defineScenario } from 'interleave';
import { Cell } from 'interleave/models';
export const race = defineScenario({
  name: 'my-race',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    const inc = async () => { const v = await c.get(); await c.set(v + 1); };
    return { c, a: sim.spawn('A', inc), b: sim.spawn('B', inc) };
  },
  invariant({ c, a, b }) { if (a.done && b.done && c.value !== 2) throw new Error('lost update: ' + c.value); },
});
`,
    );
  }, 240_000);

  it("explores the user's file through npx and replays the printed command", async () => {
    const ex = await shell('npx interleave explore --file race.ts --seed 2');
    expect(ex.code, ex.stderr).toBe(1);
    const printed = /replay: (npx interleave replay il1\.my-race\.\S+ --file race\.ts)$/m.exec(ex.stdout)![1]!;
    const rp = await shell(printed);
    expect(rp.code, rp.stderr).toBe(1);
    expect(rp.stderr).toMatch(/^reproduced: /m);
    expect(ex.stdout).toContain(rp.stdout.trimEnd());
    const list = await shell('npx interleave list');
    expect(list.stdout).toMatch(/^lost-update\s+demo/m);
  }, 60_000);
});
