import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskStore } from '../models/stores/TaskStore.js';
import type { TaskStorePort } from '../models/stores/TaskStorePort.js';
import { replay } from '../explore/replay.js';
import { PostgresTaskStore } from './postgres/TaskStore.js';
import { SqliteTaskStore } from './sqlite/TaskStore.js';
import { taskStoreContract, verifyTaskStore } from './verifyTaskStore.js';

/** A store that delegates to `inner` except for the operations overridden. */
function tampered(inner: TaskStorePort, override: Partial<TaskStorePort>): TaskStorePort {
  return {
    create: (t) => inner.create(t),
    get: (id) => inner.get(id),
    updateStatus: (id, s, f) => inner.updateStatus(id, s, f),
    appendEvent: (id, e) => inner.appendEvent(id, e),
    listEvents: (id) => inner.listEvents(id),
    listTasks: (s) => inner.listTasks(s),
    ...override,
  };
}

describe('verifyTaskStore: the task store contract', () => {
  let pg: PGlite;
  const sqlite = new SqliteTaskStore();
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  }, 60_000);
  afterAll(async () => {
    sqlite.close();
    await pg?.close();
  });

  it('passes on the in-memory model', async () => {
    const v = await verifyTaskStore((sim) => new TaskStore(sim, 'tasks'), { name: 'model', runs: 500 });
    expect(v.report()).toContain('✓ task store contract — adapter "model"');
    expect(v.ok).toBe(true);
  });

  it('passes on the SQLite adapter (state rebuilt per run)', async () => {
    const v = await verifyTaskStore(() => (sqlite.reset(), sqlite), { name: 'sqlite', runs: 300 });
    expect(v.report()).not.toContain('✗');
    // Each workload ran its 300 schedules, or the default's dfs member proved it clean sooner.
    for (const r of v.results) expect(r.schedules === 300 || r.exhausted?.complete === true, `${r.property}: ${r.schedules} schedules`).toBe(true);
  });

  it('passes on the Postgres adapter (PGlite, one instance, tables truncated per run)', async () => {
    const store = new PostgresTaskStore(pg);
    const v = await verifyTaskStore(async () => (await store.reset(), store), { name: 'pglite', runs: 60 });
    expect(v.report()).not.toContain('✗');
    expect(v.ok).toBe(true);
  });

  it('fails on an event store without the terminal guard: minimal repro, and the token replays on SQLite', async () => {
    const broken = new SqliteTaskStore(':memory:', { dropAfterTerminal: false });
    try {
      const v = await verifyTaskStore(() => (broken.reset(), broken), { name: 'sqlite-unguarded', runs: 500, properties: ['final-is-last'] });
      expect(v.ok).toBe(false);
      const [r] = v.results;
      const f = r!.failure!;
      expect(f.message).toMatch(/"final" is not the last event/);
      expect(f.preemptions).toBeLessThanOrEqual(2);
      expect(f.token).toMatch(/^il1\.task-store-contract:sqlite-unguarded:final-is-last\./);
      expect(v.report()).toContain(f.token);
      const again = await replay(r!.scenario, f.token);
      expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
      expect(again.failure?.message).toBe(f.message);
      // A reviewer rebuilds everything: a new database, a new contract scenario, the same trace.
      const fresh = new SqliteTaskStore(':memory:', { dropAfterTerminal: false });
      try {
        const scenario = taskStoreContract(() => (fresh.reset(), fresh), { name: 'sqlite-unguarded' })['final-is-last'];
        const rebuilt = await replay(scenario, f.token);
        expect(rebuilt.trace.fingerprint).toBe(f.trace.fingerprint);
      } finally {
        fresh.close();
      }
    } finally {
      broken.close();
    }
  });

  it('an adapter that throws gets a verdict naming the call', async () => {
    const v = await verifyTaskStore(() => tampered((sqlite.reset(), sqlite), { appendEvent: async () => Promise.reject(new Error('disk I/O error')) }), { name: 'throws' });
    expect(v.ok).toBe(false);
    expect(v.smoke).toBe('adapter "throws": appendEvent("smoke-1", {"kind":"progress","data":{"n":0}}) threw Error: disk I/O error');
    expect(v.report()).toContain('broke the port before any interleaving was tried');
  });

  it('an adapter that hangs gets a verdict naming the call', async () => {
    const v = await verifyTaskStore(() => tampered((sqlite.reset(), sqlite), { listEvents: () => new Promise(() => {}) }), { name: 'hangs', callTimeoutMs: 100 });
    expect(v.smoke).toBe('adapter "hangs": listEvents("smoke-1") did not settle within 100 ms — the adapter hangs (a lock never released, a query never answered?)');
  });

  it('an adapter that returns garbage gets a verdict naming the call', async () => {
    const v = await verifyTaskStore(() => tampered((sqlite.reset(), sqlite), { appendEvent: async () => '7' as unknown as number }), { name: 'garbage' });
    expect(v.smoke).toBe('adapter "garbage": appendEvent("smoke-1", {"kind":"progress","data":{"n":0}}) returned "7" — expected a sequence number (an integer ≥ 0)');
    const rows = await verifyTaskStore(() => tampered((sqlite.reset(), sqlite), { listTasks: async () => [{ id: 1 }] as never }), { name: 'garbage-rows' });
    expect(rows.smoke).toContain('listTasks(["pending","running"]) returned [{"id":1}] — expected an array of rows');
  });

  it('garbage that only shows under concurrency fails the run on the step, naming the call', async () => {
    let calls = 0;
    // Correct for the smoke run (2 appends), then off by one from the 4th append of each run.
    const v = await verifyTaskStore(
      () => {
        calls = 0;
        sqlite.reset();
        return tampered(sqlite, { appendEvent: async (id, e) => (await sqlite.appendEvent(id, e)) + (++calls > 3 ? 1 : 0) });
      },
      { name: 'off-by-one', runs: 50, properties: ['seq-contiguous'] },
    );
    expect(v.ok).toBe(false);
    expect(v.results[0]!.failure!.message).toMatch(/appendEvent returned seqs \[.*\] but the tape holds/);
  });

  it('an appendEvent that rewrites every kind to progress (every final lost) fails, naming the call', async () => {
    const v = await verifyTaskStore(() => tampered((sqlite.reset(), sqlite), { appendEvent: (id, e) => sqlite.appendEvent(id, { ...e, kind: 'progress' }) }), { name: 'all-progress' });
    expect(v.ok).toBe(false);
    expect(v.smoke).toMatch(/^adapter "all-progress": listEvents\("smoke-1"\) returned \[.*\] — expected \[.*"kind":"final".*\], what the calls before it wrote$/);
  });

  it('a final lost only under concurrency is read back and fails the contract', async () => {
    let appends = 0;
    // Right for the smoke run (2 appends); from then on, a final written while another task's append
    // ran before it in the same run is stored as progress.
    const v = await verifyTaskStore(
      () => {
        appends = 0;
        sqlite.reset();
        return tampered(sqlite, { appendEvent: (id, e) => sqlite.appendEvent(id, ++appends > 2 && e.kind === 'final' ? { ...e, kind: 'progress' } : e) });
      },
      { name: 'loses-late-finals', runs: 100, properties: ['final-is-last'] },
    );
    expect(v.smoke).toBeUndefined();
    expect(v.ok).toBe(false);
    expect(v.results[0]!.failure!.message).toMatch(/appendEvent\("task-\d", \{"kind":"final","data":\{"status":"\w+"\}\}\) returned seq \d+, but listEvents\("task-\d"\) holds (no event|\{"kind":"progress".*\}) at seq \d+ — the store lost or rewrote the event it acknowledged/);
  });

  it('refuses a bad adapter name', async () => {
    await expect(verifyTaskStore((sim) => new TaskStore(sim), { name: 'my adapter' })).rejects.toThrow('invalid adapter name');
  });
});
