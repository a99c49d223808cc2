/**
 * The token fuzzer (issue 17, acceptance): real tokens that explore minted, mutated with structure —
 * each part kept, replaced by a near miss (a param out of range, a choice list cut or bent, a
 * fingerprint off by a digit, settings a recorded run never had) or by hostile text (control
 * characters, nesting 3,000 deep, 100 KB) — and replayed in this process. Every case must end in a
 * verdict that agrees with its run, or in one line that says what was wrong:
 *
 * - crash: anything thrown that is not an InterleaveError, or a report() that throws;
 * - silent pass: `reproduced` for a token that decodes to something else than a minted one, or a
 *   verdict that contradicts the run (`fixed` for a failing run, `reproduced` on another trace);
 * - bad message: an error of more than one line, or with a raw control character;
 * - slow: a case over `slowMs` (counted by the bench; the test suite never asserts wall-clock time).
 */
import fc from 'fast-check';
import { isTerminalSafe } from '../reports/sanitise.js';
import { InterleaveError } from '../sim/errors.js';
import type { Scenario } from '../sim/scenario.js';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { abba } from '../scenarios/demo/abba.js';
import { doubleWake } from '../scenarios/double-wake/doubleWake.js';
import { janitorScenario } from '../scenarios/janitor/scenario.js';
import { explore } from './explore.js';
import { replay } from './replay.js';
import { decodeToken, encodeVarints, type ReplayToken } from './token.js';

type AnyScenario = Scenario<unknown, unknown>;

export interface Seedling {
  scenario: AnyScenario;
  token: string;
  decoded: ReplayToken;
}

/** Minted tokens of scenarios with and without params (a few seconds of exploring). */
export async function seedlings(): Promise<Seedling[]> {
  const scenarios = [lostUpdate(), abba, doubleWake('before', ['exactly-once']), janitorScenario('before', 'one-holder')] as AnyScenario[];
  const out: Seedling[] = [];
  for (const scenario of scenarios) {
    const r = await explore(scenario, { seed: 1, runs: 3000, corpus: false });
    if (!r.failure) throw new Error(`token fuzz: ${scenario.name} found no failure to mint a token from`);
    out.push({ scenario, token: r.failure.token, decoded: decodeToken(r.failure.token) });
  }
  return out;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\u001b[2K\rerror: none; replay OK', '\r\n', '\u2028', '\u0000', '\u009b31m', '\u202e', '..', '.', '-', ' ', '%%', '<img src=x onerror=alert(1)>'),
  fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
);

/** A JSON value like `v` but changed somewhere: a number far out of range, a type swapped, a key added or lost. */
function nearMiss(v: unknown): fc.Arbitrary<unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return fc.constant({ extra: 1 });
    return fc.oneof(
      fc.constantFrom(...keys).chain((k) => nearMiss((v as Record<string, unknown>)[k]).map((x) => ({ ...(v as object), [k]: x }))),
      fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))),
      fc.jsonValue({ maxDepth: 2 }).map((x) => ({ ...(v as object), extra: x })),
    );
  }
  if (Array.isArray(v)) return fc.oneof(fc.constant([...v, v[0] ?? 0]), fc.constant(v.slice(1)), fc.constant(v.map(() => 'x')));
  if (typeof v === 'number') return fc.oneof(fc.constantFrom(1_000_000, 100_000, -1, 0.5, 2 ** 53, 1e308), fc.integer());
  if (typeof v === 'boolean') return fc.constantFrom(!v, 0, 'true', null);
  return fc.oneof(fc.jsonValue({ maxDepth: 1 }), hostileText);
}

/** Params nested `depth` deep, as JSON text (never built as a value). */
const nested = fc.integer({ min: 1, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

function paramsPart(s: Seedling): fc.Arbitrary<string> {
  const p = s.decoded.params;
  const json = (x: unknown) => (x === undefined ? '-' : b64(JSON.stringify(x)));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(json(p)) },
    { weight: 4, arbitrary: nearMiss(p ?? { calls: 2 }).map(json) },
    { weight: 1, arbitrary: fc.constant('-') },
    { weight: 1, arbitrary: fc.constant(b64('"x"')) },
    { weight: 1, arbitrary: nested.map(b64) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => b64(JSON.stringify('a'.repeat(n)))) },
    { weight: 1, arbitrary: hostileText },
  );
}

function choicesPart(s: Seedling): fc.Arbitrary<string> {
  const c = s.decoded.choices;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(encodeVarints(c)) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: Math.max(0, c.length - 1) }).map((n) => encodeVarints(c.slice(0, n))) },
    { weight: 2, arbitrary: fc.tuple(fc.nat({ max: Math.max(0, c.length - 1) }), fc.nat({ max: 5 })).map(([i, v]) => encodeVarints(c.map((x, j) => (j === i ? v : x)))) },
    { weight: 1, arbitrary: fc.array(fc.nat({ max: 3 }), { maxLength: 5 }).map((more) => encodeVarints([...c, ...more])) },
    { weight: 1, arbitrary: fc.array(fc.nat(), { maxLength: 40 }).map(encodeVarints) },
    { weight: 1, arbitrary: fc.constantFrom('-', '_', '////', 'gA', '__8') },
    { weight: 1, arbitrary: hostileText },
  );
}

function fingerprintPart(s: Seedling): fc.Arbitrary<string> {
  const f = s.decoded.fingerprint;
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(f) },
    { weight: 1, arbitrary: fc.constantFrom(`${f.slice(0, -1)}${f.endsWith('0') ? '1' : '0'}`, '0', 'z'.repeat(13), 'z'.repeat(40)) },
    { weight: 1, arbitrary: hostileText },
  );
}

const settingsPart: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ maxSteps: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(1e15, 0, -1, 1.5)), leakCheck: fc.boolean() }, { requiredKeys: [] }).map((x) => b64(JSON.stringify(x))) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((x) => b64(JSON.stringify(x))) },
  { weight: 1, arbitrary: hostileText },
);

export interface FuzzCase {
  seedling: number;
  token: string;
}

/** A mutated token of one of the seedlings (by index), assembled from mutated parts, sometimes bent whole. */
export function fuzzCase(all: readonly Seedling[]): fc.Arbitrary<FuzzCase> {
  return fc.nat({ max: all.length - 1 }).chain((i) => {
    const s = all[i]!;
    const scenario = fc.oneof({ weight: 8, arbitrary: fc.constant(s.decoded.scenario) }, { weight: 1, arbitrary: fc.constantFrom(...all.map((x) => x.decoded.scenario)) }, { weight: 1, arbitrary: hostileText });
    const version = fc.oneof({ weight: 12, arbitrary: fc.constant('il1') }, { weight: 1, arbitrary: fc.constantFrom('il2', 'IL1', 'il', '') }, { weight: 1, arbitrary: hostileText });
    const parts = fc.tuple(version, scenario, paramsPart(s), choicesPart(s), fingerprintPart(s), settingsPart).map((p) => p.filter((x): x is string => x !== undefined).join('.'));
    const bent = fc.oneof(
      { weight: 10, arbitrary: parts },
      { weight: 1, arbitrary: fc.tuple(parts, fc.nat(), hostileText).map(([t, at, x]) => `${t.slice(0, at % (t.length + 1))}${x}${t.slice(at % (t.length + 1))}`) },
      { weight: 1, arbitrary: fc.tuple(parts, fc.nat()).map(([t, at]) => t.slice(0, at % (t.length + 1))) },
      { weight: 1, arbitrary: parts.map((t) => `  ${t}\n`) },
    );
    return bent.map((token) => ({ seedling: i, token }));
  });
}

export type Outcome = { kind: 'verdict'; verdict: string } | { kind: 'refused'; message: string };

/** Replays one case and checks what came back; returns the outcome or throws what is wrong with it. */
export async function runCase(all: readonly Seedling[], c: FuzzCase): Promise<Outcome> {
  const s = all[c.seedling]!;
  let r: Awaited<ReturnType<typeof replay>>;
  try {
    r = await replay(s.scenario, c.token);
  } catch (e) {
    if (!(e instanceof InterleaveError)) throw new Error(`crash: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
    if (e.message.includes('\n') || !isTerminalSafe(e.message)) throw new Error(`bad message: ${JSON.stringify(e.message.slice(0, 200))}`);
    return { kind: 'refused', message: e.message };
  }
  // The same run, told otherwise, is not a mismatch: settings it never reached (maxSteps above its
  // length), and trailing zero choices (choices past the end of a list read as 0).
  const bare = (t: ReplayToken) => {
    const choices = [...t.choices];
    while (choices.at(-1) === 0) choices.pop();
    return JSON.stringify({ ...t, choices, settings: undefined });
  };
  const back = decodeToken(c.token);
  const minted = all.find((x) => bare(x.decoded) === bare(back));
  if (r.verdict === 'reproduced' && (!minted || r.trace.fingerprint !== back.fingerprint)) throw new Error(`silent pass: "reproduced" for a token that was never minted: ${c.token.slice(0, 200)}`);
  if (r.verdict === 'fixed' && !r.ok) throw new Error(`silent pass: "fixed" for a failing run: ${c.token.slice(0, 200)}`);
  if (r.verdict !== 'fixed' && r.ok) throw new Error(`wrong verdict: "${r.verdict}" for a passing run: ${c.token.slice(0, 200)}`);
  for (const format of ['text', 'md', 'html', 'json'] as const) {
    const out = r.report(format);
    if (format === 'text' && !out.split('\n').every(isTerminalSafe)) throw new Error(`bad report: raw control characters in the text report of ${c.token.slice(0, 200)}`);
  }
  return { kind: 'verdict', verdict: r.verdict };
}
