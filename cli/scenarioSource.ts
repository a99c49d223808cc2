/**
 * Where the CLI finds scenarios: the bundled registry by name, or the scenarios a user's module
 * exports (`--file path`, see userModule.ts). Every miss is a UsageError that says what to do next.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../sim/errors.js';
import { type Scenario, scenariosOf } from '../sim/scenario.js';
import type { RegistryEntry } from '../scenarios/entry.js';
import { importUserModule, loadHint, whyNotLoaded } from './userModule.js';

/** A scenario the CLI can run, with its registry row when it is a bundled one. */
export interface Found {
  scenario: Scenario<unknown, unknown>;
  entry?: RegistryEntry;
}

export async function bundled(): Promise<RegistryEntry[]> {
  return (await import('../scenarios/registry.js')).registry;
}

/** The scenarios a module exports (named or default, single or in an array), in export order. */
export async function loadFile(file: string): Promise<Scenario<unknown, unknown>[]> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`--file ${file}: no such file`, 'pass the path of a .ts or .js module that exports a scenario made with defineScenario');
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path, `--file ${file}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const why = whyNotLoaded(e);
    if (/vitest/i.test(why)) {
      throw new UsageError(`--file ${file}: a vitest test file does not load outside vitest (${why})`, 'move the scenario into a module of its own, export it, and pass that module (the test imports it from there)');
    }
    throw new UsageError(`--file ${file}: the module failed to load (${why})`, loadHint(why));
  }
  const found = scenariosOf(mod as Record<string, unknown>, `--file ${file}`);
  if (found.length === 0) {
    throw new UsageError(`--file ${file} exports no scenario`, 'export one made with defineScenario, e.g. `export const race = defineScenario({ name, setup })`');
  }
  return found;
}

/** All scenarios of the source: the file's, or the whole bundled registry. */
export async function allScenarios(file?: string): Promise<Found[]> {
  if (file) return (await loadFile(file)).map((scenario) => ({ scenario }));
  return (await bundled()).map((entry) => ({ scenario: entry.scenario, entry }));
}

export async function findScenario(name: string, file?: string): Promise<Found> {
  const all = await allScenarios(file);
  const hit = all.find((f) => f.scenario.name === name);
  if (hit) return hit;
  const names = all.map((f) => f.scenario.name);
  const near = nearNames(name, names);
  const where = file ? `in ${file} (it exports: ${names.join(', ')})` : 'among the bundled scenarios';
  const next = near.length ? `did you mean ${near.join(' or ')}? ` : '';
  throw new UsageError(`unknown scenario "${name}" ${where}`, `${next}run \`interleave list\`${file ? ` --file ${file}` : ''} to see the names, or pass --file path.ts for your own`);
}

/** Separators and case do not matter to a person typing a name: `janitor:before:no-orphan` is `janitor-before-no-orphan`. */
function normal(name: string): string {
  return name.toLowerCase().replace(/[-_:/\s]+/g, '-');
}

/** Edit distance (insert, delete, substitute), for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** Up to three names the user may have meant: the same words with other separators, a part of one, or a typo away. */
function nearNames(name: string, names: readonly string[]): string[] {
  const want = normal(name);
  const scored = names.map((n) => {
    const have = normal(n);
    const d = have.includes(want) || want.includes(have) ? 0 : distance(want, have);
    return { n, d };
  });
  const limit = Math.max(2, Math.floor(want.length / 5));
  return scored
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.n.length - b.n.length)
    .slice(0, 3)
    .map((x) => x.n);
}
