import { TaskStore } from '../models/stores/TaskStore.js';
import type { TaskStorePort } from '../models/stores/TaskStorePort.js';
import type { TaskHistory } from '../properties/taskHistory.js';
import { UsageError } from '../sim/errors.js';
import { explore } from '../explore/explore.js';
import type { Failure } from '../explore/failure.js';
import type { ExploreOptions, StrategyName } from '../explore/options.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario, type Scenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import type { Exhausted } from '../explore/strategies/strategy.js';
import { eventTape, type EventTapeProperty } from '../scenarios/event-tape/eventTape.js';
import { appendRace } from './contract/appendRace.js';
import { AdapterContractError, checkedCall, checkedTaskStore, type Violations } from './contract/checkedTaskStore.js';

/**
 * A fresh, empty store for one simulated run — called in every run's setup, so each schedule (and
 * each replay) starts from the same state. Real adapters reset their database here; the in-memory
 * model is built on `sim`.
 */
export type TaskStoreFactory = (sim: Sim) => TaskStorePort | Promise<TaskStorePort>;

export type TaskStoreContractProperty = 'final-is-last' | 'tape-matches-row' | 'seq-contiguous';

export const TASK_STORE_CONTRACT: readonly TaskStoreContractProperty[] = ['final-is-last', 'tape-matches-row', 'seq-contiguous'];

export interface VerifyTaskStoreOptions {
  /** The adapter's name in verdicts, traces and scenario names (letters, digits, - _). Default `adapter`. */
  name?: string;
  /** Schedules per property (default 300). */
  runs?: number;
  /** Default `contract`; always reported. */
  seed?: number | string;
  strategy?: StrategyName;
  /** How long one adapter call may take in real time before it is a hang (default 5000 ms). */
  callTimeoutMs?: number;
  /** Which properties to check (default all of {@link TASK_STORE_CONTRACT}). */
  properties?: readonly TaskStoreContractProperty[];
}

export interface TaskStoreContractResult {
  property: TaskStoreContractProperty;
  ok: boolean;
  schedules: number;
  exhausted?: Exhausted;
  failure?: Failure;
  /** The scenario that ran: `replay(result.scenario, failure.token)` re-runs the failure. */
  scenario: Scenario<unknown, unknown>;
}

export interface TaskStoreVerdict {
  adapter: string;
  ok: boolean;
  /** Set when the adapter broke the port before any interleaving was tried (threw, hung, garbage). */
  smoke?: string;
  results: TaskStoreContractResult[];
  /** A readable verdict: one line per property, the minimal repro and replay token of each failure. */
  report(): string;
}

interface Opened {
  port: TaskStorePort;
  histories(): Promise<TaskHistory[]>;
  violation(): Error | undefined;
}

async function readHistories(raw: TaskStorePort, adapter: string, timeoutMs: number): Promise<TaskHistory[]> {
  if (raw instanceof TaskStore) return raw.rows.map((r) => ({ id: r.id, status: r.status, tape: raw.tape(r.id) }));
  const rows = await checkedCall(adapter, 'listTasks', [], () => raw.listTasks(), timeoutMs);
  const out: TaskHistory[] = [];
  for (const r of rows) out.push({ id: r.id, status: r.status, tape: await checkedCall(adapter, 'listEvents', [r.id], () => raw.listEvents(r.id), timeoutMs) });
  return out;
}

function opener(factory: TaskStoreFactory, adapter: string, timeoutMs: number): (sim: Sim) => Promise<Opened> {
  return async (sim) => {
    const raw = await factory(sim);
    if (raw === null || typeof raw !== 'object') throw new UsageError(`verifyTaskStore("${adapter}"): the factory returned ${String(raw)}`, 'return a fresh, empty store (an object implementing TaskStorePort) for every run');
    const violations: Violations = { first: undefined };
    // The model's operations are scheduling points already; a real adapter's go through sim.external.
    const port = raw instanceof TaskStore ? raw : checkedTaskStore(sim, raw, adapter, timeoutMs, violations);
    return { port, histories: () => readHistories(raw, adapter, timeoutMs), violation: () => violations.first };
  };
}

/** The contract's scenarios for one adapter, by property (for `replay` and for custom explores). */
export function taskStoreContract(factory: TaskStoreFactory, options: Pick<VerifyTaskStoreOptions, 'name' | 'callTimeoutMs'> = {}): Record<TaskStoreContractProperty, Scenario<unknown, unknown>> {
  const adapter = options.name ?? 'adapter';
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(adapter)) throw new UsageError(`verifyTaskStore: invalid adapter name ${JSON.stringify(adapter)}`, 'use letters, digits, - and _ (it becomes part of scenario names and replay tokens)');
  const open = opener(factory, adapter, options.callTimeoutMs ?? 5000);
  const onTape = (property: EventTapeProperty) => {
    let last: Opened | undefined;
    const s = eventTape({
      variant: 'after',
      property,
      name: `task-store-contract:${adapter}:${property}`,
      store: async (sim) => {
        last = await open(sim);
        return { port: last.port, histories: () => last!.histories() };
      },
    });
    return defineScenario({
      ...s,
      invariant() {
        const v = last?.violation();
        if (v) throw v;
      },
    });
  };
  return {
    'final-is-last': onTape('final-is-last') as Scenario<unknown, unknown>,
    'tape-matches-row': onTape('tape-matches-row') as Scenario<unknown, unknown>,
    'seq-contiguous': appendRace(`task-store-contract:${adapter}:seq-contiguous`, async (sim) => {
      const o = await open(sim);
      return { port: o.port, world: { histories: o.histories, violation: o.violation } };
    }) as Scenario<unknown, unknown>,
  };
}

/** Every operation once, in order, from one actor: a broken adapter is named before any exploration. */
function smokeScenario(factory: TaskStoreFactory, adapter: string, timeoutMs: number): Scenario<{ violation(): Error | undefined }> {
  const open = opener(factory, adapter, timeoutMs);
  return defineScenario({
    name: `task-store-contract:${adapter}:smoke`,
    async setup(sim) {
      const o = await open(sim);
      const s = o.port;
      sim.spawn('smoke', async () => {
        await s.create({ id: 'smoke-1', op: 'smoke' });
        await s.get('smoke-1');
        await s.get('smoke-missing');
        await s.updateStatus('smoke-1', 'running');
        await s.appendEvent('smoke-1', { kind: 'progress', data: { n: 0 } });
        await s.listEvents('smoke-1');
        await s.listTasks(['pending', 'running']);
        await s.updateStatus('smoke-1', 'succeeded', { result: { ok: true } });
        await s.appendEvent('smoke-1', { kind: 'final', data: { status: 'succeeded' } });
        await s.listTasks();
      });
      return { violation: o.violation };
    },
    invariant(w) {
      const v = w.violation();
      if (v) throw v;
    },
  });
}

/**
 * The task store contract, run against one adapter under the simulation: case B's task manager
 * workload (submit, progress, cancel) checks *final is last* and *tape matches row*, and concurrent
 * appenders check *seq = max+1*. Every adapter call is one scheduling point (`sim.external`), so the
 * scheduler explores the orders in which the adapter's calls land. A failure comes back shrunk, with
 * its replay token; an adapter that throws, hangs or returns garbage gets a verdict naming the call.
 *
 * @example
 * const db = new SqliteTaskStore();
 * const verdict = await verifyTaskStore(() => (db.reset(), db), { name: 'sqlite' });
 * if (!verdict.ok) throw new Error(verdict.report());
 */
export async function verifyTaskStore(factory: TaskStoreFactory, options: VerifyTaskStoreOptions = {}): Promise<TaskStoreVerdict> {
  if (typeof factory !== 'function') throw new UsageError('verifyTaskStore needs a factory function (sim) => store', 'pass a function that returns a fresh, empty store for each run');
  const adapter = options.name ?? 'adapter';
  const timeoutMs = options.callTimeoutMs ?? 5000;
  const scenarios = taskStoreContract(factory, { name: adapter, callTimeoutMs: timeoutMs });
  const verdict = (smoke: string | undefined, results: TaskStoreContractResult[]): TaskStoreVerdict => ({
    adapter,
    ok: smoke === undefined && results.every((r) => r.ok),
    ...(smoke === undefined ? {} : { smoke }),
    results,
    report: () => renderVerdict(adapter, smoke, results),
  });

  const smoke = await runOnce(smokeScenario(factory, adapter, timeoutMs));
  if (!smoke.ok) {
    const e = smoke.failure!.error;
    return verdict(e instanceof AdapterContractError ? e.message : smoke.failure!.message, []);
  }
  const results: TaskStoreContractResult[] = [];
  for (const property of options.properties ?? TASK_STORE_CONTRACT) {
    const scenario = scenarios[property];
    const explored: ExploreOptions<unknown> = { runs: options.runs ?? 300, seed: options.seed ?? 'contract', externalTimeoutMs: timeoutMs * 2 };
    if (options.strategy !== undefined) explored.strategy = options.strategy;
    const r = await explore(scenario, explored);
    const result: TaskStoreContractResult = { property, ok: r.ok, schedules: r.schedules, scenario };
    if (r.exhausted) result.exhausted = r.exhausted;
    if (r.failure) result.failure = r.failure;
    results.push(result);
  }
  return verdict(undefined, results);
}

function renderVerdict(adapter: string, smoke: string | undefined, results: readonly TaskStoreContractResult[]): string {
  if (smoke !== undefined) return `✗ task store contract — adapter "${adapter}" broke the port before any interleaving was tried:\n  ${smoke}`;
  const lines = [`${results.every((r) => r.ok) ? '✓' : '✗'} task store contract — adapter "${adapter}"`];
  for (const r of results) lines.push(`  ${r.ok ? '✓' : '✗'} ${r.property} (${r.schedules} schedules${r.exhausted ? ', exhausted' : ''})`);
  results.forEach((r, i) => {
    if (!r.failure) return;
    lines.push('', r.failure.report('text'));
    // Contract scenarios are built around the user's factory, so they replay from code, not the CLI.
    lines.push(`  replay from code: replay(verdict.results[${i}].scenario, '${r.failure.token}') — or taskStoreContract(factory, { name: '${adapter}' })['${r.property}']`);
  });
  return lines.join('\n');
}
