/**
 * Porcupine's own test suite as bench input (bench only: the published reader is JSON Lines,
 * `properties/jepsenHistory.ts`). Point `PORCUPINE_TEST_DATA` at a checkout's `test_data/`
 * (github.com/anishathalye/porcupine): `jepsen/etcd_NNN.log` (Jepsen's etcd register test, as
 * collected by Horn & Kroening's linearizability-checker) and `kv/cNN-{ok,bad}.txt`.
 *
 * Read the way Porcupine's tests read them, so the verdicts are Porcupine's: a `:fail` cas is a cas
 * that returned false; a read that failed `:timed-out` returned an unknown value at that instant;
 * any operation still open at the end returns at the end with an unknown output (etcd) or with an
 * empty output (kv) — not as operations that never returned.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Operation, SequentialSpec } from '../properties/sequentialSpec.js';

const UNKNOWN = Symbol('unknown output');

/** Porcupine's expected verdicts for etcd_000 … etcd_102 (etcd_095 is missing: its cluster never started). */
const ETCD_LINEARIZABLE = new Set([2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102]);

export interface PorcupineHistory {
  name: string;
  ops: Operation[];
  linearizable: boolean;
}

export function readEtcd(text: string): Operation[] {
  const ops: Operation[] = [];
  const open = new Map<string, Operation>();
  let t = 0;
  for (const line of text.split('\n')) {
    // The value is one token or a bracketed pair; the etcd/ logs add a `:hint n` after it.
    const m = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(\[[^\]]*\]|\S+)/.exec(line);
    if (!m) continue;
    const [, proc, type, f, v] = m as unknown as [string, string, string, string, string];
    t++;
    if (type === 'invoke') {
      const [a, b] = v.replace(/[[\]]/g, '').split(/\s+/).map(Number);
      const input = f === 'write' ? { value: a } : f === 'cas' ? { expected: a, next: b } : {};
      const o: Operation = { actor: proc, op: f, input, call: t, ret: undefined };
      ops.push(o);
      open.set(proc, o);
      continue;
    }
    const o = open.get(proc);
    // Porcupine matches only these completions; an :info leaves the operation open.
    const completes = type === 'ok' || (type === 'fail' && (f === 'cas' || v === ':timed-out'));
    if (!o || !completes) continue;
    open.delete(proc);
    o.ret = t;
    o.output = v === ':timed-out' ? UNKNOWN : f === 'read' ? (v === 'nil' ? undefined : Number(v)) : f === 'cas' ? type === 'ok' : undefined;
  }
  t++;
  for (const o of open.values()) {
    o.ret = t;
    o.output = UNKNOWN;
  }
  return ops;
}

export function readKv(text: string): Operation[] {
  const ops: Operation[] = [];
  const open = new Map<string, Operation>();
  let t = 0;
  for (const line of text.split('\n')) {
    const m = /^\{:process (\d+), :type :(invoke|ok), :f :(get|put|append), :key "(.*?)", :value (nil|"(.*)")\}$/.exec(line.trim());
    if (!m) continue;
    const [, proc, type, f, key, , value] = m as unknown as [string, string, string, string, string, string, string | undefined];
    t++;
    if (type === 'invoke') {
      const o: Operation = { actor: proc, op: f, input: { key, value: value ?? '' }, call: t, ret: undefined };
      ops.push(o);
      open.set(proc, o);
    } else {
      const o = open.get(proc)!;
      open.delete(proc);
      o.ret = t;
      o.output = f === 'get' ? value : '';
    }
  }
  t++;
  for (const o of open.values()) {
    o.ret = t;
    o.output = '';
  }
  return ops;
}

/** Porcupine's `etcdModel`: a register starting at nil; an unknown output matches anything. */
export const etcdModel: SequentialSpec<number | undefined, { value?: number; expected?: number; next?: number }, unknown> = {
  init: () => undefined,
  step(state, input, op) {
    if (op === 'read') return { ok: true, state, output: state };
    if (op === 'write') return { ok: true, state: input.value, output: undefined };
    const swapped = state === input.expected;
    return { ok: true, state: swapped ? input.next : state, output: swapped };
  },
  equal: (expected, observed) => observed === UNKNOWN || expected === observed,
  readOnly: (_input, op) => op === 'read',
};

/** Porcupine's `kvModel`: one string per key, starting at "", partitioned by key. */
export const kvModel: SequentialSpec<string, { key: string; value: string }, unknown> = {
  init: () => '',
  step(state, input, op) {
    if (op === 'get') return { ok: true, state, output: state };
    return { ok: true, state: op === 'put' ? input.value : state + input.value, output: '' };
  },
  partition: (o) => o.input.key,
  readOnly: (_input, op) => op === 'get',
};

/** The suite's histories in `dir`, or none when `dir` is not a Porcupine test_data directory. */
export function porcupineSuite(dir: string | undefined): { etcd: PorcupineHistory[]; kv: PorcupineHistory[] } {
  if (!dir || !existsSync(join(dir, 'jepsen'))) return { etcd: [], kv: [] };
  const etcd: PorcupineHistory[] = [];
  for (let i = 0; i <= 102; i++) {
    const file = join(dir, 'jepsen', `etcd_${String(i).padStart(3, '0')}.log`);
    if (existsSync(file)) etcd.push({ name: `etcd_${String(i).padStart(3, '0')}`, ops: readEtcd(readFileSync(file, 'utf8')), linearizable: ETCD_LINEARIZABLE.has(i) });
  }
  const kv: PorcupineHistory[] = [];
  for (const c of ['01', '10', '50']) {
    for (const v of ['ok', 'bad']) {
      const file = join(dir, 'kv', `c${c}-${v}.txt`);
      if (existsSync(file)) kv.push({ name: `c${c}-${v}`, ops: readKv(readFileSync(file, 'utf8')), linearizable: v === 'ok' });
    }
  }
  return { etcd, kv };
}
