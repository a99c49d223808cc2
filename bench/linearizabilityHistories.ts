/**
 * Generated histories with known verdicts for the linearizability bench: a real execution of a
 * register (read / write / cas, the shape of Jepsen's etcd test) or of a key-value map (get / put /
 * append on string values, the shape of Porcupine's kv test), with many clients, overlapping
 * operations, timeouts (the client gives up: the operation never returns, and took effect or not)
 * and Jepsen's habit of replacing a timed-out client by a fresh process.
 *
 * Each operation takes effect at an instant inside its call–return interval and outputs what the
 * object held then, so the history is linearizable by construction. The `corrupt` variant changes
 * one completed read, late in the history, to a value no operation ever wrote: not linearizable,
 * however the rest is ordered — and the checker has to exhaust everything before it to say so.
 */
import seedrandom from 'seedrandom';
import type { Operation } from '../properties/sequentialSpec.js';

export interface GeneratedHistory {
  name: string;
  ops: Operation[];
  linearizable: boolean;
}

export interface WorkloadOptions {
  seed: string;
  clients: number;
  operations: number;
  /** Fraction of operations that time out (never return). */
  timeouts: number;
  corrupt: boolean;
}

interface Planned {
  actor: string;
  call: number;
  ret: number | undefined;
  /** When it took effect; undefined for a timed-out operation that never did. */
  at: number | undefined;
  index: number;
}

/** Call and return instants for `operations` operations of `clients` clients, one at a time each. */
function schedule(rng: () => number, o: WorkloadOptions): Planned[] {
  const free = Array.from({ length: o.clients }, () => rng() * 3);
  const names = Array.from({ length: o.clients }, (_, c) => String(c));
  let fresh = o.clients;
  const out: Planned[] = [];
  for (let i = 0; i < o.operations; i++) {
    let c = 0;
    for (let k = 1; k < o.clients; k++) if (free[k]! < free[c]!) c = k;
    const call = free[c]! + rng() * 2;
    const length = rng() < 0.1 ? 5 + rng() * 20 : 0.5 + rng() * 4;
    const timedOut = rng() < o.timeouts;
    const at = timedOut && rng() < 0.5 ? undefined : call + rng() * length;
    out.push({ actor: names[c]!, call, ret: timedOut ? undefined : call + length, at, index: i });
    free[c] = call + length + (timedOut ? 2 + rng() * 5 : 0);
    // Jepsen gives a crashed client's thread a new process id.
    if (timedOut) names[c] = String(fresh++);
  }
  return out;
}

/** Instants as integers (ticks), so they print and compare exactly. */
const tick = (t: number | undefined) => (t === undefined ? undefined : Math.round(t * 1000));

function corruptOne(ops: Operation[], isRead: (o: Operation) => boolean, bad: unknown, rng: () => number): void {
  const late = ops.filter((o, i) => i >= ops.length * 0.7 && o.ret !== undefined && isRead(o));
  if (late.length === 0) throw new Error('no completed read to corrupt: generate more operations');
  late[Math.floor(rng() * late.length)]!.output = bad;
}

/** A register starting empty, values 0…4 as in Jepsen's etcd test (or 0…values−1): `registerSpec` operations. */
export function registerHistory(o: WorkloadOptions & { reads: number; cas: number; values?: number }): GeneratedHistory {
  const values = o.values ?? 5;
  const rng = seedrandom(o.seed);
  const plan = schedule(rng, o);
  const ops: Operation[] = plan.map((p) => {
    const r = rng();
    const value = Math.floor(rng() * values);
    const kind = r < o.reads ? 'read' : r < o.reads + o.cas ? 'cas' : 'write';
    const input = kind === 'write' ? { value } : kind === 'cas' ? { expected: Math.floor(rng() * values), next: value } : {};
    return { actor: p.actor, op: kind, input, call: tick(p.call)!, ret: tick(p.ret) };
  });
  let register: unknown = undefined;
  for (const p of plan.filter((q) => q.at !== undefined).sort((a, b) => a.at! - b.at!)) {
    const op = ops[p.index]!;
    const input = op.input as { value?: number; expected?: number; next?: number };
    if (op.op === 'read') op.output = register;
    else if (op.op === 'write') register = input.value;
    else {
      op.output = register === input.expected;
      if (op.output) register = input.next;
    }
  }
  if (o.corrupt) corruptOne(ops, (x) => x.op === 'read', -1, rng);
  return { name: o.seed, ops, linearizable: !o.corrupt };
}

/** Keys "0"…"keys-1" holding strings, Porcupine's kv shape: `kvSpec` operations get / set / append. */
export function kvHistory(o: WorkloadOptions & { keys: number }): GeneratedHistory {
  const rng = seedrandom(o.seed);
  const plan = schedule(rng, o);
  const counter = new Map<string, number>();
  const ops: Operation[] = plan.map((p) => {
    const r = rng();
    const key = String(Math.floor(rng() * o.keys));
    const n = counter.get(p.actor) ?? 0;
    counter.set(p.actor, n + 1);
    const kind = r < 0.5 ? 'get' : r < 0.6 ? 'set' : 'append';
    const input = kind === 'get' ? { key } : { key, value: `x ${p.actor} ${n} y` };
    return { actor: p.actor, op: kind, input, call: tick(p.call)!, ret: tick(p.ret) };
  });
  const store = new Map<string, string>();
  for (const p of plan.filter((q) => q.at !== undefined).sort((a, b) => a.at! - b.at!)) {
    const op = ops[p.index]!;
    const { key, value } = op.input as { key: string; value?: string };
    if (op.op === 'get') op.output = store.get(key);
    else store.set(key, op.op === 'set' ? value! : `${store.get(key) ?? ''}${value}`);
  }
  if (o.corrupt) corruptOne(ops, (x) => x.op === 'get', 'x bad y', rng);
  return { name: o.seed, ops, linearizable: !o.corrupt };
}

export interface HistoryGroup {
  name: string;
  spec: 'register' | 'kv';
  histories: GeneratedHistory[];
}

/** The bench's history groups; `pairs` (linearizable and corrupt histories per group) scales them down for the tests. */
export function historyGroups(pairs?: number): HistoryGroup[] {
  const make = (count: number, tag: string, one: (seed: string, corrupt: boolean) => GeneratedHistory) =>
    Array.from({ length: pairs ?? count }, (_, i) => [one(`${tag}-${i}-ok`, false), one(`${tag}-${i}-bad`, true)]).flat();
  return [
    { name: 'register, 5 clients, 200 ops, 15% timeouts (etcd-like)', spec: 'register', histories: make(10, 'reg5', (seed, corrupt) => registerHistory({ seed, clients: 5, operations: 200, timeouts: 0.15, reads: 0.3, cas: 0.35, corrupt })) },
    { name: 'register, 10 clients, 300 ops, 3% timeouts', spec: 'register', histories: make(3, 'reg10', (seed, corrupt) => registerHistory({ seed, clients: 10, operations: 300, timeouts: 0.03, reads: 0.3, cas: 0.35, corrupt })) },
    { name: 'register, 8 clients, 20 000 ops, 50% reads', spec: 'register', histories: make(1, 'reg8', (seed, corrupt) => registerHistory({ seed, clients: 8, operations: 20_000, timeouts: 0, reads: 0.5, cas: 0, corrupt })) },
    // Porcupine's kv shape: no timeouts (its clients retry until they succeed).
    { name: 'kv, 1 client, 500 ops, 10 keys', spec: 'kv', histories: make(2, 'kv1', (seed, corrupt) => kvHistory({ seed, clients: 1, operations: 500, timeouts: 0, keys: 10, corrupt })) },
    { name: 'kv, 10 clients, 1 000 ops, 10 keys', spec: 'kv', histories: make(2, 'kv10', (seed, corrupt) => kvHistory({ seed, clients: 10, operations: 1000, timeouts: 0, keys: 10, corrupt })) },
    { name: 'kv, 50 clients, 1 400 ops, 10 keys', spec: 'kv', histories: make(2, 'kv50', (seed, corrupt) => kvHistory({ seed, clients: 50, operations: 1400, timeouts: 0, keys: 10, corrupt })) },
  ];
}
