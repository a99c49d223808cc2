/**
 * What a real database costs a contract suite: time per explored schedule for the task store and
 * key-value contracts on the in-memory model, on SQLite (better-sqlite3, in memory) and on Postgres
 * (PGlite, in process), with the ratios to the model. Each schedule resets the database in setup,
 * so this is the price of "a fresh world per run" plus one real query per scheduling point. The
 * key-value store runs twice on SQLite: one point per call (default) and one per statement
 * (`simulatedConnection`), which is what exposes non-atomic operations and costs more steps.
 */
import { PGlite } from '@electric-sql/pglite';
import { TaskStore } from '../models/stores/TaskStore.js';
import { KvStore } from '../models/stores/KvStore.js';
import { kvStorePortOf } from '../models/stores/kvStorePortOf.js';
import { PostgresKvStore } from '../adapters/postgres/KvStore.js';
import { PostgresTaskStore } from '../adapters/postgres/TaskStore.js';
import { simulatedConnection } from '../adapters/simulatedConnection.js';
import { SqliteKvStore } from '../adapters/sqlite/KvStore.js';
import { SqliteTaskStore } from '../adapters/sqlite/TaskStore.js';
import { kvStoreContract } from '../adapters/verifyKvStore.js';
import { taskStoreContract } from '../adapters/verifyTaskStore.js';
import { explore } from '../explore/explore.js';
import type { Scenario } from '../sim/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);

async function msPerSchedule(scenarios: Record<string, Scenario<unknown, unknown>>, runs: number): Promise<number> {
  let schedules = 0;
  const start = performance.now();
  for (const [property, s] of Object.entries(scenarios)) {
    const r = await explore(s, { runs, seed: 'bench', strategy: 'random', corpus: false });
    if (!r.ok) throw new Error(`${property}: ${r.failure!.message}`);
    schedules += r.schedules;
  }
  return (performance.now() - start) / schedules;
}

const pg = new PGlite();
await pg.waitReady;
const sqliteTasks = new SqliteTaskStore();
const pgTasks = new PostgresTaskStore(pg);
const sqliteKv = new SqliteKvStore();
const pgKv = new PostgresKvStore(pg);

const rows: { suite: string; adapter: string; ms: number }[] = [];
const measure = async (suite: string, adapter: string, scenarios: Record<string, Scenario<unknown, unknown>>, runs = RUNS) => {
  await msPerSchedule(scenarios, Math.max(5, runs / 10)); // warm-up: JIT, prepared statements
  const ms = await msPerSchedule(scenarios, runs);
  rows.push({ suite, adapter, ms });
  console.log(`${suite.padEnd(10)} ${adapter.padEnd(22)} ${ms.toFixed(2).padStart(8)} ms/schedule`);
};

console.log(`${RUNS} schedules per property (random strategy, seed "bench"); PGlite runs a third of that`);
await measure('task store', 'model', taskStoreContract((sim) => new TaskStore(sim, 'tasks'), { name: 'model' }));
await measure('task store', 'sqlite', taskStoreContract(() => (sqliteTasks.reset(), sqliteTasks), { name: 'sqlite' }));
await measure('task store', 'pglite', taskStoreContract(async () => (await pgTasks.reset(), pgTasks), { name: 'pglite' }), Math.ceil(RUNS / 3));
await measure('kv store', 'model', kvStoreContract((sim) => kvStorePortOf(new KvStore(sim, 'kv')), { name: 'model' }));
await measure('kv store', 'sqlite (per call)', kvStoreContract(async () => (await sqliteKv.reset(), sqliteKv), { name: 'sqlite' }));
await measure('kv store', 'sqlite (per statement)', kvStoreContract(async (sim) => (await sqliteKv.reset(), sqliteKv.on(simulatedConnection(sim, sqliteKv.connection))), { name: 'sqlite-stmt' }));
await measure('kv store', 'pglite (per call)', kvStoreContract(async () => (await pgKv.reset(), pgKv), { name: 'pglite' }), Math.ceil(RUNS / 3));
await measure('kv store', 'pglite (per statement)', kvStoreContract(async (sim) => (await pgKv.reset(), pgKv.on(simulatedConnection(sim, pg))), { name: 'pglite-stmt' }), Math.ceil(RUNS / 3));

console.log('\nratio to the in-memory model of the same suite:');
for (const r of rows) {
  const model = rows.find((m) => m.suite === r.suite && m.adapter === 'model')!;
  if (r !== model) console.log(`  ${r.suite.padEnd(10)} ${r.adapter.padEnd(22)} ×${(r.ms / model.ms).toFixed(1)}`);
}
sqliteTasks.close();
sqliteKv.close();
await pg.close();
