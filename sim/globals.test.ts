/** installGlobals reaches what modules captured at import, and puts every property back exactly. */
import * as nodeCrypto from 'node:crypto';
import * as timers from 'node:timers';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EPOCH } from './clock.js';
import { PROCESS_AGE_MS } from './globals.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

// What a module holds from its import time.
const capturedPerformance = performance;
const CapturedDate = Date;

const descriptors = () => ({
  perf: Object.getOwnPropertyDescriptors(performance),
  date: Object.getOwnPropertyDescriptors(Date),
  hrtime: Object.getOwnPropertyDescriptor(process, 'hrtime'),
  global: ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'Date'].map((k) => Object.getOwnPropertyDescriptor(globalThis, k)),
  timers: Object.getOwnPropertyDescriptors(timers),
  random: Object.getOwnPropertyDescriptor(Math, 'random'),
  crypto: Object.getOwnPropertyDescriptors(globalThis.crypto),
  cryptoModule: Object.getOwnPropertyDescriptors(nodeCrypto),
});

describe('installGlobals', () => {
  it('reaches captured objects and imported timer functions, on virtual time', async () => {
    const s = defineScenario({
      name: 'captured-globals',
      setup(sim) {
        sim.installGlobals();
        sim.spawn('a', async () => {
          const t0 = [capturedPerformance.now(), CapturedDate.now(), process.hrtime.bigint()];
          await new Promise((resolve) => timers.setTimeout(resolve, 250));
          await sleepFor(250);
          sim.log('times', {
            perf: [t0[0], capturedPerformance.now()],
            date: [t0[1], CapturedDate.now(), new Date().getTime()],
            hrtimeMs: Number((process.hrtime.bigint() - (t0[2] as bigint)) / 1_000_000n),
            origin: capturedPerformance.timeOrigin,
          });
        });
      },
    });
    const r = await runOnce(s);
    expect(r.failure).toBeUndefined();
    expect(r.trace.events[0]!.data).toEqual({
      perf: [PROCESS_AGE_MS, PROCESS_AGE_MS + 500],
      date: [EPOCH, EPOCH + 500, EPOCH + 500],
      hrtimeMs: 500,
      origin: EPOCH - PROCESS_AGE_MS,
    });
  });

  it('puts back every property it patched, exactly, after a run that failed', async () => {
    const before = descriptors();
    const s = defineScenario({
      name: 'globals-restored',
      setup(sim) {
        sim.installGlobals();
        sim.spawn('a', async () => {
          await sleepFor(10);
          throw new Error('deliberate');
        });
      },
    });
    expect((await runOnce(s)).failure?.kind).toBe('error');
    expect(descriptors()).toEqual(before);
    expect(performance.now()).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThan(EPOCH + 365 * 24 * 3600 * 1000);
  });

  it('makes Math.random, crypto.randomUUID and getRandomValues the same on every run of a schedule', async () => {
    const s = defineScenario({
      name: 'seeded-random',
      setup(sim) {
        sim.installGlobals();
        sim.spawn('a', async () => {
          await sleepFor(1);
          sim.log('random', { r: Math.random(), uuid: nodeCrypto.randomUUID(), web: globalThis.crypto.randomUUID(), bytes: [...nodeCrypto.getRandomValues(new Uint8Array(4))] });
        });
      },
    });
    const first = (await runOnce(s)).trace.events[0]!.data as { r: number; uuid: string; web: string };
    expect((await runOnce(s)).trace.events[0]!.data).toEqual(first);
    expect(first.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.web).not.toBe(first.uuid);
    expect(Math.random()).not.toBe(first.r);
  });

  it('called inside an actor, it starts no real work of its own (no false escape)', async () => {
    const s = defineScenario({
      name: 'globals-in-actor',
      setup(sim) {
        sim.spawn('a', async () => {
          sim.installGlobals();
          await new Promise((resolve) => setTimeout(resolve, 50));
          sim.log('at', Date.now());
        });
      },
    });
    const r = await runOnce(s);
    expect(r.failure).toBeUndefined();
    expect(r.trace.events[0]!.data).toBe(EPOCH + 50);
  });
});
