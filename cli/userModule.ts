/**
 * Loading a user's module (`--file`, `--spec`): JavaScript (`.js`, `.mjs`, `.cjs`) through Node's
 * own `import()`, TypeScript through tsx's programmatic API — the only thing tsx is needed for, so a
 * project of plain JavaScript runs without it, and one of TypeScript runs without a build step.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from '../sim/errors.js';

const JAVASCRIPT = /\.(m|c)?js$/i;
const TYPESCRIPT = /\.(m|c)?tsx?$/i;

/** Whether `path` names a module the CLI can load (by its extension). */
export function isModulePath(path: string): boolean {
  return JAVASCRIPT.test(path) || TYPESCRIPT.test(path);
}

/**
 * Imports the module at the absolute `path`; `shown` is how the user named it (`--file race.ts`). A
 * missing tsx or an unknown extension is a UsageError; an error the module itself throws while
 * loading is passed on for the caller to word.
 */
export async function importUserModule(path: string, shown: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  if (JAVASCRIPT.test(path)) return (await import(url)) as Record<string, unknown>;
  if (!TYPESCRIPT.test(path)) throw new UsageError(`${shown}: not a module (expected .ts, .mts, .cts, .tsx, .js, .mjs or .cjs)`, 'pass the module that exports it');
  let tsx: typeof import('tsx/esm/api');
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    throw new UsageError(`${shown}: loading TypeScript needs tsx, which is not installed`, 'run `npm install --save-dev tsx`, or compile the module and pass the .js file');
  }
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}
