/**
 * Loading a user's module (`--file`, `--spec`): JavaScript (`.js`, `.mjs`, `.cjs`) through Node's
 * own `import()`, TypeScript through tsx's programmatic API — the only thing tsx is needed for, so a
 * project of plain JavaScript runs without it, and one of TypeScript runs without a build step.
 *
 * TypeScript that Node runs as CommonJS (`.cts`, or `.ts` in a package without `"type": "module"`)
 * is compiled from ESM syntax, and an import of it hands over `module.exports` as the default: its
 * own `export default` is one level down, and is given back in ESM's shape.
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
  if (JAVASCRIPT.test(path)) return fromNamespace((await import(url)) as Record<string, unknown>);
  if (!TYPESCRIPT.test(path)) throw new UsageError(`${shown}: not a module (expected .ts, .mts, .cts, .tsx, .js, .mjs or .cjs)`, 'pass the module that exports it');
  let tsx: typeof import('tsx/esm/api');
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    throw new UsageError(`${shown}: loading TypeScript needs tsx, which is not installed`, 'run `npm install --save-dev tsx`, or compile the module and pass the .js file');
  }
  return fromNamespace((await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>);
}

type CommonJsExports = { __esModule?: unknown; default?: unknown } & Record<string, unknown>;

/** A namespace whose default is a CommonJS module compiled from ESM syntax gets that module's own default. */
function fromNamespace(ns: Record<string, unknown>): Record<string, unknown> {
  const cjs = ns.default as CommonJsExports | null | undefined;
  if (typeof cjs !== 'object' || cjs === null || cjs.__esModule !== true) return ns;
  return { ...cjs, ...ns, default: cjs.default };
}

/**
 * Why a user's module did not load, in one line: the error's first line, and the next one when the
 * first only introduces it (esbuild's "Transform failed with 1 error:").
 */
export function whyNotLoaded(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n');
  const first = lines[0]!.trim();
  const next = lines[1]?.trim();
  return first.endsWith(':') && next ? `${first} ${next}` : first;
}

/** What to do about it: a top-level await in a file Node runs as CommonJS has a fix of its own. */
export function loadHint(why: string): string {
  if (/top-level await .*"cjs" output format/i.test(why)) return 'this file runs as CommonJS, where top-level await is not allowed: rename it to .mts, or add "type": "module" to its package.json';
  return 'fix the error, or check it with `npx tsx <file>`';
}

