/**
 * interleave/adapters — real store adapters and the contract suite that validates any adapter.
 * The SQLite adapter needs better-sqlite3, so it has its own entry: `interleave/adapters/sqlite`.
 */
export { AdapterContractError } from './contract/checkedTaskStore.js';
export { PostgresTaskStore, type PostgresTaskStoreOptions, type SqlConnection } from './postgres/TaskStore.js';
export { simulatedTaskStore } from './simulatedTaskStore.js';
export {
  TASK_STORE_CONTRACT,
  type TaskStoreContractProperty,
  type TaskStoreContractResult,
  type TaskStoreFactory,
  type TaskStoreVerdict,
  taskStoreContract,
  verifyTaskStore,
  type VerifyTaskStoreOptions,
} from './verifyTaskStore.js';
