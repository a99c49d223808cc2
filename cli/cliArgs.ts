/** Parsing of the CLI's numeric and shard arguments: each mistake is a UsageError naming the flag. */
import { UsageError } from '../sim/errors.js';
import { STRATEGIES, type StrategyName } from '../explore/options.js';

export function intFlag(flag: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} ${text}: expected a whole number ≥ ${min}`, `pass e.g. ${flag} ${Math.max(min, flag === '--runs' ? 1000 : 2)}`);
  }
  return n;
}

/** More shards than this is not a CI matrix (GitHub Actions allows 256 jobs per matrix). */
export const MAX_SHARDS = 100_000;
/** More worker threads than this is refused even with --workers-force. */
export const MAX_FORCED_WORKERS = 256;

/** `--shard i/n` (1-based, as CI matrices count) → explore's 0-based `{ index, count }`. */
export function shardFlag(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--shard ${text}: expected i/n, e.g. --shard 1/4`, 'split a campaign into n shards and run each i = 1…n (in CI: one matrix job per i)');
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n) || n > MAX_SHARDS) throw new UsageError(`--shard ${text}: ${m[2]} shards is more than ${MAX_SHARDS.toLocaleString('en-US')}`, 'split a campaign into at most as many shards as it has schedules (one CI job per shard)');
  if (n < 1 || i < 1 || i > n) throw new UsageError(`--shard ${text}: shard ${i} of ${n} does not exist`, `use --shard i/${Math.max(n, 1)} with 1 ≤ i ≤ ${Math.max(n, 1)}`);
  return { index: i - 1, count: n };
}

export function strategyFlag(text: string | undefined): StrategyName | undefined {
  if (text === undefined) return undefined;
  if (!(STRATEGIES as readonly string[]).includes(text)) throw new UsageError(`--strategy ${text}: unknown strategy`, `use one of: ${STRATEGIES.join(', ')}`);
  return text as StrategyName;
}

export const FORMATS = ['text', 'md', 'html', 'json'] as const;

export function formatFlag(text: string | undefined): (typeof FORMATS)[number] {
  if (text === undefined) return 'text';
  if (!(FORMATS as readonly string[]).includes(text)) throw new UsageError(`--format ${text}: unknown format`, `use one of: ${FORMATS.join(', ')}`);
  return text as (typeof FORMATS)[number];
}

/**
 * `--workers n`: more threads than cores only slow a campaign down (and each holds its own heap), so
 * n is capped at the core count unless `--workers-force`; `note` says when it was capped.
 */
export function workersFlag(text: string | undefined, force: boolean | undefined, cores: number, note: (line: string) => void): number {
  const n = intFlag('--workers', text) ?? 1;
  if (n > MAX_FORCED_WORKERS) throw new UsageError(`--workers ${n}: more than ${MAX_FORCED_WORKERS} worker threads`, `pass --workers ${cores} (the cores of this machine) or fewer`);
  if (n <= cores || force) return n;
  note(`note: --workers ${n} capped at ${cores}, the cores of this machine (more threads only compete for them); pass --workers-force to run ${n}`);
  return cores;
}
