/**
 * Starts one of the CLI's worker threads by its module name (`exploreWorker`, `checkHistoryWorker`).
 * Built, the worker is `<name>.js`. From source (tsx, vitest) it is a .ts file, and Node 20 does not
 * apply `--import tsx` to a worker's entry module, so a one-line bootstrap loads it through tsx's
 * programmatic API instead.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function workerThread(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { eval: true, workerData });
}
