/** sim.port: a real dependency whose every method call is one recorded scheduling point. */
import { describe, expect, it } from 'vitest';
import { outcomeSet } from '../explore/outcomeSet.fixture.js';
import { explore } from '../explore/explore.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

/** A stand-in for a database client: async methods over its own state, as a real client's would be. */
class AccountsClient {
  private readonly rows = new Map<string, number>([['alice', 100]]);
  async balance(who: string): Promise<number> {
    await null;
    return this.rows.get(who) ?? 0;
  }
  async setBalance(who: string, amount: number): Promise<void> {
    await null;
    this.rows.set(who, amount);
  }
  async fail(): Promise<never> {
    throw new Error('connection reset');
  }
  escape(s: string): string {
    return `'${s}'`;
  }
}

function withdrawals(name: string) {
  return defineScenario({
    name,
    setup(sim) {
      const db = sim.port('db', new AccountsClient(), { sync: ['escape'], reads: ['balance'] });
      for (const who of ['w1', 'w2']) {
        sim.spawn(who, async () => {
          const b = await db.balance('alice');
          if (b >= 60) await db.setBalance('alice', b - 60);
        });
      }
    },
  });
}

describe('sim.port', () => {
  it('makes each call one step with its arguments and result, and finds the race between two calls', async () => {
    const s = withdrawals('port-withdrawals');
    const natural = await runOnce(s);
    expect(natural.trace.steps.map((x) => `${x.actor}:${x.op}${JSON.stringify(x.args)}→${JSON.stringify(x.result)}`)).toEqual([
      'w1:start[]→undefined',
      'w1:db.balance["alice"]→100',
      'w1:db.setBalance["alice",40]→undefined',
      'w2:start[]→undefined',
      'w2:db.balance["alice"]→40',
    ]);
    const overdraw = defineScenario({
      name: 'port-overdraw',
      setup(sim) {
        const client = new AccountsClient();
        const db = sim.port('db', client);
        let withdrawn = 0;
        for (const who of ['w1', 'w2']) {
          sim.spawn(who, async () => {
            const b = await db.balance('alice');
            if (b >= 60) {
              await db.setBalance('alice', b - 60);
              withdrawn += 60;
            }
          });
        }
        return { get withdrawn() { return withdrawn; } };
      },
      check(w) {
        if (w.withdrawn > 100) throw new Error(`withdrew ${w.withdrawn} from 100`);
      },
    });
    const r = await explore(overdraw, { seed: 1, runs: 200 });
    expect(r.failure?.message).toMatch(/withdrew 120 from 100/);
    expect(r.failure?.preemptions).toBe(1);
  });

  it('passes errors to the caller, keeps listed methods synchronous, and refuses what is not an object', async () => {
    const seen: unknown[] = [];
    const s = defineScenario({
      name: 'port-errors',
      setup(sim) {
        const db = sim.port('db', new AccountsClient(), { sync: ['escape'] });
        sim.spawn('a', async () => {
          seen.push(db.escape('x'));
          seen.push(await db.fail().catch((e: Error) => e.message));
        });
      },
    });
    const r = await runOnce(s);
    expect(r.failure).toBeUndefined();
    expect(seen).toEqual(["'x'", 'connection reset']);
    const bad = defineScenario({ name: 'port-bad', setup: (sim) => void sim.port('db', null as unknown as object) });
    expect((await runOnce(bad)).failure?.message).toMatch(/sim\.port\("db"\) needs an object whose methods to schedule, got null/);
  });

  it('reads and writes accessors on the object itself, so a class with #private fields works through it', async () => {
    class Client {
      #open = true;
      #timeoutMs = 1000;
      get connected(): boolean {
        return this.#open;
      }
      get timeoutMs(): number {
        return this.#timeoutMs;
      }
      set timeoutMs(ms: number) {
        this.#timeoutMs = ms;
      }
      async close(): Promise<void> {
        await null;
        this.#open = false;
      }
    }
    const seen: unknown[] = [];
    const s = defineScenario({
      name: 'port-private',
      setup(sim) {
        const db = sim.port('db', new Client());
        sim.spawn('a', async () => {
          db.timeoutMs = 50;
          seen.push(db.connected, db.timeoutMs);
          await db.close();
          seen.push(db.connected);
        });
      },
    });
    const r = await runOnce(s);
    expect(r.failure).toBeUndefined();
    expect(seen).toEqual([true, 50, false]);
  });

  it("with order: 'sent', one actor's calls in flight at once are served in the order it made them", async () => {
    class Store {
      private readonly data = new Map<string, number>([['k', 0]]);
      async set(k: string, v: number): Promise<void> {
        this.data.set(k, v);
      }
      async get(k: string): Promise<number | undefined> {
        return this.data.get(k);
      }
      peek(k: string): number | undefined {
        return this.data.get(k);
      }
    }
    // A sends set(k, 1) and get(k) at once; B sets k to 2.
    const outcomes = (order: 'any' | 'sent') =>
      outcomeSet(
        {
          name: `port-order-${order}`,
          setup(sim) {
            const store = new Store();
            const db = sim.port('db', store, { order, sync: ['peek'] });
            const w = { v: undefined as unknown };
            sim.spawn('A', async () => {
              [, w.v] = await Promise.all([db.set('k', 1), db.get('k')]);
            });
            sim.spawn('B', () => db.set('k', 2));
            return { store, w };
          },
          outcome: ({ store, w }) => `k=${store.peek('k')} v=${String(w.v)}`,
        },
        { reduction: false },
      );
    // In any order A may read k before its own set: 0. In Node, the fake's set runs when called.
    expect(await outcomes('any')).toEqual(['k=1 v=0', 'k=1 v=1', 'k=1 v=2', 'k=2 v=0', 'k=2 v=1', 'k=2 v=2']);
    expect(await outcomes('sent')).toEqual(['k=1 v=1', 'k=2 v=1', 'k=2 v=2']);
    const bad = await runOnce(defineScenario({ name: 'port-bad-order', setup: (sim) => void sim.port('db', new Store(), { order: 'fifo' as 'sent' }) }));
    expect(bad.failure?.message).toMatch(/sim\.port\("db"\): order must be 'sent' or 'any', got "fifo"/);
  });
});
