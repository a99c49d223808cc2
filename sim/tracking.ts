/**
 * Actor identity through async contexts, for real code that coordinates through ordinary promises
 * (docs/architecture.md, "Real code"). A tracked run starts every actor's body inside an
 * `AsyncLocalStorage` frame; a continuation of a promise runs in the frame of the code that awaited
 * it, so a scheduling point reached from a continuation is the awaiting actor's, not the one whose
 * step resolved the promise.
 *
 * One async hook sees every resource the run's code creates:
 * - `process.nextTick` callbacks and real `setImmediate`s belong to the step that made them (they
 *   are deterministic, so the step is not over until they have run: see {@link StepEnd});
 * - any other native resource — a real timer, a file request, a socket, a DNS lookup, a child
 *   process — is real I/O whose completion the scheduler does not control: an escape, reported by
 *   the run that created it. Not the handles Node makes for synchronous work (`randomFillSync`,
 *   `pbkdf2Sync`, `gzipSync`, …): those run to their end inside the call. Console output is not
 *   simulated and runs outside every frame.
 *
 * Both the storage and the hook cost every promise in the process something, so they are on only
 * while a tracked run is open; a run whose code only awaits models never turns them on.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';
import type { Actor } from './actor.js';

/** What a tracked run hears from the hook. */
export interface TrackedRun {
  /** A `process.nextTick` callback or a real `setImmediate` of this run was queued. */
  deferred(kind: 'tick' | 'immediate', resource: object, frame: Frame): void;
  /** Code of this run created a real async resource (a timer, I/O, a socket, …). */
  realResource(type: string, frame: Frame, resource: object): void;
  /** Only while diagnosing a deadlock: a promise was created (or derived from `parent`) in `frame`. */
  promise?(promise: Promise<unknown>, parent: Promise<unknown> | undefined, frame: Frame): void;
}

/** The async context of code that belongs to a run: an actor's, or the run's own (setup, check). */
export interface Frame {
  readonly run: TrackedRun;
  readonly actor: Actor | null;
}

export const actorContext = new AsyncLocalStorage<Frame>();

/** Resources that are only scheduling inside the process: promise jobs, ticks, immediates. */
const DEFERRED = new Set(['PROMISE', 'TickObject', 'Immediate', 'Microtask']);

/**
 * Node's native resources are the upper-case wraps (`FSREQCALLBACK`, `TCPCONNECTWRAP`, …) plus
 * `Timeout`; an `AsyncResource` a library makes for itself (p-limit binds its callbacks) carries a
 * name of its own choosing and is plain JavaScript.
 */
function isReal(type: string): boolean {
  return type === 'Timeout' || (!DEFERRED.has(type) && /^[A-Z0-9_]+$/.test(type));
}

/**
 * Whether a message port being made is a request of Node's module loader to its hooks thread: with
 * customization hooks registered (tsx's), every dynamic `import()` — of a module loaded before too —
 * asks that thread to resolve and load it. The stack is read only for message ports, which are rare.
 */
function isLoaderRequest(): boolean {
  return new Error().stack?.includes('makeAsyncRequest') === true;
}

/**
 * Node's crypto jobs. The synchronous calls (`randomBytes(n)`, `randomFillSync`, `pbkdf2Sync`,
 * `scryptSync`, `getRandomValues`, the refill of `randomUUID`'s pool) make one too and run it at
 * once; only an asynchronous job gets an `ondone` callback, assigned right after it is made.
 */
export const CRYPTO_JOB = /^(CHECKPRIME|PBKDF2|KEYPAIRGEN|KEYGEN|KEYEXPORT|CIPHER|DERIVEBITS|HASH|HKDF|RANDOMBYTES|RANDOMPRIME|SCRYPT|SIGN|VERIFY)REQUEST$/;

const hook = createHook({
  init(_id, type, _trigger, resource) {
    if (type === 'PROMISE') return;
    const frame = actorContext.getStore();
    if (frame === undefined) return;
    if (type === 'TickObject') frame.run.deferred('tick', resource, frame);
    else if (type === 'Immediate') frame.run.deferred('immediate', resource, frame);
    else if (CRYPTO_JOB.test(type)) queueMicrotask(() => asynchronous(resource) && frame.run.realResource(type, frame, resource));
    else if (type === 'ZLIB' && isSyncZlib()) return;
    else if (isReal(type)) frame.run.realResource(type === 'MESSAGEPORT' && isLoaderRequest() ? 'MODULEIMPORT' : type, frame, resource);
  },
});

const asynchronous = (job: object): boolean => typeof (job as { ondone?: unknown }).ondone === 'function';

/**
 * Whether a zlib handle being made is for `gzipSync` and its kin, which compress on the calling
 * thread and close the handle before they return. Read from the stack only for zlib handles.
 */
function isSyncZlib(): boolean {
  return new Error().stack?.includes('syncBufferWrapper') === true;
}

let users = 0;

/** Turns tracking on for one more open run. */
export function startTracking(): void {
  if (users++ === 0) {
    hook.enable();
    patchConsole();
  }
}

/** One open run is done with tracking; the last one turns it off, so fast runs pay nothing. */
export function stopTracking(): void {
  if (users === 0) return;
  if (--users === 0) {
    hook.disable();
    unpatchConsole();
    actorContext.disable();
  }
}

let stopPromiseHook: (() => void) | undefined;
let diagnosing = 0;

/** While a run diagnoses a deadlock: tell it where each promise of its code was created. */
export function watchPromises(on: boolean): void {
  if (on) {
    if (diagnosing++ === 0) {
      const stop = promiseHooks.onInit((promise, parent) => {
        const frame = actorContext.getStore();
        frame?.run.promise?.(promise, parent as Promise<unknown> | undefined, frame);
      });
      stopPromiseHook = () => stop();
    }
  } else if (diagnosing > 0 && --diagnosing === 0) {
    stopPromiseHook?.();
    stopPromiseHook = undefined;
  }
}

// Console output is the user's window on a run, not part of it: run it outside every frame, so
// whatever the console implementation does (vitest's forwards it to the main process) is neither a
// tick of the step nor an escape.
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;
let savedConsole: Map<string, PropertyDescriptor | undefined> | undefined;

function patchConsole(): void {
  const c = console as unknown as Record<string, unknown>;
  savedConsole = new Map();
  for (const name of CONSOLE_METHODS) {
    const original = c[name];
    savedConsole.set(name, Object.getOwnPropertyDescriptor(console, name));
    if (typeof original !== 'function') continue;
    c[name] = function (this: unknown, ...args: unknown[]) {
      return actorContext.exit(() => (original as (...a: unknown[]) => unknown).apply(this, args));
    };
  }
}

function unpatchConsole(): void {
  if (!savedConsole) return;
  for (const [name, descriptor] of savedConsole) {
    if (descriptor) Object.defineProperty(console, name, descriptor);
    else delete (console as unknown as Record<string, unknown>)[name];
  }
  savedConsole = undefined;
}
