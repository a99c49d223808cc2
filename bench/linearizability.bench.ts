/**
 * Linearizability checking: operations checked per second, per history group, for the checker
 * (`properties/linearizable.ts`) and for the one it replaced (the baseline below, kept here only
 * to measure against), on generated register and key-value histories with known verdicts
 * (`linearizabilityHistories.ts`) — and on Porcupine's own test suite when `PORCUPINE_TEST_DATA`
 * names a checkout's `test_data/` (`porcupineLogs.ts`). Every verdict is checked; a wrong one
 * fails the bench.
 *
 *   npm run bench -- linearizability
 *   BENCH_MS=2000 PORCUPINE_TEST_DATA=~/porcupine/test_data npm run bench -- linearizability
 */
import { stableJson } from '../sim/trace.js';
import { kvSpec } from '../properties/kvSpec.js';
import { checkLinearizable } from '../properties/linearizable.js';
import { registerSpec } from '../properties/registerSpec.js';
import type { Operation, SequentialSpec } from '../properties/sequentialSpec.js';
import { historyGroups, type GeneratedHistory } from './linearizabilityHistories.js';
import { etcdModel, kvModel, porcupineSuite } from './porcupineLogs.js';

/** Time per group for the checker (repeated until spent, median taken). */
const GROUP_MS = Number(process.env.BENCH_MS ?? 1000);
/** The baseline's step budget per partition (its own default); a history past it counts as not checked. */
const BASELINE_BUDGET = Number(process.env.BENCH_BASELINE_BUDGET ?? 1_000_000);
/** Characters of memo keys the baseline may hold (its keys are the whole set in base 36: 20 000 operations make 4 kB keys). */
const BASELINE_MEMO_CHARS = 400_000_000;

// ── the baseline: the search as it was before this checker (BigInt set, string memo keys) ───────

interface Entry {
  id: number;
  call: boolean;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}
const open = (o: Operation) => o.ret === undefined || o.ret === Infinity;

function baselineSearch<S, I, O>(ops: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, budget: number): boolean {
  const equal = spec.equal ?? ((a: O, b: O | undefined) => stableJson(a) === stableJson(b));
  const entries: Entry[] = [];
  ops.forEach((o, id) => {
    const c: Entry = { id, call: true, time: o.call, match: null, prev: null, next: null };
    entries.push(c);
    if (!open(o as Operation)) entries.push((c.match = { id, call: false, time: o.ret!, match: null, prev: null, next: null }));
  });
  entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.id - b.id : a.call ? -1 : 1));
  const head: Entry = { id: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  const unlink = (e: Entry) => {
    e.prev!.next = e.next;
    if (e.next) e.next.prev = e.prev;
  };
  const relink = (e: Entry) => {
    e.prev!.next = e;
    if (e.next) e.next.prev = e;
  };
  let remaining = ops.filter((o) => !open(o as Operation)).length;
  let state = spec.init();
  let linearized = 0n;
  const seen = new Set<string>();
  let chars = 0;
  const stack: { entry: Entry; state: S; linearized: bigint }[] = [];
  let entry = head.next;
  for (let steps = 0; ; steps++) {
    if (steps > budget || chars > BASELINE_MEMO_CHARS) throw new RangeError('baseline budget');
    if (remaining === 0) return true;
    if (entry === null || !entry.call) {
      const top = stack.pop();
      if (!top) return false;
      state = top.state;
      linearized = top.linearized;
      if (top.entry.match) {
        relink(top.entry.match);
        remaining++;
      }
      relink(top.entry);
      entry = top.entry.next;
      continue;
    }
    const o = ops[entry.id]!;
    const r = spec.step(state, o.input, o.op);
    if (r.ok && (open(o as Operation) || equal(r.output, o.output))) {
      const next = linearized | (1n << BigInt(entry.id));
      const key = `${next.toString(36)}|${spec.stateKey ? spec.stateKey(r.state) : stableJson(r.state)}`;
      if (!seen.has(key)) {
        seen.add(key);
        chars += key.length;
        stack.push({ entry, state, linearized });
        state = r.state;
        linearized = next;
        unlink(entry);
        if (entry.match) {
          unlink(entry.match);
          remaining--;
        }
        entry = head.next;
        continue;
      }
    }
    entry = entry.next;
  }
}

function baseline<S, I, O>(history: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>): boolean {
  const groups = new Map<unknown, Operation<I, O>[]>();
  for (const o of history) {
    const k = spec.partition ? spec.partition(o) : 0;
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  return [...groups.values()].sort((a, b) => a.length - b.length).every((g) => baselineSearch(g, spec, BASELINE_BUDGET));
}

// ── groups ──────────────────────────────────────────────────────────────────────────────────────

interface Group {
  name: string;
  spec: SequentialSpec<unknown, unknown, unknown>;
  histories: GeneratedHistory[];
}

const register = registerSpec() as SequentialSpec<unknown, unknown, unknown>;
const kv = kvSpec() as SequentialSpec<unknown, unknown, unknown>;
const groups: Group[] = historyGroups().map((g) => ({ name: g.name, spec: g.spec === 'kv' ? kv : register, histories: g.histories }));
const suite = porcupineSuite(process.env.PORCUPINE_TEST_DATA);
if (suite.etcd.length) groups.push({ name: `Porcupine jepsen/etcd_*.log (${suite.etcd.length} histories)`, spec: etcdModel as SequentialSpec<unknown, unknown, unknown>, histories: suite.etcd });
if (suite.kv.length) groups.push({ name: `Porcupine kv/*.txt (${suite.kv.length} histories)`, spec: kvModel as SequentialSpec<unknown, unknown, unknown>, histories: suite.kv });

// ── measure ─────────────────────────────────────────────────────────────────────────────────────

let wrong = 0;
const rows: string[][] = [];
for (const g of groups) {
  const ops = g.histories.reduce((s, h) => s + h.ops.length, 0);
  // Each pass checks every history of the group; the median pass is the figure, and its
  // per-history times are what the baseline is compared with, history for history.
  const passes: number[][] = [];
  // One pass untimed: the first run of a group pays for the JIT.
  for (const h of g.histories) checkLinearizable(h.ops, g.spec);
  const start = performance.now();
  let steps = 0;
  do {
    steps = 0;
    const times = g.histories.map((h) => {
      const t0 = performance.now();
      const r = checkLinearizable(h.ops, g.spec);
      const t = performance.now() - t0;
      steps += r.steps;
      if (r.ok !== h.linearizable) {
        wrong++;
        console.error(`✗ ${g.name} / ${h.name}: verdict ${r.verdict}, expected ${h.linearizable ? 'linearizable' : 'not linearizable'}`);
      }
      return t;
    });
    passes.push(times);
  } while (performance.now() - start < GROUP_MS);
  const total = (times: number[]) => times.reduce((a, b) => a + b, 0);
  passes.sort((a, b) => total(a) - total(b));
  const median = passes[passes.length >> 1]!;
  const after = ops / (total(median) / 1000);

  let before = '';
  let ratio = '';
  if (BASELINE_BUDGET > 0) {
    let checked = 0;
    let spent = 0;
    let ours = 0;
    let gaveUp = 0;
    try {
      baseline(g.histories[0]!.ops, g.spec);
    } catch {
      // warm-up only
    }
    g.histories.forEach((h, i) => {
      const t0 = performance.now();
      try {
        if (baseline(h.ops, g.spec) !== h.linearizable) console.error(`baseline wrong on ${h.name}`);
        spent += performance.now() - t0;
        checked += h.ops.length;
        ours += median[i]!;
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        gaveUp++;
      }
    });
    before = gaveUp === g.histories.length ? `— (all ${gaveUp} gave up)` : `${Math.round(checked / (spent / 1000)).toLocaleString('en-US')}${gaveUp ? ` (${gaveUp} gave up)` : ''}`;
    // On the histories both finished: the baseline cannot be timed on the others.
    ratio = gaveUp === g.histories.length ? '—' : `${(spent / ours).toFixed(0)}×`;
  }
  rows.push([g.name, String(g.histories.length), ops.toLocaleString('en-US'), Math.round(after).toLocaleString('en-US'), before, ratio, steps.toLocaleString('en-US')]);
  console.log(`  ${rows.at(-1)!.join(' | ')}`);
}

const head = ['history group', 'histories', 'ops', 'ops/s (checker)', `ops/s (baseline, ≤ ${BASELINE_BUDGET.toExponential(0).replace('e+', 'e')} steps)`, 'speed-up (on those both finished)', 'search steps'];
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
console.log(`linearizability — operations checked per second, median of repeated passes over each group (≥ ${GROUP_MS} ms); verdicts ${wrong ? `WRONG on ${wrong}` : 'all as expected'}`);
console.log(line(head));
for (const r of rows) console.log(line(r));
if (!suite.etcd.length) console.log('(set PORCUPINE_TEST_DATA to a Porcupine checkout’s test_data/ to add its etcd and kv histories)');
if (wrong) process.exit(1);
