/**
 * Replay tokens (docs/architecture.md, "Trace and replay tokens"): `il1.<scenario>.<params>.<choices>.<fingerprint>[.<settings>]` — a
 * version prefix, the scenario name, the params as base64url JSON (`-` for none), the choice list as
 * base64url LEB128 varints (`-` for none), the fingerprint of the trace it produced, and — only when
 * they differ from the defaults — the run settings that shape the trace (`maxSteps`, `leakCheck`)
 * as base64url JSON, so a step-limit failure found with `maxSteps: 500` replays as one.
 */
import { UsageError } from '../sim/errors.js';
import { DEFAULTS } from '../sim/defaults.js';
import { SCENARIO_NAME } from '../sim/scenario.js';
import { MAX_PARAMS_DEPTH, MAX_PARAMS_JSON, jsonDepth } from '../sim/params.js';
import { terminalText } from '../reports/sanitise.js';

export const TOKEN_VERSION = 'il1';

export interface ReplayToken {
  scenario: string;
  params: unknown;
  choices: number[];
  fingerprint: string;
  /** Run settings that differ from the defaults. */
  settings?: TokenSettings | undefined;
}

export interface TokenSettings {
  maxSteps?: number;
  leakCheck?: boolean;
}

const DEFAULT_MAX_STEPS = DEFAULTS.maxSteps;

/**
 * The limits of what a token may hold, checked before anything is decoded: a token is user input
 * (pasted from a CI log, a PR comment, a corpus file), and a replay must not run out of memory or
 * stack on one. The longest a command line passes as one argument on Linux is 128 KiB.
 */
export const MAX_TOKEN_LENGTH = 131_072;
/** A token's `maxSteps` above this is not a recorded run's setting (the default is 10,000). */
export const MAX_TOKEN_STEPS = 10_000_000;
const MAX_FINGERPRINT = 13; // 53 bits in base 36 is at most 11 characters

/** The settings a token must carry: those that change a run's trace or verdict, when not default. */
export function tokenSettings(s: { maxSteps?: number | undefined; leakCheck?: boolean | undefined }): TokenSettings | undefined {
  const out: TokenSettings = {};
  if (s.maxSteps !== undefined && s.maxSteps !== DEFAULT_MAX_STEPS) out.maxSteps = s.maxSteps;
  if (s.leakCheck) out.leakCheck = true;
  return Object.keys(out).length ? out : undefined;
}

function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function encodeVarints(values: readonly number[]): string {
  if (values.length === 0) return '-';
  const out: number[] = [];
  for (let v of values) {
    if (!Number.isSafeInteger(v) || v < 0) throw new UsageError(`cannot encode choice ${v}: choices are natural numbers`);
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return toBase64url(Uint8Array.from(out));
}

export function decodeVarints(text: string): number[] {
  if (text === '-') return [];
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('choices are not base64url');
  const bytes = Buffer.from(text, 'base64url');
  const values: number[] = [];
  let v = 0;
  let scale = 1;
  for (const b of bytes) {
    v += (b & 0x7f) * scale;
    if (b & 0x80) {
      scale *= 0x80;
      if (scale > 2 ** 49) throw new Error('a choice is too large');
    } else {
      values.push(v);
      v = 0;
      scale = 1;
    }
  }
  if (scale !== 1) throw new Error('the choice list is truncated');
  return values;
}

export function encodeToken(t: ReplayToken): string {
  if (typeof t.scenario !== 'string' || !SCENARIO_NAME.test(t.scenario)) {
    throw new UsageError(`cannot make a replay token for scenario ${shown(String(t.scenario))}: not a scenario name`, 'pass a scenario made with defineScenario (a stray `default` export?)');
  }
  const params = t.params === undefined ? '-' : Buffer.from(JSON.stringify(t.params), 'utf8').toString('base64url');
  const parts = [TOKEN_VERSION, t.scenario, params, encodeVarints(t.choices), t.fingerprint];
  if (t.settings && Object.keys(t.settings).length) parts.push(Buffer.from(JSON.stringify(t.settings), 'utf8').toString('base64url'));
  return parts.join('.');
}

const MALFORMED_HINT = 'copy the whole token as printed (it starts with "il1." and has five or six dot-separated parts), or run explore again';

/** Token text as an error message may show it: cut, quoted, control characters escaped. */
function shown(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `"${terminalText(cut)}"`;
}

function malformed(what: string): UsageError {
  return new UsageError(`malformed replay token: ${what}`, MALFORMED_HINT);
}

function decodeJsonPart(part: string, what: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw malformed(`its ${what} part is not base64url JSON`);
  const text = Buffer.from(part, 'base64url').toString('utf8');
  if (text.length > MAX_PARAMS_JSON) throw malformed(`its ${what} part is ${text.length.toLocaleString('en-US')} characters of JSON, more than the ${MAX_PARAMS_JSON.toLocaleString('en-US')} a token may carry`);
  // Bracket depth before parsing: nothing downstream (the fingerprint, a report) has to meet a deep value.
  const depth = jsonDepth(text);
  if (depth > MAX_PARAMS_DEPTH) throw malformed(`its ${what} part is nested ${depth} deep, more than the ${MAX_PARAMS_DEPTH} a token may carry`);
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(`its ${what} part is not base64url JSON`);
  }
}

export function decodeToken(token: string): ReplayToken {
  if (typeof token !== 'string') throw new UsageError('malformed replay token: expected a string', MALFORMED_HINT);
  if (token.length > MAX_TOKEN_LENGTH) throw malformed(`${token.length.toLocaleString('en-US')} characters, more than the ${MAX_TOKEN_LENGTH.toLocaleString('en-US')} a token may have`);
  const parts = token.trim().split('.');
  if (parts[0] !== TOKEN_VERSION) {
    const seen = /^il[0-9]{1,3}$/.test(parts[0] ?? '') ? `version "${parts[0]}"` : shown(token, 12);
    throw malformed(`${seen} is not an ${TOKEN_VERSION} token`);
  }
  if ((parts.length !== 5 && parts.length !== 6) || parts.some((p) => p.length === 0)) {
    throw malformed(`expected 5 or 6 parts, found ${parts.length}`);
  }
  const [, scenario, params, choices, fingerprint, settingsPart] = parts as [string, string, string, string, string, string | undefined];
  if (!SCENARIO_NAME.test(scenario)) throw malformed(`its scenario part ${shown(scenario)} is not a scenario name`);
  let settings: TokenSettings | undefined;
  if (settingsPart !== undefined) {
    const raw = decodeJsonPart(settingsPart, 'settings');
    if (!validSettings(raw)) throw malformed('its settings part is not valid');
    settings = raw;
  }
  const decodedParams = params === '-' ? undefined : decodeJsonPart(params, 'params');
  let decodedChoices: number[];
  try {
    decodedChoices = decodeVarints(choices);
  } catch (e) {
    throw malformed((e as Error).message);
  }
  if (!/^[0-9a-z]+$/.test(fingerprint) || fingerprint.length > MAX_FINGERPRINT) throw malformed('bad fingerprint part');
  return { scenario, params: decodedParams, choices: decodedChoices, fingerprint, settings };
}

/** `{ maxSteps?: 1…MAX_TOKEN_STEPS, leakCheck?: boolean }` and nothing else. */
function validSettings(raw: unknown): raw is TokenSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const s = raw as Record<string, unknown>;
  if (Object.keys(s).some((k) => k !== 'maxSteps' && k !== 'leakCheck')) return false;
  if (s.maxSteps !== undefined && !(Number.isSafeInteger(s.maxSteps) && (s.maxSteps as number) > 0 && (s.maxSteps as number) <= MAX_TOKEN_STEPS)) return false;
  return s.leakCheck === undefined || typeof s.leakCheck === 'boolean';
}
