import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease } from '../models/sync/Lease.js';
import { leasePortOf } from '../models/sync/leasePortOf.js';
import { replay } from '../explore/replay.js';
import { CheckThenWriteLease } from './broken/CheckThenWriteLease.js';
import { PostgresLease } from './postgres/Lease.js';
import { simulatedConnection } from './simulatedConnection.js';
import { SqliteLease } from './sqlite/Lease.js';
import { leaseContract, verifyLease } from './verifyLease.js';

describe('verifyLease: the lease contract', () => {
  let pg: PGlite;
  const sqlite = new SqliteLease('leader');
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  }, 60_000);
  afterAll(async () => {
    sqlite.close();
    await pg?.close();
  });

  it('passes on the in-memory model', async () => {
    const v = await verifyLease((sim) => leasePortOf(sim, new Lease(sim, 'leader', { ttlMs: 100 })), { name: 'model', runs: 400 });
    expect(v.report()).toContain('✓ lease contract — adapter "model"');
    expect(v.ok).toBe(true);
  });

  it('passes on the SQLite adapter (statements as points)', async () => {
    const v = await verifyLease(async (sim) => (await sqlite.reset(), sqlite.on(simulatedConnection(sim, sqlite.connection))), { name: 'sqlite', runs: 300 });
    expect(v.report()).not.toContain('✗');
    expect(v.results.map((r) => r.schedules)).toEqual([300, 300]);
  });

  it('passes on the Postgres adapter (PGlite, one instance)', async () => {
    const lease = new PostgresLease(pg, 'leader');
    const v = await verifyLease(async (sim) => (await lease.reset(), lease.on(simulatedConnection(sim, pg))), { name: 'pglite', runs: 60 });
    expect(v.report()).not.toContain('✗');
    expect(v.ok).toBe(true);
  });

  it('fails on a check-then-write acquire: minimal repro, and the token replays on a fresh SQLite adapter', async () => {
    const broken = new CheckThenWriteLease(sqlite.connection, 'leader');
    const v = await verifyLease(async (sim) => (await broken.reset(), broken.on(simulatedConnection(sim, sqlite.connection))), { name: 'check-then-write', runs: 300 });
    expect(v.ok).toBe(false);
    const [mutex, fencing] = v.results;
    const f = mutex!.failure!;
    expect(f.message).toMatch(/mutualExclusion violated: two holders of "lease" at once/);
    expect(fencing!.failure!.message).toMatch(/fencing violated/);
    expect(f.preemptions).toBeLessThanOrEqual(2);
    expect(f.token).toMatch(/^il1\.lease-contract:check-then-write:mutual-exclusion\./);
    expect(v.report()).toContain(f.token);
    console.log(f.message);
    console.log(`check-then-write: mutual-exclusion first at ${f.firstFoundAt}, ${f.stepsBeforeShrink} → ${f.steps} steps, ${f.preemptions} switches; fencing first at ${fencing!.failure!.firstFoundAt} (${fencing!.failure!.steps} steps, ${fencing!.failure!.preemptions} switches)`);
    const fresh = new SqliteLease('leader');
    try {
      const again = new CheckThenWriteLease(fresh.connection, 'leader');
      const scenario = leaseContract(async (sim) => (await again.reset(), again.on(simulatedConnection(sim, fresh.connection))), { name: 'check-then-write' })['mutual-exclusion'];
      const rebuilt = await replay(scenario, f.token);
      expect(rebuilt.trace.fingerprint).toBe(f.trace.fingerprint);
      expect(rebuilt.failure?.message).toBe(f.message);
    } finally {
      fresh.close();
    }
  });

  it('an adapter that grants a held lease is named by the smoke run', async () => {
    const v = await verifyLease(async () => (await sqlite.reset(), Object.assign(Object.create(sqlite) as SqliteLease, { acquire: async (o: string, t: number, n: number) => (await sqlite.acquire(o, t, n)) ?? 1 })), { name: 'always-yes' });
    expect(v.smoke).toBe('adapter "always-yes": acquire("smoke", 100, 1704067200000) while held returned 1 — expected null');
  });
});

// The same adapter code on node-postgres against a real server, when one is configured.
describe.skipIf(!process.env.DATABASE_URL)('verifyLease on Postgres over pg (DATABASE_URL)', () => {
  it('passes per statement, and catches the check-then-write acquire', async () => {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const lease = new PostgresLease(client, 'leader', { prefix: 'interleave_contract_' });
      const v = await verifyLease(async (sim) => (await lease.reset(), lease.on(simulatedConnection(sim, client))), { name: 'pg', runs: 60 });
      expect(v.ok, v.report()).toBe(true);
      const broken = new CheckThenWriteLease(client, 'leader', { prefix: 'interleave_contract_' });
      const b = await verifyLease(async (sim) => (await broken.reset(), broken.on(simulatedConnection(sim, client))), { name: 'pg-check-then-write', runs: 60, properties: ['mutual-exclusion'] });
      expect(b.ok).toBe(false);
    } finally {
      await client.end();
    }
  }, 120_000);
});
