/**
 * A value's canonical text, for equality and memo keys in the history checker: two values have the
 * same text exactly when they are the same value — object keys in sorted order (JSON objects are
 * unordered), to any depth, `undefined`, bigints, Maps and Sets told apart. `stableJson` is the text a
 * reader sees (a cap on depth, insertion order); it is not a comparison.
 */
import { UsageError } from '../sim/errors.js';

/** Deeper than this a value is refused: no history value needs it, and the walk must not overflow. */
export const MAX_COMPARED_DEPTH = 1000;

/** Whether a value nests deeper than {@link canonicalJson} compares: a reader refuses it up front, naming its line. */
export function nestsTooDeep(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (depth >= MAX_COMPARED_DEPTH) return true;
  for (const x of Object.values(v)) if (nestsTooDeep(x, depth + 1)) return true;
  return false;
}

export function canonicalJson(value: unknown): string {
  const seen: object[] = [];
  const walk = (v: unknown, depth: number): string => {
    if (v === undefined) return 'u';
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return String(v);
      case 'bigint':
        return `${v}n`;
      case 'boolean':
        return String(v);
      case 'symbol':
        return `<${v.toString()}>`;
      case 'function':
        return `<fn ${(v as { name?: string }).name || 'anonymous'}>`;
    }
    if (depth >= MAX_COMPARED_DEPTH) {
      throw new UsageError(`a value is nested deeper than ${MAX_COMPARED_DEPTH} levels`, 'the history checker compares values up to that depth; flatten the value, or check it with a spec of your own');
    }
    const o = v as object;
    if (seen.includes(o)) return '<cycle>';
    seen.push(o);
    let out: string;
    if (Array.isArray(o)) out = `[${o.map((x) => walk(x, depth + 1)).join(',')}]`;
    else if (o instanceof Map) out = `Map{${[...o.entries()].map(([k, x]) => `${walk(k, depth + 1)}:${walk(x, depth + 1)}`).sort().join(',')}}`;
    else if (o instanceof Set) out = `Set{${[...o].map((x) => walk(x, depth + 1)).sort().join(',')}}`;
    else if (o instanceof Error) out = `<${o.name}: ${o.message}>`;
    else {
      const keys = Object.keys(o).sort();
      out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk((o as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
    }
    seen.pop();
    return out;
  };
  return walk(value, 0);
}
