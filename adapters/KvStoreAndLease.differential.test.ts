import { PGlite } from '@electric-sql/pglite';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvStore } from '../models/stores/KvStore.js';
import type { Json, KvStorePort, KvUpdateOp } from '../models/stores/KvStorePort.js';
import { kvStorePortOf } from '../models/stores/kvStorePortOf.js';
import { Lease } from '../models/sync/Lease.js';
import type { LeasePort } from '../models/sync/LeasePort.js';
import { leasePortOf } from '../models/sync/leasePortOf.js';
import { EPOCH } from '../sim/clock.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from '../sim/scenario.js';
import { stableJson } from '../sim/trace.js';
import { PostgresKvStore } from './postgres/KvStore.js';
import { PostgresLease } from './postgres/Lease.js';
import { SqliteKvStore } from './sqlite/KvStore.js';
import { SqliteLease } from './sqlite/Lease.js';

/**
 * Differential test of the key-value and lease ports: the in-memory models (through
 * `kvStorePortOf` / `leasePortOf`) against the SQL adapters on real SQLite (better-sqlite3) and real
 * Postgres (PGlite). The same generated sequence gives the same answers and the same thrown error
 * classes on all three. Sequential only — concurrency is the contract suites' job.
 */

type Outcome = { ok: unknown } | { threw: string };
const canon = (outs: Outcome[]) => JSON.parse(stableJson(outs)) as unknown;

// ── key-value ───────────────────────────────────────────────────────────────────────────────

type KvCall =
  | { op: 'get'; key: string }
  | { op: 'delete'; key: string }
  | { op: 'set'; key: string; value: Json }
  | { op: 'update'; key: string; ops: KvUpdateOp[] }
  | { op: 'cas'; key: string; expected: Json | undefined; next: Json };

const key = fc.constantFrom('a', 'b');
const small = fc.integer({ min: -3, max: 3 });
const value: fc.Arbitrary<Json> = fc.oneof(small, small, fc.string({ maxLength: 3 }), fc.constant(null), fc.record({ x: small }));
const updateOp: fc.Arbitrary<KvUpdateOp> = fc.oneof(fc.record({ type: fc.constant('increment' as const), by: small }), fc.record({ type: fc.constant('set' as const), value }));
const kvCall: fc.Arbitrary<KvCall> = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('set' as const), key, value }) as fc.Arbitrary<KvCall>,
  fc.record({ op: fc.constant('update' as const), key, ops: fc.array(updateOp, { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constant('update' as const), key, ops: fc.constant<KvUpdateOp[]>([{ type: 'increment' }]) }),
  fc.record({ op: fc.constant('cas' as const), key, expected: fc.option(value, { nil: undefined }), next: value }) as fc.Arbitrary<KvCall>,
);

async function applyKv(s: KvStorePort, calls: readonly KvCall[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of calls) {
    try {
      if (c.op === 'get') out.push({ ok: await s.get(c.key) });
      else if (c.op === 'delete') out.push({ ok: await s.delete(c.key) });
      else if (c.op === 'set') out.push({ ok: await s.set(c.key, c.value) });
      else if (c.op === 'update') out.push({ ok: await s.update(c.key, c.ops) });
      else out.push({ ok: await s.compareAndSet(c.key, c.expected, c.next) });
    } catch (e) {
      out.push({ threw: (e as Error).name });
    }
  }
  for (const k of ['a', 'b']) out.push({ ok: await s.get(k) });
  return out;
}

async function onKvModel(calls: readonly KvCall[]): Promise<Outcome[]> {
  let out: Outcome[] = [];
  const r = await runOnce(
    defineScenario({
      name: 'kv-differential',
      setup(sim) {
        const port = kvStorePortOf(new KvStore(sim, 'kv'));
        sim.spawn('client', async () => {
          out = await applyKv(port, calls);
        });
      },
    }),
  );
  if (!r.ok) throw new Error(r.failure!.message);
  return out;
}

// ── lease ───────────────────────────────────────────────────────────────────────────────────

const TTL = 100;
type LeaseCall =
  | { op: 'acquire'; owner: string }
  | { op: 'renew' | 'release'; owner: string; back: number }
  | { op: 'holder' }
  | { op: 'advance'; ms: number };

const owner = fc.constantFrom('A', 'B');
const leaseCall: fc.Arbitrary<LeaseCall> = fc.oneof(
  fc.record({ op: fc.constant('acquire' as const), owner }),
  fc.record({ op: fc.constantFrom('renew' as const, 'release' as const), owner, back: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constant('holder' as const) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(0, 50, 99, 100, 150) }),
);

/** Runs the calls; `as(owner, fn)` runs one call as that owner, `sleep` advances the clock. */
async function applyLease(s: LeasePort, calls: readonly LeaseCall[], clock: { now(): number; sleep(ms: number): Promise<void>; as<T>(owner: string, fn: () => Promise<T>): Promise<T> }): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let latest = 0;
  for (const c of calls) {
    try {
      if (c.op === 'advance') {
        await clock.sleep(c.ms);
        continue;
      }
      if (c.op === 'holder') out.push({ ok: await s.holder(clock.now()) });
      else if (c.op === 'acquire') {
        const t = await clock.as(c.owner, () => s.acquire(c.owner, TTL, clock.now()));
        if (t !== null) latest = t;
        out.push({ ok: t });
      } else if (c.op === 'renew') out.push({ ok: await clock.as(c.owner, () => s.renew(c.owner, latest - c.back, TTL, clock.now())) });
      else out.push({ ok: await clock.as(c.owner, () => s.release(c.owner, latest - c.back)) });
    } catch (e) {
      out.push({ threw: (e as Error).name });
    }
  }
  return out;
}

async function onLeaseModel(calls: readonly LeaseCall[]): Promise<Outcome[]> {
  let out: Outcome[] = [];
  const r = await runOnce(
    defineScenario({
      name: 'lease-differential',
      setup(sim) {
        const port = leasePortOf(sim, new Lease(sim, 'leader', { ttlMs: TTL }));
        // The model names holders by actor: owners A and B are actors that run one call per turn.
        let turn = 'driver';
        let job: (() => Promise<unknown>) | undefined;
        let result: Outcome = { ok: undefined };
        const wait = (me: string) => sim.point(`turn ${me}`, { obj: 'turn', enabled: () => turn === me });
        for (const who of ['A', 'B']) {
          sim.spawn(
            who,
            async () => {
              for (;;) {
                await wait(who);
                try {
                  result = { ok: await job!() };
                } catch (e) {
                  result = { threw: (e as Error).name };
                }
                turn = 'driver';
              }
            },
            { daemon: true },
          );
        }
        sim.spawn('driver', async () => {
          out = await applyLease(port, calls, {
            now: () => sim.now,
            sleep: (ms) => sim.sleep(ms),
            async as<T>(who: string, fn: () => Promise<T>) {
              job = fn;
              turn = who;
              await wait('driver');
              if ('threw' in result) throw Object.assign(new Error(result.threw), { name: result.threw });
              return result.ok as T;
            },
          });
        });
      },
    }),
  );
  if (!r.ok) throw new Error(r.failure!.message);
  return out;
}

describe('key-value and lease ports: model vs SQLite vs Postgres (PGlite)', () => {
  let pg: PGlite;
  const sqliteKv = new SqliteKvStore();
  const sqliteLease = new SqliteLease('leader');
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  }, 60_000);
  afterAll(async () => {
    sqliteKv.close();
    sqliteLease.close();
    await pg?.close();
  });

  it('key-value: same answers and errors on 100 generated sequences', async () => {
    const pgKv = new PostgresKvStore(pg);
    await fc.assert(
      fc.asyncProperty(fc.array(kvCall, { minLength: 3, maxLength: 25 }), async (calls) => {
        const model = canon(await onKvModel(calls));
        await sqliteKv.reset();
        expect(canon(await applyKv(sqliteKv, calls))).toEqual(model);
        await pgKv.reset();
        expect(canon(await applyKv(pgKv, calls))).toEqual(model);
      }),
      { numRuns: 100, seed: 6 },
    );
  }, 60_000);

  it('lease: same answers on 100 generated sequences (acquire, renew and release with current or stale tokens, expiry)', async () => {
    const pgLease = new PostgresLease(pg, 'leader');
    const real = () => {
      let now = EPOCH;
      return { now: () => now, sleep: async (ms: number) => void (now += ms), as: <T>(_: string, fn: () => Promise<T>) => fn() };
    };
    await fc.assert(
      fc.asyncProperty(fc.array(leaseCall, { minLength: 3, maxLength: 25 }), async (calls) => {
        const model = canon(await onLeaseModel(calls));
        await sqliteLease.reset();
        expect(canon(await applyLease(sqliteLease, calls, real()))).toEqual(model);
        await pgLease.reset();
        expect(canon(await applyLease(pgLease, calls, real()))).toEqual(model);
      }),
      { numRuns: 100, seed: 6 },
    );
  }, 60_000);
});
