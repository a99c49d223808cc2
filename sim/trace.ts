/**
 * The trace is data (docs/architecture.md, "Trace and replay tokens"): one entry per step plus the events the scenario logged, and a
 * fingerprint — a hash of the canonical trace — that replay verifies.
 */

export interface TraceEntry {
  /** 0-based step number. */
  step: number;
  /** Virtual time when the step began. */
  time: number;
  /** Actor name, or `(clock)` for a stall. */
  actor: string;
  actorId: number;
  /** Label of the scheduling point the step resumed (`start`, `x.get`, `m.lock`, `stall`, …). */
  op: string;
  args: readonly unknown[];
  /** What the operation returned, when the model reports it. */
  result?: unknown;
  /** The schedule choice that picked this step (-1 when it was the only option). */
  choice: number;
  /** Number of options at that choice (1 when forced). */
  options: number;
  /** True when this step preempted a runnable actor. */
  preempted: boolean;
  /** Data choices drawn during the step: `label=value`. */
  picks?: string[];
}

export interface SimEvent {
  step: number;
  time: number;
  actor: string;
  kind: string;
  data?: unknown;
}

export interface Trace {
  steps: TraceEntry[];
  events: SimEvent[];
  /** Hash of the canonical trace; equal fingerprints mean identical runs. */
  fingerprint: string;
}

/**
 * The trace of a finished run; its fingerprint is computed on first read (most runs of an exploration
 * pass and nobody reads it).
 *
 * A class on purpose. An object literal with a `get fingerprint()` gets a hidden class of its own per
 * object (the getter closure is part of its shape), and V8 allocates hidden classes in the old
 * generation. Each run's dead hidden class then kept its getter's closure, and through it the run's
 * steps, alive through every young-generation GC until the next full one: about 1–2 MB copied and
 * promoted per scavenge, ~15% of an exploration's time, and most of why a second worker thread added
 * much less than a second core (the GC helper threads of both isolates compete for the same cores).
 */
export class RunTrace implements Trace {
  private fp: string | undefined;

  constructor(
    readonly steps: TraceEntry[],
    readonly events: SimEvent[],
    /** The run's params: part of the fingerprint, so a token's params are covered by it. */
    private readonly params?: unknown,
  ) {}

  get fingerprint(): string {
    return (this.fp ??= fingerprintOf(this.steps, this.events, this.params));
  }

  /** Plain data, for JSON and for structured cloning to another thread (neither keeps a getter). */
  toJSON(): Trace {
    return { steps: this.steps, events: this.events, fingerprint: this.fingerprint };
  }
}

/**
 * JSON that never throws: cycles, bigints, functions, errors and undefined all get a stable text.
 * Only a real cycle (an object inside itself) becomes `<cycle>`; an object reached twice by
 * different paths (steps sharing one args array) is written out both times.
 */
const MAX_SHOWN_DEPTH = 100;

export function stableJson(value: unknown): string {
  // The objects being written, outermost first: as written (a Map as its replacement) and as given.
  const holders: object[] = [];
  const originals: object[] = [];
  const text = JSON.stringify(value, function (this: object, _key, v: unknown) {
    if (v === undefined) return '<undefined>';
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') return `<fn ${(v as { name?: string }).name || 'anonymous'}>`;
    if (typeof v === 'symbol') return v.toString();
    if (v instanceof Error) return `<${v.name}: ${v.message}>`;
    if (v === null || typeof v !== 'object') return v;
    // A value nested deeper than any reviewer reads stops here, the same way every time (no stack overflow).
    if (holders.length >= MAX_SHOWN_DEPTH && holders.at(-1) === this) return '<nested too deep>';
    // JSON.stringify calls us with `this` = the object holding v: leave the finished siblings' subtrees.
    while (holders.length > 0 && holders.at(-1) !== this) {
      holders.pop();
      originals.pop();
    }
    if (originals.includes(v)) return '<cycle>';
    const out = v instanceof Map ? { '<Map>': [...v.entries()] } : v instanceof Set ? { '<Set>': [...v.values()] } : v;
    holders.push(out);
    originals.push(v);
    return out;
  });
  return text ?? 'undefined';
}

/** cyrb53: a fast 53-bit string hash, rendered base36. Stable across platforms and processes. */
export function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Canonical text of a trace: everything a reviewer would see, nothing that depends on the machine. */
export function canonicalTrace(steps: readonly TraceEntry[], events: readonly SimEvent[], params?: unknown): string {
  // Params first, and only when there are some: a run without params keeps the fingerprint it had.
  const lines: string[] = params === undefined ? [] : [`params|${stableJson(params)}`];
  for (const s of steps) {
    lines.push(
      `${s.step}|${s.time}|${s.actor}|${s.op}|${stableJson(s.args)}|${stableJson(s.result)}|${s.choice}/${s.options}|${s.picks?.join(',') ?? ''}`,
    );
  }
  for (const e of events) lines.push(`@${e.step}|${e.time}|${e.actor}|${e.kind}|${stableJson(e.data)}`);
  return lines.join('\n');
}

export function fingerprintOf(steps: readonly TraceEntry[], events: readonly SimEvent[], params?: unknown): string {
  return hash53(canonicalTrace(steps, events, params));
}

/** Context switches away from an actor that could have kept running. */
export function countPreemptions(steps: readonly TraceEntry[]): number {
  let n = 0;
  for (const s of steps) if (s.preempted) n++;
  return n;
}
