import { TASK_STATUSES, type TaskRow, type TaskStorePort } from '../../models/stores/TaskStorePort.js';
import type { Sim } from '../../sim/sim.js';
import { checkedOperation } from './checkedPort.js';
import type { Appended } from './readBack.js';

/** A call to the adapter under test that broke the port's contract: it threw, hung or returned garbage. */
export class AdapterContractError extends Error {
  constructor(
    readonly adapter: string,
    readonly operation: string,
    message: string,
    /** The call did not settle in time: the run is a hang verdict (`isHang`), not re-run. */
    readonly hang = false,
  ) {
    super(message);
    this.name = 'AdapterContractError';
  }
}

type Op = keyof TaskStorePort;

function isRow(v: unknown): v is TaskRow {
  const r = v as TaskRow;
  return typeof v === 'object' && v !== null && typeof r.id === 'string' && typeof r.op === 'string' && TASK_STATUSES.includes(r.status) && (r.error === null || typeof r.error === 'string');
}

/** What a well-formed answer to each operation looks like; returns what is wrong, or undefined. */
function wrongAnswer(op: Op, args: readonly unknown[], v: unknown): string | undefined {
  switch (op) {
    case 'create': {
      const id = (args[0] as { id: string }).id;
      if (!isRow(v)) return 'expected the new row { id, op, status, result, error }';
      if (v.id !== id || v.status !== 'pending') return `expected a pending row for "${id}"`;
      return undefined;
    }
    case 'get':
      if (v === null) return undefined;
      if (!isRow(v)) return 'expected a row { id, op, status, result, error } or null';
      return v.id === args[0] ? undefined : `expected the row of "${String(args[0])}"`;
    case 'updateStatus':
      return typeof v === 'boolean' ? undefined : 'expected a boolean (whether the row changed)';
    case 'appendEvent':
      return Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'expected a sequence number (an integer ≥ 0)';
    case 'listEvents': {
      if (!Array.isArray(v)) return 'expected an array of events { seq, kind, data }';
      let last = 0;
      for (const e of v as { seq?: unknown; kind?: unknown }[]) {
        if (typeof e !== 'object' || e === null || !Number.isSafeInteger(e.seq) || typeof e.kind !== 'string') return 'expected an array of events { seq, kind, data }';
        if ((e.seq as number) <= last) return 'expected events in increasing seq order';
        last = e.seq as number;
      }
      return undefined;
    }
    case 'listTasks':
      return Array.isArray(v) && v.every(isRow) ? undefined : 'expected an array of rows { id, op, status, result, error }';
  }
}

/** Calls `fn` and turns a throw, a hang or a malformed answer into an {@link AdapterContractError}. */
export function checkedCall<T>(adapter: string, op: Op, args: readonly unknown[], fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  return checkedOperation(adapter, op, args, { wrong: (a, v) => wrongAnswer(op, a, v), obj: () => `task-store:${adapter}` }, fn, timeoutMs);
}

/** Where a run keeps the first contract violation, so the invariant can fail the run on that step. */
export interface Violations {
  first: AdapterContractError | undefined;
  /** Task stores: the appends the adapter acknowledged, to be read back (`readBack.ts`). */
  appended?: Appended[];
}

/**
 * The adapter under test as the simulation sees it: every call one scheduling point through
 * `sim.external` (obj per task id), checked by {@link checkedCall}. The first violation is kept in
 * `violations` (the workload may swallow the error; the contract's invariant does not).
 */
export function checkedTaskStore(sim: Sim, raw: TaskStorePort, adapter: string, timeoutMs: number, violations: Violations): TaskStorePort {
  const obj = (id: string) => `taskstore:${adapter}:task:${id}`;
  const call = <T>(op: Op, args: readonly unknown[], target: string | null, fn: () => Promise<T>): Promise<T> =>
    sim.external(
      `${adapter}.${op}`,
      async () => {
        if (target === null) sim.touch('*');
        try {
          return await checkedCall(adapter, op, args, fn, timeoutMs);
        } catch (e) {
          if (e instanceof AdapterContractError) violations.first ??= e;
          throw e;
        }
      },
      { obj: target === null ? `taskstore:${adapter}:rows` : obj(target), args },
    );
  return {
    create: (task) => call('create', [task], task.id, () => raw.create(task)),
    get: (id) => call('get', [id], id, () => raw.get(id)),
    updateStatus: (id, status, fields) => call('updateStatus', fields === undefined ? [id, status] : [id, status, fields], id, () => raw.updateStatus(id, status, fields)),
    appendEvent: async (id, event) => {
      const seq = await call('appendEvent', [id, event], id, () => raw.appendEvent(id, event));
      violations.appended?.push({ id, event, seq });
      return seq;
    },
    listEvents: (id) => call('listEvents', [id], id, () => raw.listEvents(id)),
    listTasks: (statuses) => call('listTasks', statuses === undefined ? [] : [statuses], null, () => raw.listTasks(statuses)),
  };
}
