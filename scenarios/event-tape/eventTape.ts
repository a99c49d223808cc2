import * as fc from 'fast-check';
import { TaskStore } from '../../models/stores/TaskStore.js';
import type { TaskStorePort } from '../../models/stores/TaskStorePort.js';
import { finalIsLast } from '../../properties/finalIsLast.js';
import { noStrandedTask } from '../../properties/noStrandedTask.js';
import { tapeMatchesRow } from '../../properties/tapeMatchesRow.js';
import type { TaskHistory } from '../../properties/taskHistory.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { type Runner, TaskManager } from './TaskManager.js';

/** `before`: `appendEvent` inserts whatever it is given. `after`: PR #258's terminal guard. */
export type EventTapeVariant = 'before' | 'after';

export type EventTapeProperty = 'final-is-last' | 'tape-matches-row' | 'no-strand';

export interface EventTapeParams {
  /** Tasks the client submits. */
  tasks: number;
  /** `reporter.progress` calls per runner. */
  progress: number;
  /** Null: nobody cancels. Otherwise the client yields this many times, then cancels every task. */
  cancelAfter: number | null;
}

/** A store for one run and how to read what it holds once the run is over. */
export interface StoreUnderTest {
  port: TaskStorePort;
  histories(): TaskHistory[] | Promise<TaskHistory[]>;
}

export interface EventTapeOptions {
  variant: EventTapeVariant;
  property: EventTapeProperty;
  /**
   * Model a server restart: at each `sim.maybe('server crash')` point of the client (after each submit
   * and after the cancels) the process may crash, and it restarts at the end at the latest. A restart
   * SIGKILLs the old manager's tasks and threads and boots a fresh manager that runs `restartCleanup`.
   */
  restart?: boolean;
  /** The store (default: the in-memory model, with or without the guard per variant). */
  store?: (sim: Sim, variant: EventTapeVariant) => StoreUnderTest | Promise<StoreUnderTest>;
  /** Scenario name (default `event-tape:<variant>:<property>[:restart]`). */
  name?: string;
}

export const eventTapeParams: fc.Arbitrary<EventTapeParams> = fc.record({
  tasks: fc.integer({ min: 1, max: 2 }),
  progress: fc.integer({ min: 0, max: 2 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 5 }),
});

/** The in-memory store model: case B runs its properties against it. */
export function modelStore(sim: Sim, variant: EventTapeVariant): StoreUnderTest {
  const store = new TaskStore(sim, 'tasks', { dropAfterTerminal: variant === 'after' });
  return { port: store, histories: () => store.rows.map((r) => ({ id: r.id, status: r.status, tape: store.tape(r.id) })) };
}

const CHECKS: Record<EventTapeProperty, (h: readonly TaskHistory[]) => void> = {
  'final-is-last': finalIsLast,
  'tape-matches-row': tapeMatchesRow,
  'no-strand': noStrandedTask,
};

/**
 * Case B's workload: a client submits tasks whose runners report progress, then (maybe) cancels them;
 * the manager and the reporter run every store call on a worker thread. The check is one property.
 */
export function eventTape(options: EventTapeOptions): Scenario<StoreUnderTest, EventTapeParams> {
  const { variant, property, restart = false } = options;
  const makeStore = options.store ?? modelStore;
  return defineScenario({
    name: options.name ?? `event-tape:${variant}:${property}${restart ? ':restart' : ''}`,
    params: eventTapeParams,
    async setup(sim, p) {
      const store = await makeStore(sim, variant);
      const manager = new TaskManager(sim, store.port);
      const runner: Runner = async (reporter) => {
        for (let n = 0; n < p.progress; n++) await reporter.progress({ n });
        return { ok: true };
      };
      sim.spawn('client', async () => {
        const crashes = () => restart && sim.maybe('server crash');
        const ids: string[] = [];
        let crashed = false;
        for (let i = 0; i < p.tasks && !crashed; i++) {
          ids.push((await manager.submit('ingest', runner)).id);
          crashed = crashes();
        }
        if (!crashed && p.cancelAfter !== null) {
          for (let k = 0; k < p.cancelAfter; k++) await sim.yield('client.wait');
          for (const id of ids) sim.log('cancel', { id, delivered: manager.cancel(id) });
          crashed = crashes();
        }
        if (restart) {
          // SIGKILL of the old process: its tasks and worker threads stop where they are.
          for (const a of sim.actors) if (a !== sim.current && !a.done) a.kill();
          sim.log('server restart');
          await new TaskManager(sim, store.port).restartCleanup();
        }
      });
      return store;
    },
    async check(store) {
      CHECKS[property](await store.histories());
    },
  });
}
