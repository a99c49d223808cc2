/**
 * Which file a replay command names with `--file`: the one the caller gave (`null`: none, the CLI
 * finds bundled scenarios by name), else the nearest module among those that called
 * `defineScenario` (or the factory that did) which exports the scenario under its name, so the CLI
 * can load it there. A test file (only vitest loads it) is never one; none found: the caller says
 * how to replay instead.
 *
 * Every candidate is already loaded (its code is on defineScenario's stack), so its import resolves
 * at once — unless the module is still evaluating: `await explore(…)` at a module's top level makes
 * that module's import wait for explore itself, a cycle that left the process to exit 13 with the
 * await unsettled. So an import that has not resolved within EVALUATING_MS (a second) counts as "not this
 * file", and its promise is kept for the next failure.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Scenario, scenariosOf } from '../sim/scenario.js';

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

const EVALUATING_MS = 1000;
const imports = new Map<string, Promise<Record<string, unknown> | undefined>>();

function load(file: string): Promise<Record<string, unknown> | undefined> {
  let mod = imports.get(file);
  if (!mod) imports.set(file, (mod = import(pathToFileURL(file).href).then((m: Record<string, unknown>) => m, () => undefined)));
  return mod;
}

/** The module, or undefined when it failed to load or is still evaluating (see above). */
async function loaded(file: string): Promise<Record<string, unknown> | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const evaluating = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), EVALUATING_MS)));
  try {
    return await Promise.race([load(file), evaluating]);
  } finally {
    clearTimeout(timer);
  }
}

async function exports(file: string, name: string): Promise<boolean> {
  if (TEST_FILE.test(file) || file.includes('/node_modules/')) return false;
  const mod = await loaded(file);
  return mod !== undefined && scenariosOf(mod).some((s) => s.name === name);
}

export async function scenarioFile(scenario: Pick<Scenario<unknown, unknown>, 'modules' | 'name'>, given?: string | null): Promise<string | undefined> {
  if (given !== undefined) return given ?? undefined;
  for (const m of scenario.modules ?? []) {
    if (!(await exports(m, scenario.name))) continue;
    const r = relative(process.cwd(), m);
    return r.startsWith('..') ? m : r;
  }
  return undefined;
}
