/**
 * The failure corpus (Hypothesis's example database, for schedules): every failure a campaign finds
 * is saved as its replay token under a directory (default `.interleave/`, one folder per scenario,
 * one file per token), and the next campaign of that scenario replays the saved tokens before it
 * explores — a race found once is not lost to a new seed, and a fixed one is seen to stay fixed.
 * Files, not one database: shards' directories merge by copying (`interleave corpus merge`).
 */
import { ensureDirectory } from './outputPath.js';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StaleReplayError } from '../sim/errors.js';
import { runChoices } from '../sim/execute.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { hash53 } from '../sim/trace.js';
import { replay, type ReplayResult } from './replay.js';
import { decodeToken, type ReplayToken } from './token.js';

export const DEFAULT_CORPUS = '.interleave';
const OFF = new Set(['0', 'false', 'off', 'no']);
/** A token is a few hundred bytes; a bigger file in the corpus is not one and is never read whole. */
const MAX_TOKEN_FILE = 256 * 1024;

function readToken(file: string): string {
  if (statSync(file).size > MAX_TOKEN_FILE) throw new Error(`${file} is larger than a token can be`);
  return readFileSync(file, 'utf8').trim();
}

/** The corpus directory: the option (`false`: none), else `INTERLEAVE_CORPUS` (`off`: none), else `.interleave`. */
export function corpusDir(option?: string | false): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return option;
  const env = process.env.INTERLEAVE_CORPUS;
  if (env !== undefined && env !== '') return OFF.has(env.toLowerCase()) ? undefined : env;
  return DEFAULT_CORPUS;
}

/** A scenario's folder: its name made safe for a path, with a hash so `a:b` and `a_b` stay apart. */
export function scenarioFolder(dir: string, scenario: string): string {
  return join(dir, `${scenario.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80)}-${hash53(scenario).slice(0, 6)}`);
}

export interface SavedToken {
  file: string;
  token: string;
}

/** The tokens saved for one scenario, oldest name first (malformed files are skipped, not fatal). */
export function savedTokens(dir: string, scenario: string): SavedToken[] {
  const folder = scenarioFolder(dir, scenario);
  if (!existsSync(folder)) return [];
  const out: SavedToken[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.token')) continue;
    const file = join(folder, name);
    try {
      const token = readToken(file);
      if (decodeToken(token).scenario === scenario) out.push({ file, token });
    } catch {
      // Not a token of this scenario (corrupted, hand-edited): `corpus prune` removes it.
    }
  }
  return out;
}

/** Every scenario folder of the corpus with its tokens (for `corpus list` and `prune`). */
export function allSaved(dir: string): Array<{ scenario: string; saved: SavedToken[]; unreadable: string[] }> {
  if (!existsSync(dir)) return [];
  const out: Array<{ scenario: string; saved: SavedToken[]; unreadable: string[] }> = [];
  for (const folder of readdirSync(dir).sort()) {
    const path = join(dir, folder);
    let names: string[];
    try {
      names = readdirSync(path).filter((n) => n.endsWith('.token')).sort();
    } catch {
      continue;
    }
    const saved: SavedToken[] = [];
    const unreadable: string[] = [];
    let scenario = '';
    for (const name of names) {
      const file = join(path, name);
      try {
        const token = readToken(file);
        scenario ||= decodeToken(token).scenario;
        saved.push({ file, token });
      } catch {
        unreadable.push(file);
      }
    }
    out.push({ scenario, saved, unreadable });
  }
  return out;
}

/**
 * How a saved failure was found, beside its token (`<hash>.json`): enough for `corpus merge` to name,
 * among the tokens shards saved, the failure the unsharded campaign finds first.
 */
export interface FoundRecord {
  schema: 1;
  scenario: string;
  kind: string;
  /** The failure's first line. */
  message: string;
  /** The campaign's 1-based schedule index of the first failing schedule (0: replayed from the corpus). */
  firstFoundAt: number;
  foundBy: string;
  seed: string;
  strategy: string;
  runs: number;
  /** 0-based, as explore's option. */
  shard?: { index: number; count: number };
}

/** Saves a token (idempotent: the file is named by the token's hash), and how it was found when known. */
export function saveToken(dir: string, scenario: string, token: string, found?: FoundRecord): string {
  const folder = scenarioFolder(dir, scenario);
  ensureDirectory(folder, 'the corpus directory');
  const file = join(folder, `${hash53(token)}.token`);
  if (!existsSync(file)) writeFileSync(file, `${token}\n`);
  const record = recordFile(file);
  if (found && !existsSync(record)) writeFileSync(record, `${JSON.stringify(found)}\n`);
  return file;
}

function recordFile(tokenFile: string): string {
  return tokenFile.replace(/\.token$/, '.json');
}

/** How the token in `tokenFile` was found, if that was saved with it and reads back whole. */
export function foundRecord(tokenFile: string): FoundRecord | undefined {
  try {
    const r = JSON.parse(readToken(recordFile(tokenFile))) as FoundRecord;
    const ok = r.schema === 1 && typeof r.scenario === 'string' && Number.isSafeInteger(r.firstFoundAt) && typeof r.seed === 'string' && typeof r.strategy === 'string' && Number.isSafeInteger(r.runs);
    return ok ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Removes a saved token and its record. */
export function removeToken(file: string): void {
  rmSync(file, { force: true });
  if (file.endsWith('.token')) rmSync(recordFile(file), { force: true });
}

/** What a saved token says about the code as it is now. */
export type TokenVerdict =
  /** The schedule fits and fails again: the recorded trace (`reproduced`) or another (`diverged`: the code changed). */
  | { verdict: 'fails'; run: ReplayResult; sameTrace: boolean; token: ReplayToken }
  /** The schedule fits and now runs clean. */
  | { verdict: 'fixed'; run: ReplayResult; token: ReplayToken }
  /**
   * The choices no longer fit the scenario (a choice out of range, fewer choice points): the code
   * changed shape. `lenient` is the same choices replayed as far as they fit (out of range wrapped,
   * missing ones 0) — a neighbouring schedule, failing or not.
   */
  | { verdict: 'stale'; reason: string; token: ReplayToken; lenient: RunResult };

/** Re-runs a token's schedule strictly (as `replay` does) and says whether it still fails, is fixed, or no longer fits. */
export async function judgeToken<W, P>(scenario: Scenario<W, P>, token: string, settings: RunSettings = {}): Promise<TokenVerdict> {
  const t = decodeToken(token);
  try {
    const run = await replay(scenario, token, { maxSteps: settings.maxSteps, externalTimeoutMs: settings.externalTimeoutMs });
    if (run.verdict === 'fixed') return { verdict: 'fixed', run, token: t };
    return { verdict: 'fails', run, sameTrace: run.verdict === 'reproduced', token: t };
  } catch (e) {
    if (!(e instanceof StaleReplayError)) throw e;
    const s = { ...settings, maxSteps: t.settings?.maxSteps ?? settings.maxSteps, leakCheck: t.settings?.leakCheck };
    const lenient = await runChoices(scenario, t.params as P, t.choices, s, false, true);
    return { verdict: 'stale', reason: e.what, token: t, lenient };
  }
}
