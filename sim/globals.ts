/**
 * `sim.installGlobals()`: lets a real module that reads `Date.now()` or calls `setTimeout` run on
 * virtual time. `Date` and `performance.now` are faked by @sinonjs/fake-timers, ticked by the sim
 * clock. The timer functions are the sim's own: each timer is an actor that sleeps on the virtual
 * clock and then runs its callback as one step, so a timer firing is a scheduling choice like any
 * other (fake-timers would fire callbacks synchronously inside `tick`, outside any actor). A pending
 * timer keeps the run alive, as it keeps a Node process alive, unless it is `unref()`ed.
 */
import FakeTimers from '@sinonjs/fake-timers';
import type { Actor } from './actor.js';
import type { VirtualClock } from './clock.js';

/** What the globals need from a run. */
export interface TimerHost {
  readonly clock: VirtualClock;
  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean): Actor<void>;
  sleep(ms: number): Promise<void>;
}

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

/** Installs the virtual globals; returns the function that restores the real ones. */
export function installGlobals(host: TimerHost): () => void {
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>(TIMER_NAMES.map((n) => [n, g[n]]));
  const fake = FakeTimers.withGlobal(globalThis).install({ now: host.clock.now, toFake: ['Date', 'performance'] });
  let faked = host.clock.now;
  const stopListening = host.clock.onAdvance((now) => {
    fake.tick(now - faked);
    faked = now;
  });

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
  g.setTimeout = (cb: unknown, ms?: unknown, ...args: unknown[]) => schedule('setTimeout', cb, ms, args, false);
  g.setInterval = (cb: unknown, ms?: unknown, ...args: unknown[]) => schedule('setInterval', cb, ms, args, true);
  g.setImmediate = (cb: unknown, ...args: unknown[]) => schedule('setImmediate', cb, 0, args, false);
  g.clearTimeout = clear;
  g.clearInterval = clear;
  g.clearImmediate = clear;

  return () => {
    for (const [n, v] of saved) g[n] = v;
    stopListening();
    fake.uninstall();
  };
}
