/**
 * The failure corpus (Hypothesis's example database, for schedules): every failure a campaign finds
 * is saved as its replay token under a directory (default `.interleave/`, one folder per scenario,
 * one file per token), and the next campaign of that scenario replays the saved tokens before it
 * explores — a race found once is not lost to a new seed, and a fixed one is seen to stay fixed.
 * Files, not one database: shards' directories merge by copying (`interleave corpus merge`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StaleReplayError } from '../sim/errors.js';
import { runChoices } from '../sim/execute.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { hash53 } from '../sim/trace.js';
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

/** Saves a token (idempotent: the file is named by the token's hash). */
export function saveToken(dir: string, scenario: string, token: string): string {
  const folder = scenarioFolder(dir, scenario);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${hash53(token)}.token`);
  if (!existsSync(file)) writeFileSync(file, `${token}\n`);
  return file;
}

export function removeToken(file: string): void {
  rmSync(file, { force: true });
}

/** What a saved token says about the code as it is now. */
export type TokenVerdict =
  /** The schedule fits and fails again (the same trace, or another failing one if the code changed). */
  | { verdict: 'fails'; run: RunResult; sameTrace: boolean; token: ReplayToken }
  /** The schedule fits and now runs clean. */
  | { verdict: 'fixed'; run: RunResult; token: ReplayToken }
  /**
   * The choices no longer fit the scenario (a choice out of range, fewer choice points): the code
   * changed shape. `lenient` is the same choices replayed as far as they fit (out of range wrapped,
   * missing ones 0) — a neighbouring schedule, failing or not.
   */
  | { verdict: 'stale'; reason: string; token: ReplayToken; lenient: RunResult };

/** Re-runs a token's schedule strictly and says whether it still fails, is fixed, or no longer fits. */
export async function judgeToken<W, P>(scenario: Scenario<W, P>, token: string, settings: RunSettings = {}): Promise<TokenVerdict> {
  const t = decodeToken(token);
  const s = { ...settings, maxSteps: t.settings?.maxSteps ?? settings.maxSteps, leakCheck: t.settings?.leakCheck };
  let reason: string | undefined;
  try {
    const run = await runChoices(scenario, t.params as P, t.choices, s, true, true);
    if (run.choices.length < t.choices.length) reason = `the run ended after ${run.choices.length} of the token's ${t.choices.length} choices`;
    else if (run.ok) return { verdict: 'fixed', run, token: t };
    else return { verdict: 'fails', run, sameTrace: run.trace.fingerprint === t.fingerprint, token: t };
  } catch (e) {
    if (!(e instanceof StaleReplayError)) throw e;
    reason = e.message;
  }
  const lenient = await runChoices(scenario, t.params as P, t.choices, s, false, true);
  return { verdict: 'stale', reason, token: t, lenient };
}
