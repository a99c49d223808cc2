/** interleave/models — simulated stand-ins for real infrastructure. See README.md for the catalogue. */
export { Cell } from './memory/Cell.js';
export { Mutex } from './sync/Mutex.js';
export { TaskStore, type TaskTransaction } from './stores/TaskStore.js';
export * from './stores/TaskStorePort.js';
