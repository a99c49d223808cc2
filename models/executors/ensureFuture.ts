import { AsyncioFuture } from './AsyncioFuture.js';
import type { EventLoop } from './EventLoop.js';

/** What asyncio's helpers accept: a future (or task), or a coroutine — here a zero-argument async function. */
export type Awaitable<T> = AsyncioFuture<T> | (() => Promise<T> | T);

/** `asyncio.ensure_future(aw)`: a future as is; a coroutine becomes a task named `name`. */
export function ensureFuture<T>(loop: EventLoop, aw: Awaitable<T>, name: string): AsyncioFuture<T> {
  return aw instanceof AsyncioFuture ? aw : loop.createTask(name, aw);
}

/** `await aw`: a future is awaited, a coroutine runs inline in the awaiting task (no task, no step of its own). */
export function awaitInline<T>(aw: Awaitable<T>): Promise<T> {
  return aw instanceof AsyncioFuture ? aw.wait() : Promise.resolve().then(aw);
}
