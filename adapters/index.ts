/**
 * interleave/adapters — real store adapters and the contract suite that validates any adapter.
 * The SQLite adapters need better-sqlite3, so they have their own entry: `interleave/adapters/sqlite`.
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
export { CheckThenWriteLease } from './broken/CheckThenWriteLease.js';
export { ReadThenWriteKvStore } from './broken/ReadThenWriteKvStore.js';
export { PostgresKvStore } from './postgres/KvStore.js';
export { PostgresLease } from './postgres/Lease.js';
export { simulatedConnection } from './simulatedConnection.js';
export { type KvRow, SqlKvStore, type SqlKvStoreOptions } from './sql/KvStore.js';
export { SqlLease, type SqlLeaseOptions } from './sql/Lease.js';
export type { ContractOptions, ContractResult, ContractVerdict } from './contract/verdict.js';
export { KV_STORE_CONTRACT, type KvStoreContractProperty, type KvStoreFactory, type KvStoreVerdict, kvStoreContract, verifyKvStore, type VerifyKvStoreOptions } from './verifyKvStore.js';
export { LEASE_CONTRACT, type LeaseContractProperty, type LeaseFactory, type LeaseVerdict, leaseContract, verifyLease, type VerifyLeaseOptions } from './verifyLease.js';
