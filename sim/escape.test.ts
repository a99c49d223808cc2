/**
 * Escapes are exact: real work awaited (or started) inside a run is reported by that run as an
 * escape naming the actor, within one run; a wait on something the simulation settles never is.
 */
import { pbkdf2, pbkdf2Sync, randomBytes, randomFillSync, randomUUID, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';
import type { Sim } from './sim.js';

function oneActor(name: string, body: (sim: Sim, c: Cell<number>) => Promise<unknown>, globals = false) {
  return defineScenario({
    name,
    setup(sim) {
      if (globals) sim.installGlobals();
      const c = new Cell(sim, 'c', 0);
      sim.spawn('worker', async () => {
        await c.get();
        await body(sim, c);
        await c.set(1);
      });
    },
  });
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('escapes', () => {
  it('a real setTimeout awaited inside a run', async () => {
    const r = await runOnce(oneActor('real-timer', () => new Promise((resolve) => setTimeout(resolve, 20))));
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.message).toMatch(/^actor "worker" escaped the simulation after its scheduling point "c.get" \(step 1\): it started a real timer \(setTimeout\/setInterval\) \(Timeout\)/);
  });

  it('a real setTimeout left behind, not awaited', async () => {
    const r = await runOnce(oneActor('real-timer-left', async (_sim, c) => void setTimeout(() => void c.set(99), 20)));
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.actor).toBe('worker');
    // Its callback, when it fires after the run, does not crash anything.
    await new Promise((resolve) => setTimeout(resolve, 40));
  });

  it('fs.promises.readFile', async () => {
    const r = await runOnce(oneActor('real-file', () => readFile(import.meta.filename)));
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.message).toMatch(/actor "worker" escaped the simulation .*real file-system I\/O/);
  });

  it('a request to a closed local port', async () => {
    const port = await closedPort();
    const get = () =>
      new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/' }, resolve);
        req.on('error', resolve);
        req.end();
      });
    const r = await runOnce(oneActor('real-socket', get));
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.message).toMatch(/actor "worker" escaped the simulation .*real network I\/O/);
    // HTTPCLIENTREQUEST ends in REQUEST like a crypto job, but its remedy is the general one.
    expect(r.failure?.message).toMatch(/Route it through a model or sim\.port/);
  });

  it('virtual timers, awaited through any promise wrapper, and nextTick and setImmediate are not escapes', async () => {
    const r = await runOnce(
      oneActor(
        'virtual-waits',
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await new Promise((resolve) => process.nextTick(resolve));
          await new Promise((resolve) => setImmediate(resolve));
        },
        true,
      ),
    );
    expect(r.failure).toBeUndefined();
    expect(r.trace.steps.at(-1)!.time).toBe(r.trace.steps[0]!.time + 50);
  });

  it('synchronous crypto and zlib are not escapes on a tracked run; their asynchronous forms are', async () => {
    // Node makes a native job for each synchronous call too (RANDOMBYTESREQUEST, ZLIB) and runs it
    // before returning. redlock's lock value, uuid's pool refill and getRandomValues all do this.
    const tracked = (f: () => unknown) => oneActor('sync-native', async () => {
      await new Promise<void>((resolve) => process.nextTick(resolve));
      f();
    });
    for (const f of [
      () => randomBytes(16),
      () => randomFillSync(Buffer.alloc(8)),
      () => pbkdf2Sync('pw', 'salt', 1, 16, 'sha256'),
      () => scryptSync('pw', 'salt', 16),
      () => Array.from({ length: 300 }, () => randomUUID()),
      () => globalThis.crypto.getRandomValues(new Uint8Array(8)),
      () => gunzipSync(gzipSync('hello')),
    ]) {
      const r = await runOnce(tracked(f));
      expect(r.failure?.message).toBeUndefined();
    }
    const bytes = await runOnce(oneActor('async-random', () => new Promise((resolve) => randomBytes(8, resolve))));
    expect(bytes.failure?.message).toMatch(/escaped the simulation.*: it started crypto work on Node's thread pool \(RANDOMBYTESREQUEST\).* Call its synchronous form/);
    const key = await runOnce(oneActor('async-pbkdf2', () => new Promise((resolve) => pbkdf2('pw', 'salt', 1, 16, 'sha256', resolve))));
    expect(key.failure?.message).toMatch(/escaped the simulation.*\(PBKDF2REQUEST\)/);
  });

  it('a real setImmediate and process.nextTick without installed globals belong to the step', async () => {
    const r = await runOnce(
      oneActor('real-deferred', async (sim) => {
        await new Promise<void>((resolve) => setImmediate(() => (sim.log('immediate'), resolve())));
        await new Promise<void>((resolve) => process.nextTick(() => (sim.log('tick'), resolve())));
      }),
    );
    expect(r.failure).toBeUndefined();
    expect(r.trace.events.map((e) => `${e.actor}:${e.kind}@${e.step}`)).toEqual(['worker:immediate@1', 'worker:tick@1']);
  });

  it('a real timer setup or check leaves pending is that phase\'s escape; its callback after the run crashes nothing', async () => {
    const inSetup = defineScenario({
      name: 'real-timer-in-setup',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        setTimeout(() => c.set(99), 20);
        sim.spawn('a', () => c.get());
      },
    });
    const inCheck = defineScenario({
      name: 'real-timer-in-check',
      setup: (sim) => {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', () => c.get());
        return c;
      },
      check: (c) => void setTimeout(() => c.set(99), 20),
    });
    const a = await runOnce(inSetup);
    expect(a.failure?.kind).toBe('escape');
    expect(a.failure?.message).toMatch(/^setup escaped the simulation: it started a real timer .* still pending when the run ended/);
    const b = await runOnce(inCheck);
    expect(b.failure?.message).toMatch(/^check escaped the simulation/);
    await new Promise((resolve) => setTimeout(resolve, 40));
  });

  it('real work setup awaits is not an escape', async () => {
    const s = defineScenario({
      name: 'real-wait-in-setup',
      async setup(sim) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await readFile(import.meta.filename);
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', () => c.get());
      },
    });
    expect((await runOnce(s)).failure).toBeUndefined();
  });
});
