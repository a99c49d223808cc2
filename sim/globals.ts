/**
 * `sim.installGlobals()`: a real module that reads the clock, sets timers or draws random numbers
 * runs on the run's virtual time and seeded randomness.
 *
 * Modules capture these at import (`const perf = performance`, `import { setTimeout } from
 * 'node:timers'`, `const { now } = Date`), so they are patched where they live, not only replaced on
 * `globalThis`, and every patched property is put back exactly as it was (its descriptor) when the
 * last run using them ends, even when it fails:
 * - `Date`: the global becomes a `Date` whose `new Date()` reads the virtual clock; `Date.now` of
 *   the real `Date` is patched too, for code holding that.
 * - `performance.now()` and `performance.timeOrigin` on the real `performance` object (which
 *   `perf_hooks` shares), and `process.hrtime` / `process.hrtime.bigint`. The virtual process
 *   started {@link PROCESS_AGE_MS} before the run's epoch, so `performance.now()` is never 0 (which
 *   libraries such as lru-cache read as "no timestamp").
 * - The timer functions on `globalThis` and on the `node:timers` module (and its ESM named exports,
 *   through `syncBuiltinESMExports`), the promise timers of `node:timers/promises` (`setTimeout`,
 *   `setImmediate`, `setInterval`, `scheduler.wait` / `yield`, with their `signal` and `ref`
 *   options), `util.promisify(setTimeout)` and `AbortSignal.timeout`: virtual timers of the run
 *   (`virtualTimers.ts`, `virtualPromiseTimers.ts`).
 * - `Math.random`, and `randomUUID` / `getRandomValues` of `globalThis.crypto` and `node:crypto`
 *   (whose `getRandomValues` calls the web one): one seeded stream per run (`virtualRandom.ts`).
 *
 * **Runs overlapping in one process** (`test.concurrent`) each see their own clock, timers and
 * randomness: the patched functions are installed once and ask which run is calling. With one run
 * open, it is that run's (code outside the run, such as the test runner, sees it too, as before).
 * With several open, it is the run whose async context the caller is in (`tracking.ts`), real for
 * code of no run or of a run without globals — so while runs overlap and one of them uses globals,
 * every open run is tracked: a fast one stops and is run again tracked (`escalate`), which gives the
 * same trace.
 *
 * Not reached: a timer function a module destructured before the run (`const { setTimeout } =
 * globalThis` holds the real function), and `new` on a `Date` constructor captured before it — those
 * run on real time, which a tracked run reports as an escape. `process.nextTick` and
 * `queueMicrotask` are not timers and stay real (they are part of the step that queues them).
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import { EPOCH, type VirtualClock } from './clock.js';
import { escalateFastRuns } from './fastWatch.js';
import { actorContext } from './tracking.js';
import { type RunRandom, virtualRandom } from './virtualRandom.js';
import { type RunTimers, type TimerHost, virtualTimers, VirtualTimeout } from './virtualTimers.js';

export type { TimerHost } from './virtualTimers.js';

/** How long the virtual process has been running when a run starts (for `performance.now()`). */
export const PROCESS_AGE_MS = 10_000;


interface Installed {
  readonly clock: VirtualClock;
  readonly timers: RunTimers;
  readonly random: RunRandom;
}

const require = createRequire(import.meta.url);
const timersModule = require('node:timers') as Record<string, unknown>;
const timersPromises = require('node:timers/promises') as Record<string, unknown>;
const cryptoModule = require('node:crypto') as Record<string, unknown>;
const g = globalThis as unknown as Record<string, unknown>;
const webcrypto = globalThis.crypto as unknown as Record<string, unknown>;
const RealDate = Date;
const realPerformance = performance;

const TIMER_NAMES = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;
type TimerName = (typeof TIMER_NAMES)[number];
const realTimers = Object.fromEntries(TIMER_NAMES.map((n) => [n, g[n]])) as Record<TimerName, (...a: unknown[]) => unknown>;
type AnyFn = (...a: unknown[]) => unknown;
const realScheduler = timersPromises.scheduler as Record<'wait' | 'yield', AnyFn>;
const realPromiseTimers = {
  setTimeout: timersPromises.setTimeout as AnyFn,
  setImmediate: timersPromises.setImmediate as AnyFn,
  setInterval: timersPromises.setInterval as AnyFn,
  wait: realScheduler.wait.bind(realScheduler) as AnyFn,
  yield: realScheduler.yield.bind(realScheduler) as AnyFn,
};
const realAbortTimeout = AbortSignal.timeout.bind(AbortSignal);
const realDateNow = RealDate.now;
const realPerfNow = realPerformance.now.bind(realPerformance);
const realTimeOrigin = realPerformance.timeOrigin;
const realHrtime = process.hrtime;
const realRandom = Math.random;
const realRandomUUID = (webcrypto.randomUUID as () => string).bind(webcrypto);
const realGetRandomValues = (webcrypto.getRandomValues as <T>(a: T) => T).bind(webcrypto);

// ── which run is calling ─────────────────────────────────────────────────────────────────────

const installed = new Map<object, Installed>();
/**
 * Runs open (fast and tracked). A count, not a set: holding every run in a module-level set cost
 * short fast runs a third of their speed; the fast ones are reached through `fastWatch.ts`.
 */
let openRuns = 0;
/** The one run open, when it installed globals: every caller's (the common case, no lookup). */
let sole: Installed | undefined;

function current(): Installed | undefined {
  if (sole !== undefined || installed.size === 0) return sole;
  const f = actorContext.getStore();
  return f === undefined ? undefined : installed.get(f.run);
}

function changed(): void {
  sole = installed.size === 1 && openRuns <= 1 ? installed.values().next().value : undefined;
  if (openRuns >= 2 && installed.size > 0) escalateFastRuns('another run is open in this process and one of them installed globals: overlapping runs are told apart by async context, which only a tracked run follows');
}

const closeRun = (): void => {
  openRuns--;
  changed();
};

/** A run opens (its `execute` starts, after a fast run's watch); returns its close. */
export function openRun(): () => void {
  openRuns++;
  changed();
  return closeRun;
}

// ── the patched functions, one set for the process ──────────────────────────────────────────

const dateNow = (): number => current()?.clock.now ?? realDateNow();
const elapsed = (v: Installed): number => v.clock.now - EPOCH + PROCESS_AGE_MS;

function VirtualDate(this: unknown, ...args: unknown[]): unknown {
  if (new.target === undefined) return new RealDate(dateNow()).toString();
  return Reflect.construct(RealDate, args.length === 0 ? [dateNow()] : args, new.target);
}
Object.defineProperties(VirtualDate, {
  prototype: { value: RealDate.prototype },
  length: { value: RealDate.length },
  name: { value: 'Date' },
  now: { value: dateNow, writable: true, configurable: true },
  parse: { value: RealDate.parse, writable: true, configurable: true },
  UTC: { value: RealDate.UTC, writable: true, configurable: true },
});

function hrtime(previous?: [number, number]): [number, number] {
  const v = current();
  if (v === undefined) return realHrtime(previous);
  const ns = BigInt(elapsed(v)) * 1_000_000n;
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
}
hrtime.bigint = (): bigint => {
  const v = current();
  return v === undefined ? realHrtime.bigint() : BigInt(elapsed(v)) * 1_000_000n;
};

/** The run's version of a patched function when code of a run with globals calls it, the real one otherwise. */
function perRun(realFn: AnyFn, virtual: (v: Installed, a: unknown[]) => unknown): AnyFn {
  return (...a) => {
    const v = current();
    return v === undefined ? realFn(...a) : virtual(v, a);
  };
}

function timerFn(name: TimerName): AnyFn {
  if (name.startsWith('clear')) {
    return (h: unknown) => {
      if (h instanceof VirtualTimeout) return h.owner.fns[name](h);
      const v = current();
      return v === undefined ? realTimers[name](h) : v.timers.fns[name](h);
    };
  }
  return perRun(realTimers[name], (v, a) => (v.timers.fns[name] as AnyFn)(...a));
}

const timerFns = Object.fromEntries(TIMER_NAMES.map((n) => [n, timerFn(n)])) as Record<TimerName, AnyFn>;
type Options = Parameters<RunTimers['promises']['setTimeout']>[2];
const promiseTimers = {
  setTimeout: perRun(realPromiseTimers.setTimeout, (v, a) => v.timers.promises.setTimeout(a[0], a[1], a[2] as Options)),
  setImmediate: perRun(realPromiseTimers.setImmediate, (v, a) => v.timers.promises.setImmediate(a[0], a[1] as Options)),
  setInterval: perRun(realPromiseTimers.setInterval, (v, a) => v.timers.promises.setInterval(a[0], a[1], a[2] as Options)),
  wait: perRun(realPromiseTimers.wait, (v, a) => v.timers.promises.scheduler.wait(a[0], a[1] as Options)),
  yield: perRun(realPromiseTimers.yield, (v) => v.timers.promises.scheduler.yield()),
};
// `util.promisify(setTimeout)` reads this symbol, as Node's own setTimeout carries it.
Object.defineProperty(timerFns.setTimeout, promisify.custom, { value: promiseTimers.setTimeout });
Object.defineProperty(timerFns.setImmediate, promisify.custom, { value: promiseTimers.setImmediate });
const abortTimeout = perRun(realAbortTimeout as AnyFn, (v, a) => v.timers.promises.abortTimeout(a[0] as number));
const random = (): number => current()?.random.random() ?? realRandom();
const randomUUID = (): string => current()?.random.randomUUID() ?? realRandomUUID();
function getRandomValues<T extends ArrayBufferView | null>(array: T): T {
  realGetRandomValues(array);
  return current()?.random.fill(array) ?? array;
}

/** Saves property descriptors and puts them back exactly, last patched first. */
class Patches {
  private readonly saved: Array<[object, PropertyKey, PropertyDescriptor | undefined]> = [];
  set(target: object, key: PropertyKey, value: unknown): void {
    this.define(target, key, { value, writable: true });
  }
  define(target: object, key: PropertyKey, descriptor: PropertyDescriptor): void {
    const before = Object.getOwnPropertyDescriptor(target, key);
    this.saved.push([target, key, before]);
    Object.defineProperty(target, key, { ...descriptor, configurable: true, enumerable: before?.enumerable ?? false });
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

const patches = new Patches();

function patch(): void {
  patches.set(g, 'Date', VirtualDate);
  patches.set(RealDate, 'now', dateNow);
  patches.set(realPerformance, 'now', () => {
    const v = current();
    return v === undefined ? realPerfNow() : elapsed(v);
  });
  patches.define(realPerformance, 'timeOrigin', { get: () => (current() === undefined ? realTimeOrigin : EPOCH - PROCESS_AGE_MS) });
  patches.set(process, 'hrtime', hrtime);
  for (const name of TIMER_NAMES) {
    patches.set(g, name, timerFns[name]);
    patches.set(timersModule, name, timerFns[name]);
  }
  patches.set(timersPromises, 'setTimeout', promiseTimers.setTimeout);
  patches.set(timersPromises, 'setImmediate', promiseTimers.setImmediate);
  patches.set(timersPromises, 'setInterval', promiseTimers.setInterval);
  patches.set(realScheduler, 'wait', promiseTimers.wait);
  patches.set(realScheduler, 'yield', promiseTimers.yield);
  patches.set(AbortSignal, 'timeout', abortTimeout);
  patches.set(Math, 'random', random);
  patches.set(webcrypto, 'randomUUID', randomUUID);
  patches.set(webcrypto, 'getRandomValues', getRandomValues);
  patches.set(cryptoModule, 'randomUUID', randomUUID);
  syncBuiltinESMExports();
}

function unpatch(): void {
  patches.restore();
  syncBuiltinESMExports();
}

/** Installs the virtual globals for `host`'s run; returns the function that takes them off again. */
export function installGlobals(host: TimerHost): () => void {
  if (installed.size === 0) patch();
  installed.set(host, { clock: host.clock, timers: virtualTimers(host), random: virtualRandom() });
  changed();
  return () => {
    if (!installed.delete(host)) return;
    changed();
    if (installed.size === 0) unpatch();
  };
}
