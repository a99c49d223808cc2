/**
 * `npm run bench`: compiles the kit and the benches with tsc (tsconfig.bench.json, into
 * .bench-build/) and runs every `bench/*.bench.ts`, each in its own process (so one bench's heap and
 * JIT state do not skew the next). `npm run bench -- scale` runs the files whose name contains
 * "scale" (case-insensitive). Add a bench by adding a file; nothing to register here.
 *
 * Compiled, not through tsx: tsx's esbuild transform wraps every function and class in a `__name`
 * call (keepNames), which costs the simulation about half its speed — and users run the compiled
 * package. `BENCH_TSX=1` runs the sources through tsx instead (no compile step, slower numbers).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = import.meta.dirname;
const root = join(dir, '..');
const filters = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
const files = all.filter((f) => filters.length === 0 || filters.some((x) => f.toLowerCase().includes(x.toLowerCase()))).sort();
if (files.length === 0) {
  console.error(`error: no bench file matches ${filters.join(' ')} — the files are: ${all.join(', ')}`);
  process.exit(2);
}
const viaTsx = process.env.BENCH_TSX === '1';
if (!viaTsx) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.bench.json')], { stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('error: the bench build failed (tsc -p tsconfig.bench.json); fix the type errors above, or run BENCH_TSX=1 npm run bench to bench the sources through tsx');
    process.exit(2);
  }
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}${viaTsx ? ' (sources through tsx)' : ''} ===`);
  const args = viaTsx ? ['--import', 'tsx', join(dir, f)] : [join(root, '.bench-build', 'bench', f.replace(/\.ts$/, '.js'))];
  const r = spawnSync(process.execPath, ['--expose-gc', ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${f} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
