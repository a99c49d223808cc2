import { PGlite } from '@electric-sql/pglite';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskStore } from '../models/stores/TaskStore.js';
import type { Json, NewTaskEvent, StatusFields, TaskStatus, TaskStorePort } from '../models/stores/TaskStorePort.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from '../sim/scenario.js';
import { PostgresTaskStore } from './postgres/TaskStore.js';
import { SqliteTaskStore } from './sqlite/TaskStore.js';

/**
 * Differential test of the TaskStore model against real SQLite (better-sqlite3) and real Postgres
 * (PGlite): the same generated operation sequence on all three gives the same returned values, the
 * same thrown error classes, and the same final rows and tapes. Sequential only: the databases'
 * own concurrency (MVCC snapshots, lock waits) is not driven here.
 */

type Op =
  | { op: 'create'; id: string; name: string }
  | { op: 'get'; id: string }
  | { op: 'updateStatus'; id: string; status: TaskStatus; fields?: StatusFields }
  | { op: 'appendEvent'; id: string; event: NewTaskEvent }
  | { op: 'listEvents'; id: string }
  | { op: 'listTasks'; statuses?: TaskStatus[] };

const IDS = ['a', 'b', 'c'];
const id = fc.constantFrom(...IDS);
const json: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 6 }),
  fc.dictionary(fc.constantFrom('n', 'status', 'x'), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 2 }),
);
const status = fc.constantFrom<TaskStatus>('pending', 'running', 'succeeded', 'failed', 'cancelled');
const fields: fc.Arbitrary<StatusFields | undefined> = fc.option(fc.record({ result: json, error: fc.option(fc.string({ maxLength: 5 })) }, { requiredKeys: [] }), { nil: undefined });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), id, name: fc.constantFrom('ingest', 'embed') }),
  fc.record({ op: fc.constant('get' as const), id }),
  fc.record({ op: fc.constant('updateStatus' as const), id, status, fields }).map((o) => (o.fields === undefined ? { op: o.op, id: o.id, status: o.status } : o)),
  fc.record({ op: fc.constant('appendEvent' as const), id, event: fc.record({ kind: fc.constantFrom('task_started', 'progress', 'final'), data: json }) }),
  fc.record({ op: fc.constant('listEvents' as const), id }),
  fc.record({ op: fc.constant('listTasks' as const), statuses: fc.option(fc.uniqueArray(status, { maxLength: 3 }), { nil: undefined }) }).map((o) => (o.statuses === undefined ? { op: o.op } : o)),
);
const program = fc.record({ dropAfterTerminal: fc.boolean(), ops: fc.array(op, { minLength: 5, maxLength: 40 }) });

type Outcome = { ok: unknown } | { threw: string };

async function apply(store: TaskStorePort, ops: readonly Op[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const o of ops) {
    try {
      let v: unknown;
      if (o.op === 'create') v = await store.create({ id: o.id, op: o.name });
      else if (o.op === 'get') v = await store.get(o.id);
      else if (o.op === 'updateStatus') v = await store.updateStatus(o.id, o.status, o.fields);
      else if (o.op === 'appendEvent') v = await store.appendEvent(o.id, o.event);
      else if (o.op === 'listEvents') v = await store.listEvents(o.id);
      else v = await store.listTasks(o.statuses);
      out.push({ ok: v });
    } catch (e) {
      out.push({ threw: (e as Error).name });
    }
  }
  for (const i of IDS) out.push({ ok: { row: await store.get(i), tape: await store.listEvents(i) } });
  return out;
}

/** The model's operations are scheduling points, so the sequence runs as the one actor of a run. */
async function onModel(dropAfterTerminal: boolean, ops: readonly Op[]): Promise<Outcome[]> {
  let out: Outcome[] = [];
  const r = await runOnce(
    defineScenario({
      name: 'taskstore-differential',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks', { dropAfterTerminal });
        sim.spawn('ops', async () => {
          out = await apply(store, ops);
        });
      },
    }),
  );
  if (!r.ok) throw new Error(r.failure!.message);
  return out;
}

describe('TaskStore model vs SQLite vs Postgres (PGlite)', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  }, 60_000);
  afterAll(async () => {
    await pg?.close();
  });

  it('same ops, same results (generated sequences)', async () => {
    let sequences = 0;
    let ops = 0;
    await fc.assert(
      fc.asyncProperty(program, async ({ dropAfterTerminal, ops: seq }) => {
        const model = await onModel(dropAfterTerminal, seq);
        const sqlite = new SqliteTaskStore(':memory:', { dropAfterTerminal });
        const onSqlite = await apply(sqlite, seq);
        sqlite.close();
        const postgres = new PostgresTaskStore(pg, { dropAfterTerminal });
        await postgres.reset();
        const onPostgres = await apply(postgres, seq);
        expect(onSqlite).toEqual(model);
        expect(onPostgres).toEqual(model);
        sequences++;
        ops += seq.length;
      }),
      { numRuns: 150, seed: 258 },
    );
    expect(sequences).toBeGreaterThanOrEqual(150);
    expect(ops).toBeGreaterThan(1500);
  });

  it('concurrent callers outside the simulation: appends on one connection still number 1..n', async () => {
    for (const store of [new SqliteTaskStore(), new PostgresTaskStore(pg)]) {
      if (store instanceof PostgresTaskStore) await store.reset();
      await store.create({ id: 'a', op: 'x' });
      const seqs = await Promise.all(Array.from({ length: 20 }, (_, n) => store.appendEvent('a', { kind: 'progress', data: n })));
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store.listEvents('a')).map((e) => e.seq)).toEqual(seqs.slice().sort((x, y) => x - y));
      if (store instanceof SqliteTaskStore) store.close();
    }
  });

  it('the terminal guard, hand-picked: a late progress after final is dropped on all three', async () => {
    const seq: Op[] = [
      { op: 'create', id: 'a', name: 'x' },
      { op: 'appendEvent', id: 'a', event: { kind: 'progress', data: 1 } },
      { op: 'updateStatus', id: 'a', status: 'cancelled' },
      { op: 'appendEvent', id: 'a', event: { kind: 'final', data: { status: 'cancelled' } } },
      { op: 'appendEvent', id: 'a', event: { kind: 'progress', data: 2 } },
      { op: 'updateStatus', id: 'a', status: 'succeeded', fields: { result: 1 } },
    ];
    const model = await onModel(true, seq);
    expect(model.slice(0, 6).map((o) => ('ok' in o ? o.ok : o.threw))).toEqual([expect.anything(), 1, true, 2, 2, false]);
    const sqlite = new SqliteTaskStore();
    expect(await apply(sqlite, seq)).toEqual(model);
    const postgres = new PostgresTaskStore(pg);
    await postgres.reset();
    expect(await apply(postgres, seq)).toEqual(model);
  });
});

// The same adapter code on node-postgres against a real server, when one is configured.
describe.skipIf(!process.env.DATABASE_URL)('TaskStore model vs Postgres over pg (DATABASE_URL)', () => {
  it('same ops, same results', async () => {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await fc.assert(
        fc.asyncProperty(program, async ({ dropAfterTerminal, ops: seq }) => {
          const store = new PostgresTaskStore(client, { dropAfterTerminal, prefix: 'interleave_difftest_' });
          await store.reset();
          expect(await apply(store, seq)).toEqual(await onModel(dropAfterTerminal, seq));
        }),
        { numRuns: 50, seed: 258 },
      );
    } finally {
      await client.end();
    }
  });
});
