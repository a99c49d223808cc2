/**
 * interleave as a user gets it: built, packed (`npm pack`), installed with the newest fast-check 4
 * into a fresh CommonJS project (npm init's default) and a fresh ESM one. Driven through `npx
 * interleave` on the user's own scenario — explore finds the race, the printed replay command
 * replays it; the README's code type-checks under `strict` with `node16` and `bundler` resolution in
 * both; a `.mjs` scenario runs without tsx, and a `.ts` one without tsx says what to install.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, shell as shellIn } from './shell.js';

const root = mkdtempSync(join(tmpdir(), 'interleave-user-'));
const cjs = join(root, 'cjs');
const esm = join(root, 'esm');
/** In the CommonJS project unless told otherwise. */
const shell = (command: string, cwd = cjs) => shellIn(command, { cwd });

/** What the user installs beside interleave: the newest fast-check 4, TypeScript, vitest, Node's types. */
const BESIDE = ['fast-check@4.11.0', 'typescript@5.9.3', 'vitest@4.1.12', '@types/node@20.19.43'];

/**
 * The README's TypeScript that uses only interleave, fast-check and vitest, as one module: its blocks
 * in order (a later block uses what an earlier one defined), their imports merged at the top.
 */
function readmeModule(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const usable = blocks.filter((b) => [...b.matchAll(/from '([^']+)'/g)].every((m) => /^(interleave(\/models|\/vitest)?|fast-check)$/.test(m[1]!)));
  const named = new Map<string, Set<string>>();
  const defaults = new Map<string, string>();
  const bodies: string[] = [];
  for (const block of usable) {
    const body: string[] = [];
    for (const line of block.split('\n')) {
      const m = /^import (?:(\w+)|\{([^}]*)\}) from '([^']+)';/.exec(line);
      if (!m) {
        body.push(line);
        continue;
      }
      if (m[1]) defaults.set(m[3]!, m[1]);
      else for (const n of m[2]!.split(',').map((x) => x.trim()).filter(Boolean)) named.set(m[3]!, (named.get(m[3]!) ?? new Set()).add(n));
    }
    bodies.push(body.join('\n'));
  }
  const imports = [...defaults].map(([from, name]) => `import ${name} from '${from}';`);
  imports.push(...[...named].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`));
  expect(bodies.join('\n')).toMatch(/fc\.asyncProperty\(schedule\(\)/);
  expect(bodies.join('\n')).toMatch(/params: fc\.record\(/);
  return `${imports.join('\n')}\n${bodies.join('\n')}\nexport {};\n`;
}

function tsconfig(dir: string, name: string, module: 'node16' | 'esnext', resolution: 'node16' | 'bundler', file: string): string {
  writeFileSync(join(dir, name), JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module, moduleResolution: resolution, noEmit: true, skipLibCheck: false, types: ['node'] }, files: [file] }));
  return name;
}

describe('installed package', () => {
  beforeAll(async () => {
    // Packed from a staging copy built on its own, so the repo's dist/ (which the reviewer test
    // rebuilds meanwhile) is never read half-written.
    const stage = mkdtempSync(join(tmpdir(), 'interleave-pack-'));
    const built = await shellIn(`npx tsc -p tsconfig.build.json --outDir ${join(stage, 'dist')}`);
    expect(built.code, built.stdout).toBe(0);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin']) cpSync(join(repo, f), join(stage, f), { recursive: true });
    const packed = await shellIn(`npm pack --ignore-scripts --pack-destination ${root}`, { cwd: stage });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!);
    for (const [dir, type] of [[cjs, undefined], [esm, 'module']] as const) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, ...(type && { type }) }));
    }
    // Every dependency is in npm's cache after the repo's own install: no download needed.
    const installs = await Promise.all([cjs, esm].map((dir) => shell(`npm install ${tarball} ${BESIDE.join(' ')} --prefer-offline --no-audit --no-fund`, dir)));
    for (const i of installs) expect(i.code, i.stderr).toBe(0);
    writeFileSync(
      join(cjs, 'race.ts'),
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
  }, 300_000);

  it("explores the user's file through npx and replays the printed command", async () => {
    const ex = await shell('npx interleave explore --file race.ts --seed 2 --no-corpus');
    expect(ex.code, ex.stderr).toBe(1);
    const printed = /replay: (npx interleave replay il1\.my-race\.\S+ --file race\.ts)$/m.exec(ex.stdout)![1]!;
    const rp = await shell(printed);
    expect(rp.code, rp.stderr).toBe(1);
    expect(rp.stderr).toMatch(/^reproduced: /m);
    expect(ex.stdout).toContain(rp.stdout.trimEnd());
    const list = await shell('npx interleave list');
    expect(list.stdout).toMatch(/^lost-update\s+demo/m);
    expect((await shell('npx interleave --version')).stdout.trim()).toBe((JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version);
  }, 60_000);

  it('ships a LICENSE and no source maps (they pointed at sources the package does not contain)', async () => {
    const files = (await shell(`tar -tzf ${join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!)}`)).stdout.split('\n');
    expect(files).toContain('package/LICENSE');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\.(test|fixture)\.|\/e2e\/|\/bench\//.test(f))).toEqual([]);
  });

  it('uses the project\'s fast-check: one copy, the newest 4.x', async () => {
    for (const dir of [cjs, esm]) {
      const ls = await shell('npm ls fast-check --all --parseable', dir);
      expect(ls.stdout.trim().split('\n')).toEqual([join(dir, 'node_modules/fast-check')]);
    }
  });

  it("type-checks the README's code under strict, node16 and bundler, in an ESM and a CommonJS project", async () => {
    const code = readmeModule();
    // ESM project: .ts is ESM. CommonJS project: under node16 a .ts file is CommonJS, which cannot
    // import an ESM-only package (TS1479): there the README's code goes in an .mts file.
    writeFileSync(join(esm, 'readme.ts'), code);
    writeFileSync(join(cjs, 'readme.ts'), code);
    writeFileSync(join(cjs, 'readme.mts'), code);
    const checks = [
      [esm, tsconfig(esm, 'tsconfig.node16.json', 'node16', 'node16', 'readme.ts')],
      [esm, tsconfig(esm, 'tsconfig.bundler.json', 'esnext', 'bundler', 'readme.ts')],
      [cjs, tsconfig(cjs, 'tsconfig.node16.json', 'node16', 'node16', 'readme.mts')],
      [cjs, tsconfig(cjs, 'tsconfig.bundler.json', 'esnext', 'bundler', 'readme.ts')],
    ] as const;
    const results = await Promise.all(checks.map(([dir, config]) => shell(`npx tsc -p ${config}`, dir)));
    results.forEach((r, i) => expect(r.code, `${checks[i]!.join('/')}: ${r.stdout}`).toBe(0));
  }, 120_000);

  it('a .mjs scenario runs without tsx; a .ts one without tsx is a one-line error that says what to install', async () => {
    writeFileSync(join(esm, 'race.mjs'), readFileSync(join(cjs, 'race.ts'), 'utf8'));
    rmSync(join(esm, 'node_modules/tsx'), { recursive: true, force: true });
    const js = await shell('npx interleave explore --file race.mjs --seed 2 --no-corpus', esm);
    expect(js.code, js.stderr).toBe(1);
    expect(js.stdout).toMatch(/^✗ my-race: invariant found at schedule/m);
    writeFileSync(join(esm, 'race.ts'), readFileSync(join(cjs, 'race.ts'), 'utf8'));
    const ts = await shell('npx interleave explore --file race.ts --no-corpus', esm);
    expect(ts.code).toBe(2);
    expect(ts.stderr.trim()).toBe('error: --file race.ts: loading TypeScript needs tsx, which is not installed — run `npm install --save-dev tsx`, or compile the module and pass the .js file');
  }, 60_000);
});
