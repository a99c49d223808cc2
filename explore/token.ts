/**
 * Replay tokens (docs/architecture.md, "Trace and replay tokens"): `il1.<scenario>.<params>.<choices>.<fingerprint>[.<settings>]` — a
 * version prefix, the scenario name, the params as base64url JSON (`-` for none), the choice list as
 * base64url LEB128 varints (`-` for none), the fingerprint of the trace it produced, and — only when
 * they differ from the defaults — the run settings that shape the trace (`maxSteps`, `leakCheck`)
 * as base64url JSON, so a step-limit failure found with `maxSteps: 500` replays as one.
 */
import { UsageError } from '../sim/errors.js';
import { DEFAULTS } from '../sim/defaults.js';

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
  const params = t.params === undefined ? '-' : Buffer.from(JSON.stringify(t.params), 'utf8').toString('base64url');
  const parts = [TOKEN_VERSION, t.scenario, params, encodeVarints(t.choices), t.fingerprint];
  if (t.settings && Object.keys(t.settings).length) parts.push(Buffer.from(JSON.stringify(t.settings), 'utf8').toString('base64url'));
  return parts.join('.');
}

const MALFORMED_HINT = 'copy the whole token as printed (it starts with "il1." and has five or six dot-separated parts), or run explore again';

export function decodeToken(token: string): ReplayToken {
  if (typeof token !== 'string') throw new UsageError('malformed replay token: expected a string', MALFORMED_HINT);
  const parts = token.trim().split('.');
  if (parts[0] !== TOKEN_VERSION) {
    const seen = parts[0]?.startsWith('il') ? `version "${parts[0]}"` : `"${token.slice(0, 12)}…"`;
    throw new UsageError(`malformed replay token: ${seen} is not an ${TOKEN_VERSION} token`, MALFORMED_HINT);
  }
  if ((parts.length !== 5 && parts.length !== 6) || parts.some((p) => p.length === 0)) {
    throw new UsageError(`malformed replay token: expected 5 or 6 parts, found ${parts.length}`, MALFORMED_HINT);
  }
  const [, scenario, params, choices, fingerprint, settingsPart] = parts as [string, string, string, string, string, string | undefined];
  let settings: TokenSettings | undefined;
  if (settingsPart !== undefined) {
    try {
      settings = JSON.parse(Buffer.from(settingsPart, 'base64url').toString('utf8')) as TokenSettings;
    } catch {
      throw new UsageError('malformed replay token: its settings part is not base64url JSON', MALFORMED_HINT);
    }
    if (typeof settings !== 'object' || settings === null || (settings.maxSteps !== undefined && !(Number.isInteger(settings.maxSteps) && settings.maxSteps > 0))) {
      throw new UsageError('malformed replay token: its settings part is not valid', MALFORMED_HINT);
    }
  }
  let decodedParams: unknown;
  try {
    decodedParams = params === '-' ? undefined : JSON.parse(Buffer.from(params, 'base64url').toString('utf8'));
  } catch {
    throw new UsageError('malformed replay token: its params part is not base64url JSON', MALFORMED_HINT);
  }
  let decodedChoices: number[];
  try {
    decodedChoices = decodeVarints(choices);
  } catch (e) {
    throw new UsageError(`malformed replay token: ${(e as Error).message}`, MALFORMED_HINT);
  }
  if (!/^[0-9a-z]+$/.test(fingerprint)) throw new UsageError('malformed replay token: bad fingerprint part', MALFORMED_HINT);
  return { scenario, params: decodedParams, choices: decodedChoices, fingerprint, settings };
}
