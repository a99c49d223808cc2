/**
 * The timers of one run with installed globals (`globals.ts`): each timer is an actor that sleeps on
 * the run's virtual clock and then runs its callback as one step, so a timer firing is a scheduling
 * choice like any other. A pending timer keeps the run alive, as it keeps a Node process alive,
 * unless it is `unref()`ed.
 */
import type { Actor } from './actor.js';
import type { VirtualClock } from './clock.js';

/** What the virtual timers need from a run. */
export interface TimerHost {
  readonly clock: VirtualClock;
  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean): Actor<void>;
  sleep(ms: number): Promise<void>;
}

export class VirtualTimeout {
  actor: Actor<void> | undefined;
  cleared = false;
  private refed = true;
  constructor(
    readonly id: number,
    /** The timers of the run that made it: a handle is cleared by its own run, whoever calls. */
    readonly owner: RunTimers,
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

export interface RunTimers {
  readonly fns: {
    setTimeout(cb: unknown, ms?: unknown, ...args: unknown[]): VirtualTimeout;
    setInterval(cb: unknown, ms?: unknown, ...args: unknown[]): VirtualTimeout;
    setImmediate(cb: unknown, ...args: unknown[]): VirtualTimeout;
    clearTimeout(h: unknown): void;
    clearInterval(h: unknown): void;
    clearImmediate(h: unknown): void;
  };
  readonly promises: {
    setTimeout(ms?: unknown, value?: unknown): Promise<unknown>;
    setImmediate(value?: unknown): Promise<unknown>;
  };
}

export function virtualTimers(host: TimerHost): RunTimers {
  const handles = new Map<number, VirtualTimeout>();
  let nextId = 1;
  const schedule = (kind: string, cb: unknown, ms: unknown, args: unknown[], repeat: boolean): VirtualTimeout => {
    if (typeof cb !== 'function') throw new TypeError(`${kind}: callback must be a function`);
    const delay = Math.max(0, Number(ms) || 0);
    const handle = new VirtualTimeout(nextId++, timers, (h) => {
      h.actor = host.spawnTimer(
        `${kind}#${h.id}`,
        async () => {
          do {
            await host.sleep(delay);
            if (h.cleared) return;
            await (cb as (...a: unknown[]) => unknown)(...args);
          } while (repeat && !h.cleared);
          handles.delete(h.id);
        },
        h.daemon,
      );
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
  const fns: RunTimers['fns'] = {
    setTimeout: (cb, ms, ...args) => schedule('setTimeout', cb, ms, args, false),
    setInterval: (cb, ms, ...args) => schedule('setInterval', cb, ms, args, true),
    setImmediate: (cb, ...args) => schedule('setImmediate', cb, 0, args, false),
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate: clear,
  };
  const promises: RunTimers['promises'] = {
    setTimeout: (ms, value) => new Promise((resolve) => fns.setTimeout(() => resolve(value), ms)),
    setImmediate: (value) => new Promise((resolve) => fns.setImmediate(() => resolve(value))),
  };
  const timers: RunTimers = { fns, promises };
  return timers;
}
