import { TaskStore } from '../models/stores/TaskStore.js';
import type { TaskRow, TaskStorePort } from '../models/stores/TaskStorePort.js';
import type { TaskHistory } from '../properties/taskHistory.js';
import { UsageError } from '../sim/errors.js';
import { defineScenario, type Scenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import { DEFAULTS } from '../sim/defaults.js';
import { appendRace } from './contract/appendRace.js';
import { describeValue } from './contract/checkedPort.js';
import { AdapterContractError, checkedCall, checkedTaskStore, type Violations } from './contract/checkedTaskStore.js';
import { checkReadBack } from './contract/readBack.js';
import { stableJson } from '../sim/trace.js';
import { taskWorkload } from './contract/taskWorkload.js';
import { checkAdapterName, type ContractOptions, type ContractResult, type ContractVerdict, runContract } from './contract/verdict.js';

/**
 * A fresh, empty store for one simulated run — called in every run's setup, so each schedule (and
 * each replay) starts from the same state. Real adapters reset their database here; the in-memory
 * model is built on `sim`.
 */
export type TaskStoreFactory = (sim: Sim) => TaskStorePort | Promise<TaskStorePort>;

export type TaskStoreContractProperty = 'final-is-last' | 'tape-matches-row' | 'seq-contiguous';

export const TASK_STORE_CONTRACT: readonly TaskStoreContractProperty[] = ['final-is-last', 'tape-matches-row', 'seq-contiguous'];

export type VerifyTaskStoreOptions = ContractOptions<TaskStoreContractProperty>;
export type TaskStoreVerdict = ContractVerdict<TaskStoreContractProperty>;
export type TaskStoreContractResult = ContractResult<TaskStoreContractProperty>;

interface Opened {
  port: TaskStorePort;
  histories(): Promise<TaskHistory[]>;
  /** Throws if the tapes do not hold what the adapter acknowledged (`contract/readBack.ts`). */
  readBack(histories: readonly TaskHistory[]): void;
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
    if (raw === null || typeof raw !== 'object') throw new UsageError(`verifyTaskStore("${adapter}"): the factory returned ${describeValue(raw)}`, 'return a fresh, empty store (an object implementing TaskStorePort) for every run');
    const violations: Violations = { first: undefined, appended: [] };
    // The model's operations are scheduling points already; a real adapter's go through sim.external.
    const port = raw instanceof TaskStore ? raw : checkedTaskStore(sim, raw, adapter, timeoutMs, violations);
    return { port, histories: () => readHistories(raw, adapter, timeoutMs), readBack: (h: readonly TaskHistory[]) => checkReadBack(adapter, violations.appended!, h), violation: () => violations.first };
  };
}

/** The contract's scenarios for one adapter, by property (for `replay` and for custom explores). */
export function taskStoreContract(factory: TaskStoreFactory, options: Pick<VerifyTaskStoreOptions, 'name' | 'callTimeoutMs'> = {}): Record<TaskStoreContractProperty, Scenario<unknown, unknown>> {
  const adapter = options.name ?? 'adapter';
  checkAdapterName('verifyTaskStore', adapter);
  const open = opener(factory, adapter, options.callTimeoutMs ?? DEFAULTS.callTimeoutMs);
  const world = async (sim: Sim) => {
    const o = await open(sim);
    return { port: o.port, world: { histories: o.histories, readBack: o.readBack, violation: o.violation } };
  };
  const name = (p: TaskStoreContractProperty) => `task-store-contract:${adapter}:${p}`;
  return {
    'final-is-last': taskWorkload(name('final-is-last'), 'final-is-last', world) as Scenario<unknown, unknown>,
    'tape-matches-row': taskWorkload(name('tape-matches-row'), 'tape-matches-row', world) as Scenario<unknown, unknown>,
    'seq-contiguous': appendRace(name('seq-contiguous'), world) as Scenario<unknown, unknown>,
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
      // Each answer is read back against what the calls before it wrote.
      const expect = async (call: string, got: Promise<unknown>, want: unknown, pick: (v: unknown) => unknown = (v) => v) => {
        const v = await got;
        if (stableJson(pick(v)) !== stableJson(want)) throw new AdapterContractError(adapter, call, `adapter "${adapter}": ${call} returned ${describeValue(v)} — expected ${describeValue(want)}, what the calls before it wrote`);
      };
      const row = (v: unknown) => (v === null ? null : { id: (v as TaskRow).id, status: (v as TaskRow).status, result: (v as TaskRow).result });
      sim.spawn('smoke', async () => {
        await s.create({ id: 'smoke-1', op: 'smoke' });
        await expect('get("smoke-1")', s.get('smoke-1'), { id: 'smoke-1', status: 'pending', result: null }, row);
        await expect('get("smoke-missing")', s.get('smoke-missing'), null);
        await s.updateStatus('smoke-1', 'running');
        const first = await s.appendEvent('smoke-1', { kind: 'progress', data: { n: 0 } });
        await expect('listEvents("smoke-1")', s.listEvents('smoke-1'), [{ seq: first, kind: 'progress', data: { n: 0 } }]);
        await s.listTasks(['pending', 'running']);
        await s.updateStatus('smoke-1', 'succeeded', { result: { ok: true } });
        const final = await s.appendEvent('smoke-1', { kind: 'final', data: { status: 'succeeded' } });
        const progress = { seq: first, kind: 'progress', data: { n: 0 } };
        await expect('listEvents("smoke-1")', s.listEvents('smoke-1'), [progress, { seq: final, kind: 'final', data: { status: 'succeeded' } }]);
        await expect('get("smoke-1")', s.get('smoke-1'), { id: 'smoke-1', status: 'succeeded', result: { ok: true } }, row);
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
 * The task store contract, run against one adapter under the simulation: a task service's workload
 * (runs, late progress from a reporter thread, a racing cancel: `contract/taskWorkload.ts`) checks
 * *final is last* and *tape matches row*, and concurrent appenders check *seq = max+1*. Every adapter
 * call is one scheduling point (`sim.external`), so the scheduler explores the orders in which the
 * adapter's calls land. A failure comes back shrunk, with its replay token; an adapter that throws,
 * hangs or returns garbage gets a verdict naming the call.
 *
 * @example
 * const db = new SqliteTaskStore();
 * const verdict = await verifyTaskStore(() => (db.reset(), db), { name: 'sqlite' });
 * if (!verdict.ok) throw new Error(verdict.report());
 */
export async function verifyTaskStore(factory: TaskStoreFactory, options: VerifyTaskStoreOptions = {}): Promise<TaskStoreVerdict> {
  if (typeof factory !== 'function') throw new UsageError('verifyTaskStore needs a factory function (sim) => store', 'pass a function that returns a fresh, empty store for each run');
  const adapter = options.name ?? 'adapter';
  checkAdapterName('verifyTaskStore', adapter);
  const timeoutMs = options.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
  return runContract({
    title: 'task store contract',
    rebuild: 'taskStoreContract',
    adapter,
    smoke: smokeScenario(factory, adapter, timeoutMs) as Scenario<unknown, unknown>,
    scenarios: taskStoreContract(factory, { name: adapter, callTimeoutMs: timeoutMs }),
    all: TASK_STORE_CONTRACT,
    options,
  });
}
