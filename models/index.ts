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
