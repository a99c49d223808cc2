/**
 * `sim.installGlobals()`: a real module that reads the clock or sets timers runs on virtual time.
 *
 * Modules capture these at import (`const perf = performance`, `import { setTimeout } from
 * 'node:timers'`, `const { now } = Date`), so they are patched where they live, not only replaced on
 * `globalThis`, and every patched property is put back exactly as it was (its descriptor) when the
 * run ends, even when it fails:
 * - `Date`: the global becomes @sinonjs/fake-timers' virtual `Date` (so `new Date()` reads the
 *   virtual clock); `Date.now` of the real `Date` is patched too, for code holding that.
 * - `performance.now()` and `performance.timeOrigin` on the real `performance` object (which
 *   `perf_hooks` shares), and `process.hrtime` / `process.hrtime.bigint`. The virtual process
 *   started {@link PROCESS_AGE_MS} before the run's epoch, so `performance.now()` is never 0 (which
 *   libraries such as lru-cache read as "no timestamp").
 * - The timer functions on `globalThis` and on the `node:timers` module (and its ESM named exports,
 *   through `syncBuiltinESMExports`), and the promise timers of `node:timers/promises`. Each timer is
 *   an actor that sleeps on the virtual clock and then runs its callback as one step, so a timer
 *   firing is a scheduling choice like any other. A pending timer keeps the run alive, as it keeps a
 *   Node process alive, unless it is `unref()`ed.
 * Not reached: a timer function a module destructured before the run (`const { setTimeout } =
 * globalThis` holds the real function), and `new` on a `Date` constructor captured before it — those
 * run on real time, which a tracked run reports as an escape. `process.nextTick` and
 * `queueMicrotask` are not timers and stay real (they are part of the step that queues them).
 */
import FakeTimers from '@sinonjs/fake-timers';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { Actor } from './actor.js';
import { EPOCH, type VirtualClock } from './clock.js';

/** How long the virtual process has been running when a run starts (for `performance.now()`). */
export const PROCESS_AGE_MS = 10_000;

/** What the globals need from a run. */
export interface TimerHost {
  readonly clock: VirtualClock;
  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean): Actor<void>;
  sleep(ms: number): Promise<void>;
}

const require = createRequire(import.meta.url);
const timersModule = require('node:timers') as Record<string, unknown>;
const timersPromises = require('node:timers/promises') as Record<string, unknown>;
const RealDate = Date;
const realPerformance = performance;

const TIMER_NAMES = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;

class VirtualTimeout {
  actor: Actor<void> | undefined;
  cleared = false;
  private refed = true;
  constructor(
    readonly id: number,
    private readonly start: (handle: VirtualTimeout) => void,
  ) {}
  ref(): this {
    if (!this.refed && !this.cleared) {
      this.refed = true;
      this.restart();
    }
    return this;
  }
  unref(): this {
    if (this.refed && !this.cleared) {
      this.refed = false;
      this.restart();
    }
    return this;
  }
  hasRef(): boolean {
    return this.refed;
  }
  refresh(): this {
    if (!this.cleared) this.restart();
    return this;
  }
  get daemon(): boolean {
    return !this.refed;
  }
  private restart(): void {
    this.actor?.kill();
    this.start(this);
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

/** Saves property descriptors and puts them back exactly, last patched first. */
class Patches {
  private readonly saved: Array<[object, PropertyKey, PropertyDescriptor | undefined]> = [];
  set(target: object, key: PropertyKey, value: unknown): void {
    this.saved.push([target, key, Object.getOwnPropertyDescriptor(target, key)]);
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: Object.getOwnPropertyDescriptor(target, key)?.enumerable ?? false });
  }
  restore(): void {
    for (let i = this.saved.length - 1; i >= 0; i--) {
      const [target, key, descriptor] = this.saved[i]!;
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<PropertyKey, unknown>)[key];
    }
    this.saved.length = 0;
  }
}

function virtualTimers(host: TimerHost) {
  const handles = new Map<number, VirtualTimeout>();
  let nextId = 1;
  const schedule = (kind: string, cb: unknown, ms: unknown, args: unknown[], repeat: boolean): VirtualTimeout => {
    if (typeof cb !== 'function') throw new TypeError(`${kind}: callback must be a function`);
    const delay = Math.max(0, Number(ms) || 0);
    const handle = new VirtualTimeout(nextId++, (h) => {
      h.actor = host.spawnTimer(`${kind}#${h.id}`, async () => {
        do {
          await host.sleep(delay);
          if (h.cleared) return;
          await (cb as (...a: unknown[]) => unknown)(...args);
        } while (repeat && !h.cleared);
        handles.delete(h.id);
      }, h.daemon);
    });
    handles.set(handle.id, handle);
    handle.refresh();
    return handle;
  };
  const clear = (h: unknown): void => {
    const handle = h instanceof VirtualTimeout ? h : handles.get(Number(h));
    if (!handle || handle.cleared) return;
    handle.cleared = true;
    handles.delete(handle.id);
    if (!handle.actor?.done) handle.actor?.kill();
  };
  const fns = {
    setTimeout: (cb: unknown, ms?: unknown, ...args: unknown[]) => schedule('setTimeout', cb, ms, args, false),
    setInterval: (cb: unknown, ms?: unknown, ...args: unknown[]) => schedule('setInterval', cb, ms, args, true),
    setImmediate: (cb: unknown, ...args: unknown[]) => schedule('setImmediate', cb, 0, args, false),
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate: clear,
  };
  const promises = {
    setTimeout: (ms?: unknown, value?: unknown) => new Promise((resolve) => fns.setTimeout(() => resolve(value), ms)),
    setImmediate: (value?: unknown) => new Promise((resolve) => fns.setImmediate(() => resolve(value))),
  };
  return { fns, promises };
}

/** Installs the virtual globals; returns the function that restores the real ones. */
export function installGlobals(host: TimerHost): () => void {
  const g = globalThis as unknown as Record<string, unknown>;
  const patches = new Patches();
  const fake = FakeTimers.withGlobal(globalThis).install({ now: host.clock.now, toFake: ['Date'] });
  let faked = host.clock.now;
  const stopListening = host.clock.onAdvance((now) => {
    fake.tick(now - faked);
    faked = now;
  });

  const elapsed = () => host.clock.now - EPOCH + PROCESS_AGE_MS;
  patches.set(RealDate, 'now', () => host.clock.now);
  patches.set(realPerformance, 'now', elapsed);
  patches.set(realPerformance, 'timeOrigin', EPOCH - PROCESS_AGE_MS);
  const hrtime = (previous?: [number, number]): [number, number] => {
    const ns = BigInt(elapsed()) * 1_000_000n;
    let s = Number(ns / 1_000_000_000n);
    let n = Number(ns % 1_000_000_000n);
    if (previous) {
      s -= previous[0];
      n -= previous[1];
      if (n < 0) {
        s--;
        n += 1e9;
      }
    }
    return [s, n];
  };
  hrtime.bigint = () => BigInt(elapsed()) * 1_000_000n;
  patches.set(process, 'hrtime', hrtime);

  const { fns, promises } = virtualTimers(host);
  for (const name of TIMER_NAMES) {
    patches.set(g, name, fns[name]);
    patches.set(timersModule, name, fns[name]);
  }
  patches.set(timersPromises, 'setTimeout', promises.setTimeout);
  patches.set(timersPromises, 'setImmediate', promises.setImmediate);
  syncBuiltinESMExports();

  return () => {
    patches.restore();
    syncBuiltinESMExports();
    stopListening();
    fake.uninstall();
  };
}
