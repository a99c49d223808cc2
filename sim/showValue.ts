/**
 * A value as a failure message shows it: exactly, and without ever throwing. Plain data reads as JSON
 * (`{"a":[1,"two"]}`, `"7"`); what JSON would lose or refuse is spelled out — `undefined`, `NaN`,
 * `Infinity`, `-0`, `7n`, `a function (name)`, `Symbol(x)`, `Error: message`, `[circular]` — and a
 * value whose inspection throws (a getter, a proxy trap, a `toString`) says so instead of hiding the
 * message it was to be part of. Long values are cut at `max` characters.
 */

const DEPTH = 6;
const ITEMS = 20;

/** Runs `f`; a throw becomes `fallback(e)` (itself guarded). */
function guard<T>(f: () => T, fallback: (e: unknown) => T): T {
  try {
    return f();
  } catch (e) {
    return fallback(e);
  }
}

const thrownName = (e: unknown): string => guard(() => (e instanceof Error ? e.name : typeof e), () => 'a value');
const unshowable = (e: unknown): string => `<a value whose inspection threw ${thrownName(e)}>`;

function show(v: unknown, depth: number, seen: object[]): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return String(v);
    case 'symbol':
      return v.toString();
    case 'function': {
      const name = guard(() => (v as { name?: unknown }).name, () => undefined);
      return typeof name === 'string' && name !== '' ? `a function (${name})` : 'a function';
    }
  }
  const o = v as object;
  if (seen.includes(o)) return '[circular]';
  if (o instanceof Error) return `${guard(() => String(o.name), () => 'Error')}: ${guard(() => String(o.message), unshowable)}`;
  if (depth >= DEPTH) return Array.isArray(o) ? '[…]' : '{…}';
  seen.push(o);
  try {
    if (Array.isArray(o)) {
      const items = o.slice(0, ITEMS).map((x) => show(x, depth + 1, seen));
      if (o.length > ITEMS) items.push('…');
      return `[${items.join(',')}]`;
    }
    if (o instanceof Date) return guard(() => JSON.stringify(o.toISOString()), () => 'Invalid Date');
    if (o instanceof Map) return `Map ${show([...o.entries()], depth + 1, seen)}`;
    if (o instanceof Set) return `Set ${show([...o.values()], depth + 1, seen)}`;
    const keys = Object.keys(o);
    const entries = keys.slice(0, ITEMS).map((k) => `${JSON.stringify(k)}:${guard(() => show((o as Record<string, unknown>)[k], depth + 1, seen), unshowable)}`);
    if (keys.length > ITEMS) entries.push('…');
    return `{${entries.join(',')}}`;
  } finally {
    seen.pop();
  }
}

export function showValue(v: unknown, max = 120): string {
  const s = guard(() => show(v, 0, []), unshowable);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
