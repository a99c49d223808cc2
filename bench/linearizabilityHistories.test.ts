import { describe, expect, it } from 'vitest';
import { kvSpec } from '../properties/kvSpec.js';
import { checkLinearizable } from '../properties/linearizable.js';
import { registerSpec } from '../properties/registerSpec.js';
import { historyGroups } from './linearizabilityHistories.js';
import { etcdModel, kvModel, readEtcd, readKv } from './porcupineLogs.js';

describe('the linearizability bench’s histories', () => {
  it('get the verdict they were made with, in every group (one linearizable and one corrupt history each)', () => {
    for (const g of historyGroups(1)) {
      const spec = g.spec === 'kv' ? kvSpec() : registerSpec();
      for (const h of g.histories) {
        const r = checkLinearizable(h.ops, spec as never);
        expect({ group: g.name, history: h.name, verdict: r.verdict }).toEqual({ group: g.name, history: h.name, verdict: h.linearizable ? 'linearizable' : 'not-linearizable' });
      }
    }
  }, 60_000);

  it('are what their options say: clients, timed-out operations, a corrupt read late in the history', () => {
    const [etcdLike] = historyGroups(1);
    const [ok, bad] = etcdLike!.histories;
    expect(ok!.ops).toHaveLength(200);
    expect(new Set(ok!.ops.map((o) => o.actor)).size).toBeGreaterThan(5); // crashed clients come back as new processes
    const timedOut = ok!.ops.filter((o) => o.ret === undefined).length;
    expect(timedOut).toBeGreaterThan(15);
    expect(timedOut).toBeLessThan(50);
    const corrupt = bad!.ops.findIndex((o) => o.output === -1);
    expect(corrupt).toBeGreaterThanOrEqual(140);
  });
});

describe('Porcupine’s reading of Jepsen’s etcd logs (bench only)', () => {
  it('reads a failed cas as returning false, a timed-out read as an unknown output, an open operation as returning at the end', () => {
    const log = ['0\t:invoke\t:cas\t[1 2]', '1\t:invoke\t:write\t1', '0\t:fail\t:cas\t[1 2]', '2\t:invoke\t:read\tnil', '2\t:fail\t:read\t:timed-out', '1\t:info\t:write\t:timed-out', '3\t:invoke\t:read\tnil', '3\t:ok\t:read\t1']
      .map((l) => `INFO  jepsen.util - ${l}`)
      .join('\n');
    const ops = readEtcd(log);
    expect(ops.map((o) => [o.actor, o.op, o.call, o.ret, typeof o.output === 'symbol' ? 'unknown' : o.output])).toEqual([
      ['0', 'cas', 1, 3, false],
      ['1', 'write', 2, 9, 'unknown'],
      ['2', 'read', 4, 5, 'unknown'],
      ['3', 'read', 7, 8, 1],
    ]);
    expect(checkLinearizable(ops, etcdModel).ok).toBe(true);
  });

  it('reads the kv logs: a get’s value, puts and appends, partitioned by key', () => {
    const line = (p: number, type: string, f: string, key: string, value: string | null) => `{:process ${p}, :type :${type}, :f :${f}, :key "${key}", :value ${value === null ? 'nil' : `"${value}"`}}`;
    const log = [line(0, 'invoke', 'append', '0', 'x 0 0 y'), line(1, 'invoke', 'get', '0', null), line(0, 'ok', 'append', '0', 'x 0 0 y'), line(1, 'ok', 'get', '0', 'x 0 0 y'), line(1, 'invoke', 'get', '1', null), line(1, 'ok', 'get', '1', '')].join('\n');
    const ops = readKv(log);
    expect(ops.map((o) => [o.actor, o.op, (o.input as { key: string }).key, o.call, o.ret, o.output])).toEqual([
      ['0', 'append', '0', 1, 3, ''],
      ['1', 'get', '0', 2, 4, 'x 0 0 y'],
      ['1', 'get', '1', 5, 6, ''],
    ]);
    expect(checkLinearizable(ops, kvModel).ok).toBe(true);
    expect(checkLinearizable(readKv(log.replace('"x 0 0 y"}\n{:process 1, :type :invoke, :f :get, :key "1"', '"x 9 9 y"}\n{:process 1, :type :invoke, :f :get, :key "1"')), kvModel).ok).toBe(false);
  });
});
