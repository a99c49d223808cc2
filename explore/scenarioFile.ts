/**
 * Which file a replay command names with `--file`: the one the caller gave (`null`: none, the CLI
 * finds bundled scenarios by name), else the nearest module among those that called
 * `defineScenario` (or the factory that did) which exports the scenario under its name, so the CLI
 * can load it there. A test file (only vitest loads it) is never one; none found: the caller says
 * how to replay instead.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Scenario, scenariosOf } from '../sim/scenario.js';

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

async function exports(file: string, name: string): Promise<boolean> {
  if (TEST_FILE.test(file) || file.includes('/node_modules/')) return false;
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return scenariosOf(mod).some((s) => s.name === name);
  } catch {
    return false;
  }
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
