import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import type { Failure } from '../../explore/failure.js';
import type { ExploreOptions, StrategyName } from '../../explore/options.js';
import { runOnce } from '../../explore/runOnce.js';
import type { Scenario } from '../../sim/scenario.js';
import type { Exhausted } from '../../explore/strategies/strategy.js';
import { AdapterContractError } from './checkedTaskStore.js';
import { catchingDetached } from './detached.js';
import { DEFAULTS } from '../../sim/defaults.js';

/** Options every contract suite takes. */
export interface ContractOptions<Property extends string> {
  /** The adapter's name in verdicts, traces and scenario names (letters, digits, - _). Default `adapter`. */
  name?: string;
  /** Schedules per property (default 300). */
  runs?: number;
  /** Default `contract`; always reported. */
  seed?: number | string;
  strategy?: StrategyName;
  /** How long one adapter call may take in real time before it is a hang (default 5000 ms). */
  callTimeoutMs?: number;
  /** Which properties to check (default all). */
  properties?: readonly Property[];
}

export interface ContractResult<Property extends string> {
  property: Property;
  ok: boolean;
  schedules: number;
  exhausted?: Exhausted;
  failure?: Failure;
  /** The scenario that ran: `replay(result.scenario, failure.token)` re-runs the failure. */
  scenario: Scenario<unknown, unknown>;
}

export interface ContractVerdict<Property extends string> {
  adapter: string;
  ok: boolean;
  /** Set when the adapter broke the port before any interleaving was tried (threw, hung, garbage). */
  smoke?: string;
  /** Set when a promise the adapter left behind rejected with no handler while the suite ran. */
  detached?: string;
  results: ContractResult<Property>[];
  /** A readable verdict: one line per property, the minimal repro and replay token of each failure. */
  report(): string;
}

export function checkAdapterName(suite: string, adapter: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(adapter)) throw new UsageError(`${suite}: invalid adapter name ${JSON.stringify(adapter)}`, 'use letters, digits, - and _ (it becomes part of scenario names and replay tokens)');
}

/** One contract suite against one adapter. */
export interface ContractSuite<Property extends string> {
  /** e.g. `key-value store contract` */
  title: string;
  /** e.g. `kvStoreContract` — how the report tells a reader to rebuild a scenario. */
  rebuild: string;
  adapter: string;
  smoke: Scenario<unknown, unknown>;
  scenarios: Record<Property, Scenario<unknown, unknown>>;
  all: readonly Property[];
  options: ContractOptions<Property>;
}

/**
 * Smoke first (one natural run), then one exploration per property — shared by the contract suites.
 * A rejection the adapter leaves unhandled meanwhile fails the verdict (`detached.ts`).
 */
export async function runContract<Property extends string>(c: ContractSuite<Property>): Promise<ContractVerdict<Property>> {
  const { value, detached } = await catchingDetached(() => exploreContract(c));
  if (detached === undefined) return value;
  const v: ContractVerdict<Property> = { ...value, ok: false, detached: `adapter "${c.adapter}": ${detached}` };
  v.report = () => `${value.report().replace(/^✓/, '✗')}\n  ✗ ${v.detached}`;
  return v;
}

async function exploreContract<Property extends string>(c: ContractSuite<Property>): Promise<ContractVerdict<Property>> {
  const { adapter, options } = c;
  const timeoutMs = options.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
  const verdict = (smoke: string | undefined, results: ContractResult<Property>[]): ContractVerdict<Property> => ({
    adapter,
    ok: smoke === undefined && results.every((r) => r.ok),
    ...(smoke === undefined ? {} : { smoke }),
    results,
    report: () => render(c.title, c.rebuild, adapter, smoke, results),
  });
  const smoke = await runOnce(c.smoke, { externalTimeoutMs: timeoutMs * 2 });
  if (!smoke.ok) {
    const e = smoke.failure!.error;
    return verdict(e instanceof AdapterContractError ? e.message : smoke.failure!.message, []);
  }
  const results: ContractResult<Property>[] = [];
  for (const property of options.properties ?? c.all) {
    const scenario = c.scenarios[property];
    if (scenario === undefined) throw new UsageError(`${c.title}: unknown property ${JSON.stringify(property)}`, `use one of ${c.all.join(', ')}`);
    const explored: ExploreOptions<unknown> = { runs: options.runs ?? DEFAULTS.contractRuns, seed: options.seed ?? 'contract', externalTimeoutMs: timeoutMs * 2 };
    if (options.strategy !== undefined) explored.strategy = options.strategy;
    const r = await explore(scenario, explored);
    const result: ContractResult<Property> = { property, ok: r.ok, schedules: r.schedules, scenario };
    if (r.exhausted) result.exhausted = r.exhausted;
    if (r.failure) result.failure = r.failure;
    results.push(result);
  }
  return verdict(undefined, results);
}

function render<Property extends string>(title: string, rebuild: string, adapter: string, smoke: string | undefined, results: readonly ContractResult<Property>[]): string {
  if (smoke !== undefined) return `✗ ${title} — adapter "${adapter}" broke the port before any interleaving was tried:\n  ${smoke}`;
  const lines = [`${results.every((r) => r.ok) ? '✓' : '✗'} ${title} — adapter "${adapter}"`];
  for (const r of results) lines.push(`  ${r.ok ? '✓' : '✗'} ${r.property} (${r.schedules} schedules${r.exhausted ? ', exhausted' : ''})`);
  results.forEach((r, i) => {
    if (!r.failure) return;
    lines.push('', r.failure.report('text'));
    // Contract scenarios are built around the user's factory, so they replay from code, not the CLI.
    lines.push(`  replay from code: replay(verdict.results[${i}].scenario, '${r.failure.token}') — or ${rebuild}(factory, { name: '${adapter}' })['${r.property}']`);
  });
  return lines.join('\n');
}
