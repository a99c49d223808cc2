/**
 * Run as a plain Node process by `verifyKvStore.test.ts`: an adapter whose `set` starts a promise it
 * drops, which rejects. The suite must catch it and say so in the verdict (the run that left it
 * fails; a rejection outside every run is `detached`), not die of `unhandledRejection`.
 */
import type { KvStorePort } from '../models/stores/KvStorePort.js';
import { SqliteKvStore } from './sqlite/KvStore.js';
import { verifyKvStore } from './verifyKvStore.js';

async function main(): Promise<void> {
  const sqlite = new SqliteKvStore();
  const leaky: KvStorePort = Object.assign(Object.create(sqlite) as KvStorePort, {
    set(key: string, value: never) {
      const p = sqlite.set(key, value);
      void p.then(() => {
        throw new Error('replication failed');
      });
      return p;
    },
  });
  const v = await verifyKvStore(async () => (await sqlite.reset(), leaky), { name: 'leaky', runs: 20 });
  console.log(JSON.stringify({ ok: v.ok, detached: v.detached, report: v.report() }));
}

void main();
