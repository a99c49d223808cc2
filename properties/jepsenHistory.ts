/**
 * Reads a history in the shape Jepsen writes and Knossos checks: JSON Lines, one event per line,
 * `{"process": 0, "type": "invoke" | "ok" | "fail" | "info", "f": "read", "key"?: …, "value": …}`.
 * An `invoke` opens an operation of its process; the process's next `ok`, `fail` or `info` closes it.
 *
 * Knossos's reading of the completions: `ok` returned (its value is the output); `fail` certainly
 * did not happen, so the operation is left out; `info` (a timeout, a crash) may or may not have
 * happened, at any instant after its invocation — it never returns. An invocation still open at the
 * end of the file is read as `info`. Jepsen's nemesis events (`"process": "nemesis"`) are skipped.
 * Instants are line numbers: the file's order is the history's real-time order.
 *
 * Each malformed line is one error naming the line: bad JSON, a completion without an invocation,
 * an `f` the specification does not know.
 */
import { UsageError } from '../sim/errors.js';
import type { JepsenInput } from './jepsenSpecs.js';
import type { Operation } from './sequentialSpec.js';

const TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
const EXAMPLE = '{"process":0,"type":"invoke","f":"read","value":null}';

export interface JepsenHistoryOptions {
  /** The `f` values allowed (a spec's `operations`); any `f` when absent. */
  operations?: readonly string[];
  /** The file's name, for the errors. */
  source?: string;
}

/** Clojure keywords converted as text keep their colon (`":read"`); they mean the same. */
const bare = (v: unknown) => (typeof v === 'string' && v.startsWith(':') ? v.slice(1) : v);

export function readJepsenHistory(text: string, options: JepsenHistoryOptions = {}): Operation<JepsenInput, unknown>[] {
  const where = (line: number) => `${options.source ?? 'history'}:${line}`;
  const ops: Operation<JepsenInput, unknown>[] = [];
  const open = new Map<string, { op: Operation<JepsenInput, unknown>; line: number; index: number }>();
  const dropped = new Set<number>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.trim();
    if (body === '') return;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(body) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`${where(line)}: not JSON (${(err as Error).message.split('\n')[0]})`, `each line must be one JSON object, e.g. ${EXAMPLE}`);
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new UsageError(`${where(line)}: not a JSON object`, `each line must be one JSON object, e.g. ${EXAMPLE}`);
    const process = bare(e.process);
    if (process === 'nemesis') return;
    if (typeof process !== 'number' && typeof process !== 'string') throw new UsageError(`${where(line)}: "process" is missing or not a number or string`, `give every event the process that ran it, e.g. ${EXAMPLE}`);
    const type = bare(e.type);
    if (!(TYPES as readonly unknown[]).includes(type)) throw new UsageError(`${where(line)}: "type" is ${JSON.stringify(e.type)}`, `use one of ${TYPES.join(', ')}`);
    const f = bare(e.f);
    if (typeof f !== 'string') throw new UsageError(`${where(line)}: "f" is missing or not a string`, `name the operation, e.g. ${EXAMPLE}`);
    if (options.operations && !options.operations.includes(f)) throw new UsageError(`${where(line)}: unknown f "${f}"`, `this spec knows ${options.operations.join(', ')}; pass --spec <module.ts> for others`);
    const actor = String(process);
    const pending = open.get(actor);
    if (type === 'invoke') {
      if (pending) throw new UsageError(`${where(line)}: process ${actor} invokes ${f} while its ${pending.op.op} from line ${pending.line} has not completed`, 'complete each operation (ok, fail or info) before its process invokes the next');
      const input: JepsenInput = { value: e.value };
      if ('key' in e) input.key = e.key;
      const op: Operation<JepsenInput, unknown> = { actor, op: f, input, call: line, ret: undefined };
      open.set(actor, { op, line, index: ops.length });
      ops.push(op);
      return;
    }
    if (!pending) throw new UsageError(`${where(line)}: a return without a call: process ${actor} completes ${f} (${type}) but has no invocation open`, 'every ok, fail or info follows an invoke of the same process');
    if (pending.op.op !== f) throw new UsageError(`${where(line)}: process ${actor} completes ${f} but invoked ${pending.op.op} at line ${pending.line}`, 'a completion names the f of its invocation');
    open.delete(actor);
    if (type === 'ok') {
      pending.op.ret = line;
      pending.op.output = e.value;
    } else if (type === 'fail') dropped.add(pending.index);
  });
  return dropped.size ? ops.filter((_, i) => !dropped.has(i)) : ops;
}
