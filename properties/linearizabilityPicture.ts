/**
 * The picture of why a history is not linearizable, after Porcupine's visualizer: one lane per
 * client, each operation a bar from its call to its return, the longest linearizable prefix the
 * search found numbered in its order, and the operation where every order breaks — the completed
 * operation that no linearization of the operations before it gets past the return of.
 *
 * Built from the checker's result only (it never searches); `pictureTable` is its compact text
 * form, `reports/linearizabilityHtml.ts` its SVG.
 */
import { stableJson } from '../sim/trace.js';
import type { LinearizabilityResult } from './linearizable.js';
import { PropertyViolation } from './violation.js';
import { isPending, type Operation } from './sequentialSpec.js';

export interface PictureOperation {
  actor: string;
  /** Index into {@link LinearizabilityPicture.lanes}. */
  lane: number;
  label: string;
  call: number;
  /** `undefined`: never returned. */
  ret: number | undefined;
  /** 1-based position in the longest linearizable prefix; 0 when not in it. */
  order: number;
  breaking: boolean;
}

export interface LinearizabilityPicture {
  verdict: LinearizabilityResult['verdict'];
  reason?: 'budget' | 'time';
  /** The partition drawn, when the history has several. */
  partition?: string | number;
  partitions: number;
  /** Actors in the order of their first call. */
  lanes: string[];
  /** In call order. */
  operations: PictureOperation[];
  /** Indices into `operations`, in linearization order. */
  prefix: number[];
  /** Index into `operations` of the operation where every order breaks, or −1. */
  breaking: number;
  /** One line: the verdict and where it breaks. */
  summary: string;
}

const show = (v: unknown) => stableJson(v).replaceAll('"<undefined>"', 'undefined');

/** `op(input) → output`, the default label (a spec's `describe` replaces it). */
export function describeOperation(o: Operation<unknown, unknown>): string {
  return `${o.op}(${show(o.input)})${isPending(o) ? ' (never returned)' : ` → ${show(o.output)}`}`;
}

/**
 * The picture of a result: the partition shown for a failure or an unknown verdict, the whole
 * `history` for a linearizable one.
 */
export function linearizabilityPicture<I, O>(
  result: LinearizabilityResult<I, O>,
  history: readonly Operation<I, O>[] = [],
  describe: (o: Operation<I, O>) => string = describeOperation as (o: Operation<I, O>) => string,
): LinearizabilityPicture {
  const source = result.ok ? history : result.operations;
  const sorted = [...source].sort((a, b) => a.call - b.call);
  const lanes: string[] = [];
  const laneOf = new Map<string, number>();
  const index = new Map<Operation<I, O>, number>();
  const operations = sorted.map((o, i): PictureOperation => {
    let lane = laneOf.get(o.actor);
    if (lane === undefined) {
      lane = lanes.length;
      laneOf.set(o.actor, lane);
      lanes.push(o.actor);
    }
    index.set(o, i);
    const pending = isPending(o as Operation<unknown, unknown>);
    return { actor: o.actor, lane, label: describe(o), call: o.call, ret: pending ? undefined : o.ret, order: 0, breaking: false };
  });
  const prefix = result.ok ? [] : result.longestPrefix.map((o) => index.get(o)!);
  prefix.forEach((i, k) => (operations[i]!.order = k + 1));
  const breaking = !result.ok && result.breaking ? index.get(result.breaking)! : -1;
  if (breaking >= 0) operations[breaking]!.breaking = true;
  const where = !result.ok && result.partitions > 1 ? ` in partition ${JSON.stringify(result.partition)}` : '';
  let summary: string;
  if (result.ok) summary = `linearizable: ${history.length} operation${history.length === 1 ? '' : 's'} in ${result.partitions} partition${result.partitions === 1 ? '' : 's'}`;
  else if (result.verdict === 'unknown') {
    summary = `unknown: the search ran out of ${result.reason === 'time' ? 'time' : 'steps'}${where} before a verdict; the furthest it got: ${prefix.length} operation${prefix.length === 1 ? '' : 's'} linearized${breaking >= 0 ? `, stuck at ${operations[breaking]!.actor} ${operations[breaking]!.label}` : ''}`;
  } else {
    const b = breaking >= 0 ? operations[breaking]! : undefined;
    summary = `not linearizable${where}: ${b ? `every order breaks at ${b.actor} ${b.label} — no order of the operations before its return explains it` : 'no order explains every output'}; the longest linearizable prefix has ${prefix.length} operation${prefix.length === 1 ? '' : 's'}`;
  }
  return {
    verdict: result.verdict,
    ...(!result.ok && result.reason && { reason: result.reason }),
    ...(!result.ok && result.partitions > 1 && { partition: result.partition }),
    partitions: result.partitions,
    lanes,
    operations,
    prefix,
    breaking,
    summary,
  };
}

/** The `max` operations (in call order) to show of a long picture: those around the breaking one, more of them before it. */
export function pictureWindow(p: LinearizabilityPicture, max: number): { from: number; to: number } {
  const n = p.operations.length;
  if (n <= max) return { from: 0, to: n };
  const centre = p.breaking >= 0 ? p.breaking : n - 1;
  const from = Math.max(0, Math.min(centre - Math.floor((max * 2) / 3), n - max));
  return { from, to: from + max };
}

/**
 * The picture as a compact table, one row per operation in call order: its place in the longest
 * linearizable prefix (`✗` where every order breaks, `·` not in the prefix), actor, call and return.
 * Beyond `maxRows`, the rows nearest the breaking operation.
 */
export function pictureTable(p: LinearizabilityPicture, options: { maxRows?: number } = {}): string {
  const ops = p.operations;
  const { from, to } = pictureWindow(p, options.maxRows ?? 40);
  const mark = (o: PictureOperation) => (o.breaking ? '✗' : o.order ? String(o.order) : '·');
  const rows = ops.slice(from, to).map((o) => [mark(o), o.actor, String(o.call), o.ret === undefined ? '…' : String(o.ret), o.label]);
  const head = ['#', 'actor', 'call', 'ret', 'operation'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `  ${r.map((cell, c) => (c === 2 || c === 3 ? cell.padStart(widths[c]!) : c === 4 ? cell : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  const out = [line(head)];
  if (from > 0) out.push(`  … ${from} earlier operation${from === 1 ? '' : 's'}`);
  out.push(...rows.map(line));
  if (to < ops.length) out.push(`  … ${ops.length - to} later operation${ops.length - to === 1 ? '' : 's'}`);
  out.push('  # = place in the longest linearizable prefix   ✗ = where every order breaks   · = not in it   ret … = never returned');
  return out.join('\n');
}

/** The picture a `linearizable` failure carries (its thrown `LinearizabilityViolation`), if `error` is one. */
export function pictureOfViolation(error: unknown): LinearizabilityPicture | undefined {
  if (!(error instanceof PropertyViolation) || error.property !== 'linearizable') return undefined;
  return (error as PropertyViolation & { picture?: LinearizabilityPicture }).picture;
}
