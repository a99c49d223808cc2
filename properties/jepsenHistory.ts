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
import { MAX_COMPARED_DEPTH, nestsTooDeep } from './canonical.js';
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

/**
 * A number JSON.parse cannot keep apart from its neighbours: an integer past 2^53, a value past the
 * doubles' range (Infinity). Two different numbers in the file would compare equal. Strings skipped.
 */
function inexactNumber(body: string): string | undefined {
  const token = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"') {
      for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    token.lastIndex = i;
    const m = token.exec(body);
    if (!m) continue;
    const n = Number(m[0]);
    if (!Number.isFinite(n) || (/^-?\d+$/.test(m[0]) && !Number.isSafeInteger(n))) return m[0];
    i += m[0].length - 1;
  }
  return undefined;
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
      const edn = /^\{\s*:[a-z]/i.test(body) || /^\[\s*\{\s*:[a-z]/i.test(body);
      throw new UsageError(
        `${where(line)}: not JSON (${edn ? "it looks like EDN, Jepsen's history.edn" : (err as Error).message.split('\n')[0]})`,
        edn ? `convert it to JSON Lines first (one object per line: {:process 0, :type :invoke, :f :read, :value nil} becomes ${EXAMPLE})` : `each line must be one JSON object, e.g. ${EXAMPLE}`,
      );
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new UsageError(`${where(line)}: not a JSON object`, `each line must be one JSON object, e.g. ${EXAMPLE}`);
    const inexact = inexactNumber(body);
    if (inexact !== undefined) throw new UsageError(`${where(line)}: the number ${inexact.length > 40 ? `${inexact.slice(0, 40)}…` : inexact} cannot be compared exactly (JSON numbers are read as doubles: integers past 2^53 and values past 1.8e308 collide with others)`, 'write such values as strings');
    if (nestsTooDeep(e)) throw new UsageError(`${where(line)}: a value is nested deeper than ${MAX_COMPARED_DEPTH} levels`, 'the checker compares values up to that depth; flatten the value');
    const process = bare(e.process);
    if (process === 'nemesis') return;
    if (typeof process !== 'number' && typeof process !== 'string') throw new UsageError(`${where(line)}: "process" is missing or not a number or string`, `give every event the process that ran it, e.g. ${EXAMPLE}`);
    const type = bare(e.type);
    if (!(TYPES as readonly unknown[]).includes(type)) throw new UsageError(`${where(line)}: "type" is ${JSON.stringify(e.type)}`, `use one of ${TYPES.join(', ')}`);
    const f = bare(e.f);
    if (typeof f !== 'string') throw new UsageError(`${where(line)}: "f" is missing or not a string`, `name the operation, e.g. ${EXAMPLE}`);
    if (options.operations && !options.operations.includes(f)) throw new UsageError(`${where(line)}: unknown f "${f}"`, `this spec knows ${options.operations.join(', ')}; pass --spec <module.ts> for others`);
    // Process 1 and process "1" are two processes; a string that reads as a number shows its quotes.
    const actor = typeof process === 'string' && /^-?\d/.test(process) ? JSON.stringify(process) : String(process);
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
