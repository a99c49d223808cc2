import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvStore } from '../models/stores/KvStore.js';
import { applyKvOps, type KvStorePort, type KvUpdateOp } from '../models/stores/KvStorePort.js';
import { kvStorePortOf } from '../models/stores/kvStorePortOf.js';
import { replay } from '../explore/replay.js';
import type { Sim } from '../sim/sim.js';
import { ReadThenWriteKvStore } from './broken/ReadThenWriteKvStore.js';
import { PostgresKvStore } from './postgres/KvStore.js';
import { simulatedConnection } from './simulatedConnection.js';
import { SqliteKvStore } from './sqlite/KvStore.js';
import { kvStoreContract, verifyKvStore } from './verifyKvStore.js';

describe('verifyKvStore: the key-value store contract', () => {
  let pg: PGlite;
  const sqlite = new SqliteKvStore();
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  }, 60_000);
  afterAll(async () => {
    sqlite.close();
    await pg?.close();
  });

  it('passes on the in-memory model', async () => {
    const v = await verifyKvStore((sim) => kvStorePortOf(new KvStore(sim, 'kv')), { name: 'model', runs: 400 });
    expect(v.report()).toContain('✓ key-value store contract — adapter "model"');
    expect(v.ok).toBe(true);
  });

  it('passes on the SQLite adapter, one point per call and one point per statement', async () => {
    const perCall = await verifyKvStore(async () => (await sqlite.reset(), sqlite), { name: 'sqlite', runs: 300 });
    expect(perCall.report()).not.toContain('✗');
    const perStatement = await verifyKvStore(async (sim) => (await sqlite.reset(), sqlite.on(simulatedConnection(sim, sqlite.connection))), { name: 'sqlite-statements', runs: 300 });
    expect(perStatement.report()).not.toContain('✗');
    expect(perStatement.results.map((r) => r.schedules)).toEqual([300, 300]);
  });

  it('passes on the Postgres adapter (PGlite, one instance, per statement)', async () => {
    const store = new PostgresKvStore(pg);
    const v = await verifyKvStore(async (sim) => (await store.reset(), store.on(simulatedConnection(sim, pg))), { name: 'pglite', runs: 60 });
    expect(v.report()).not.toContain('✗');
    expect(v.ok).toBe(true);
  });

  it('fails on a read-then-write update: minimal repro, and the token replays on a fresh SQLite adapter', async () => {
    const broken = new ReadThenWriteKvStore(sqlite.connection);
    const v = await verifyKvStore(async (sim) => (await broken.reset(), broken.on(simulatedConnection(sim, sqlite.connection))), { name: 'read-then-write', runs: 300 });
    expect(v.ok).toBe(false);
    const [lin, lost] = v.results;
    expect(lin!.failure!.message).toMatch(/linearizable violated/);
    const f = lost!.failure!;
    expect(f.message).toMatch(/no-lost-increments violated: increments of "a" returned .* both returned new = 1/);
    console.log(f.message);
    expect(f.preemptions).toBeLessThanOrEqual(2);
    expect(f.token).toMatch(/^il1\.kv-store-contract:read-then-write:no-lost-increments\./);
    expect(v.report()).toContain(f.token);
    console.log(`read-then-write: linearizable first at ${lin!.failure!.firstFoundAt} (${lin!.failure!.steps} steps, ${lin!.failure!.preemptions} switches); no-lost-increments first at ${f.firstFoundAt}, ${f.stepsBeforeShrink} → ${f.steps} steps, ${f.preemptions} switches`);
    // A reviewer rebuilds everything: a new database, a new contract scenario, the same trace.
    const fresh = new SqliteKvStore();
    try {
      const again = new ReadThenWriteKvStore(fresh.connection);
      const scenario = kvStoreContract(async (sim) => (await again.reset(), again.on(simulatedConnection(sim, fresh.connection))), { name: 'read-then-write' })['no-lost-increments'];
      const rebuilt = await replay(scenario, f.token);
      expect(rebuilt.trace.fingerprint).toBe(f.trace.fingerprint);
      expect(rebuilt.failure?.message).toBe(f.message);
    } finally {
      fresh.close();
    }
  });

  it('a read-then-write update over the in-memory model fails the same way, and its token replays', async () => {
    const factory = (sim: Sim): KvStorePort => {
      const p = kvStorePortOf(new KvStore(sim, 'kv'));
      return Object.assign(p, {
        async update(key: string, ops: readonly KvUpdateOp[]) {
          const old = await p.get(key);
          const next = applyKvOps(key, old, ops);
          await p.set(key, next);
          return { old, new: next };
        },
      });
    };
    const v = await verifyKvStore(factory, { name: 'model-read-then-write', runs: 300, properties: ['no-lost-increments'] });
    const f = v.results[0]!.failure!;
    expect(f.message).toMatch(/both returned new = 1/);
    expect(f.steps).toBeLessThanOrEqual(8);
    const again = await replay(kvStoreContract(factory, { name: 'model-read-then-write' })['no-lost-increments'], f.token);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
  });

  it('a read-then-write update looks atomic when each call is one point (why the statements must be points)', async () => {
    const broken = new ReadThenWriteKvStore(sqlite.connection);
    const v = await verifyKvStore(async () => (await broken.reset(), broken), { name: 'read-then-write-per-call', runs: 100 });
    expect(v.ok).toBe(true);
  });

  it('an adapter that answers wrongly gets a verdict naming the call', async () => {
    const off: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, { compareAndSet: async () => true });
    const v = await verifyKvStore(async () => (await sqlite.reset(), off), { name: 'always-true' });
    expect(v.smoke).toBe('adapter "always-true": compareAndSet("smoke-n", 7, 9) returned true — expected false');
    const garbage: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, { delete: async () => 1 });
    const g = await verifyKvStore(async () => (await sqlite.reset(), garbage), { name: 'garbage' });
    expect(g.smoke).toBe('adapter "garbage": delete("smoke-n") returned 1 — expected a boolean (whether the key existed)');
    // Values JSON cannot show are described exactly, and a value that resists inspection still names the call.
    const answers: Array<[string, unknown, string]> = [
      ['nan', NaN, 'NaN'],
      ['bigint', 7n, '7n'],
      ['function', function answer() {}, 'a function (answer)'],
      ['hostile', { n: 1n, toString: () => { throw new Error('no'); } }, '{"n":1n,"toString":a function (toString)}'],
    ];
    for (const [name, answer, shown] of answers) {
      const odd: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, { delete: async () => answer });
      const o = await verifyKvStore(async () => (await sqlite.reset(), odd), { name });
      expect(o.smoke).toBe(`adapter "${name}": delete("smoke-n") returned ${shown} — expected a boolean (whether the key existed)`);
    }
    // A hang that starts mid-exploration: each property waits the call timeout out about once (a
    // fast attempt may stop at the call before its deadline), never once per shrink candidate.
    let calls = 0;
    let hung = 0;
    const late: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, {
      update: (key: string, ops: readonly KvUpdateOp[]) => (++calls > 40 && key === 'b' ? (hung++, new Promise(() => {})) : sqlite.update(key, ops)),
    });
    const l = await verifyKvStore(async () => (await sqlite.reset(), late), { name: 'late-hang', callTimeoutMs: 50 });
    expect(l.results.map((r) => r.failure?.message)).toEqual([expect.stringMatching(/update\("b", .*\) did not settle within 50 ms/), expect.stringMatching(/update\("b", .*\) did not settle within 50 ms/)]);
    expect(l.results.every((r) => r.failure!.shrinkRuns === 0)).toBe(true);
    expect(hung).toBeLessThanOrEqual(4);
    const hangs: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, { get: () => new Promise(() => {}) });
    const h = await verifyKvStore(async () => (await sqlite.reset(), hangs), { name: 'hangs', callTimeoutMs: 100 });
    expect(h.smoke).toBe('adapter "hangs": get("smoke-missing") did not settle within 100 ms — the adapter hangs (a lock never released, a query never answered?)');
  });
});

describe('verifyKvStore in a plain Node process', () => {
  it('catches a rejection the adapter leaves unhandled and reports it, instead of dying of unhandledRejection', () => {
    const corpus = mkdtempSync(join(tmpdir(), 'interleave-detached-'));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'adapters/detachedRejection.fixture.ts'], { encoding: 'utf8', env: { ...process.env, INTERLEAVE_CORPUS: corpus } });
    const v = JSON.parse(out) as { ok: boolean; detached?: string; report: string };
    expect(v.ok).toBe(false);
    expect(v.report).toMatch(/a promise rejected and nothing handled it: Error: replication failed \(thrown at .*detachedRejection\.fixture\.ts:\d+:\d+\)/);
  }, 60_000);
});

// The same adapter code on node-postgres against a real server, when one is configured.
describe.skipIf(!process.env.DATABASE_URL)('verifyKvStore on Postgres over pg (DATABASE_URL)', () => {
  it('passes per statement, and catches the read-then-write update', async () => {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const store = new PostgresKvStore(client, { prefix: 'interleave_contract_' });
      const v = await verifyKvStore(async (sim) => (await store.reset(), store.on(simulatedConnection(sim, client))), { name: 'pg', runs: 60 });
      expect(v.ok, v.report()).toBe(true);
      const broken = new ReadThenWriteKvStore(client, { prefix: 'interleave_contract_' });
      const b = await verifyKvStore(async (sim) => (await broken.reset(), broken.on(simulatedConnection(sim, client))), { name: 'pg-read-then-write', runs: 60, properties: ['no-lost-increments'] });
      expect(b.ok).toBe(false);
    } finally {
      await client.end();
    }
  }, 120_000);
});
