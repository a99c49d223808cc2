/**
 * The promise timers of `node:timers/promises` (and `AbortSignal.timeout`) on a run's virtual timers
 * (`virtualTimers.ts`), with Node's options: `signal` (an already aborted signal rejects at once,
 * one aborted later clears the timer and rejects, both with an `AbortError` whose `cause` is the
 * signal's reason) and `ref: false` (the timer does not keep the run alive, as `unref()`).
 * `setInterval` is Node's async iterator: ticks that came while nobody awaited are handed out one
 * per `next()`, and `return()` (a `break` out of `for await`) clears the interval.
 *
 * Wrong options are refused as Node refuses them: a rejected promise (an iterator whose `next()`
 * rejects) with a `TypeError` of code `ERR_INVALID_ARG_TYPE`. Not reproduced: the validation of the
 * delay itself (Node's range error for a delay that is not a number).
 */
import type { RunTimers, VirtualTimeout } from './virtualTimers.js';

interface TimerOptions {
  signal?: AbortSignal;
  ref?: boolean;
}

export interface PromiseTimers {
  setTimeout(ms?: unknown, value?: unknown, options?: TimerOptions): Promise<unknown>;
  setImmediate(value?: unknown, options?: TimerOptions): Promise<unknown>;
  setInterval(ms?: unknown, value?: unknown, options?: TimerOptions): AsyncIterableIterator<unknown>;
  readonly scheduler: { wait(ms?: unknown, options?: TimerOptions): Promise<void>; yield(): Promise<void> };
  /** `AbortSignal.timeout(ms)`: aborts with a `TimeoutError` after `ms`; its timer keeps nothing alive. */
  abortTimeout(ms: number): AbortSignal;
}

/** Node's words for a value of the wrong type: `type string ('nope')`. */
function received(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
  const shown = typeof v === 'string' ? `'${v.length > 25 ? `${v.slice(0, 25)}...` : v}'` : String(v);
  return `type ${typeof v} (${shown})`;
}

function invalid(what: string, expected: string, v: unknown): TypeError {
  return Object.assign(new TypeError(`The ${what} ${expected}. Received ${received(v)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

/** Node's checks of a promise timer's options; the error it rejects with, or undefined. */
function badOptions(options: unknown): TypeError | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) return invalid('"options" argument', 'must be of type object', options);
  const { signal, ref } = options as TimerOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal)) return invalid('"options.signal" property', 'must be an instance of AbortSignal', signal);
  if (ref !== undefined && typeof ref !== 'boolean') return invalid('"options.ref" property', 'must be of type boolean', ref);
  return undefined;
}

/** Node's `AbortError` (`code: 'ABORT_ERR'`), as its promise timers reject with. */
function abortError(signal: AbortSignal): Error {
  const e = new Error('The operation was aborted', { cause: signal.reason });
  e.name = 'AbortError';
  return Object.assign(e, { code: 'ABORT_ERR' });
}

export function promiseTimers(fns: RunTimers['fns']): PromiseTimers {
  /** One timer as a promise: `start` makes the handle, which is cleared on abort. */
  const settle = (start: (done: () => void) => VirtualTimeout, value: unknown, options: TimerOptions | undefined): Promise<unknown> => {
    const bad = badOptions(options);
    if (bad) return Promise.reject(bad);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        fns.clearTimeout(handle);
        reject(abortError(signal!));
      };
      const handle = start(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
      if (options?.ref === false) handle.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
  const setTimeout = (ms?: unknown, value?: unknown, options?: TimerOptions) => settle((done) => fns.setTimeout(done, ms), value, options);
  const setImmediate = (value?: unknown, options?: TimerOptions) => settle((done) => fns.setImmediate(done), value, options);

  function setInterval(ms?: unknown, value?: unknown, options?: TimerOptions): AsyncIterableIterator<unknown> {
    const bad = badOptions(options);
    if (bad) return { next: () => Promise.reject(bad), return: () => Promise.resolve({ value: undefined, done: true }), [Symbol.asyncIterator]() { return this; } };
    const signal = options?.signal;
    let ticks = 0;
    let waiting: { resolve: (r: IteratorResult<unknown>) => void; reject: (e: unknown) => void } | undefined;
    let finished = false;
    let handle: VirtualTimeout | undefined;
    const stop = () => {
      finished = true;
      if (handle) fns.clearInterval(handle);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      const w = waiting;
      waiting = undefined;
      w?.reject(abortError(signal!));
    };
    if (!signal?.aborted) {
      handle = fns.setInterval(() => {
        const w = waiting;
        waiting = undefined;
        if (w) w.resolve({ value, done: false });
        else ticks++;
      }, ms);
      if (options?.ref === false) handle.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    }
    const iterator: AsyncIterableIterator<unknown> = {
      next() {
        if (signal?.aborted) {
          stop();
          return Promise.reject(abortError(signal));
        }
        if (ticks > 0) {
          ticks--;
          return Promise.resolve({ value, done: false });
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => (waiting = { resolve, reject }));
      },
      return() {
        stop();
        const w = waiting;
        waiting = undefined;
        w?.resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  return {
    setTimeout,
    setImmediate,
    setInterval,
    scheduler: { wait: (ms, options) => setTimeout(ms, undefined, options).then(() => undefined), yield: () => setImmediate().then(() => undefined) },
    abortTimeout(ms) {
      const controller = new AbortController();
      fns.setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms).unref();
      return controller.signal;
    },
  };
}
