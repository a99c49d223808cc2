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

/** `--shard i/n` (1-based, as CI matrices count) → explore's 0-based `{ index, count }`. */
export function shardFlag(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--shard ${text}: expected i/n, e.g. --shard 1/4`, 'split a campaign into n shards and run each i = 1…n (in CI: one matrix job per i)');
  const i = Number(m[1]);
  const n = Number(m[2]);
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
