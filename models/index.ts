/** interleave/models — simulated stand-ins for real infrastructure. See README.md for the catalogue. */
export { Cell } from './memory/Cell.js';
export { Mutex } from './sync/Mutex.js';
export { TaskStore, type TaskTransaction } from './stores/TaskStore.js';
export * from './stores/TaskStorePort.js';
export { Condition, type ConditionOptions } from './sync/Condition.js';
export { Semaphore, type SemaphoreOptions } from './sync/Semaphore.js';
export { Event } from './sync/Event.js';
export { Barrier, BrokenBarrierError, type BarrierOptions } from './sync/Barrier.js';
export { Channel, type ChannelOptions, type Received } from './queues/Channel.js';
export { KvStore, type KvOp, type KvWrite, type KvHistoryEntry, type KvStoreOptions } from './stores/KvStore.js';
export { DurableQueue, type DurableQueueOptions, type Delivery, type DeadLetter, type QueueHandler } from './queues/DurableQueue.js';
export { TransientError } from './queues/TransientError.js';
export { Lease, type LeaseGrant } from './sync/Lease.js';
export { ConcurrentFuture, FutureTimeoutError, type FutureState } from './executors/ConcurrentFuture.js';
export { ThreadPool, type ThreadPoolOptions } from './executors/ThreadPool.js';
export { awaitFuture, DROPPED_EXCEPTION } from './executors/awaitFuture.js';
export { runInExecutor } from './executors/runInExecutor.js';
export { toThread } from './executors/toThread.js';
