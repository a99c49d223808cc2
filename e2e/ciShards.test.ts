/**
 * One campaign split over a CI matrix, as the README's workflow runs it: four shards as separate
 * processes, each saving its failures to its own corpus directory (the job's artifact), then
 * `corpus merge` over the four artifacts names the same first failure, with the same token, as the
 * campaign run whole in one process.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shell } from './shell.js';

const CAMPAIGN = 'explore lost-update-padded --strategy random --seed 5 --runs 300';

function events(out: string): Record<string, unknown>[] {
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a campaign sharded over CI jobs', () => {
  it('four shard processes, merged, give the unsharded first failure and token', async () => {
    const root = mkdtempSync(join(tmpdir(), 'interleave-shards-'));
    const whole = events((await shell(`npx tsx cli/cli.ts ${CAMPAIGN} --no-corpus --json`)).stdout).find((e) => e.type === 'failure')!;
    expect(whole.token).toMatch(/^il1\.lost-update-padded\./);

    const shards = await Promise.all([1, 2, 3, 4].map((i) => shell(`npx tsx cli/cli.ts ${CAMPAIGN} --shard ${i}/4 --corpus ${join(root, `shard-${i}`)}`)));
    // A shard with no failure exits 0 and saves nothing; at least one finds it.
    expect(shards.map((s) => s.code).filter((c) => c === 1).length).toBeGreaterThan(0);
    const artifacts = [1, 2, 3, 4].map((i) => join(root, `shard-${i}`)).filter((d) => readdirSync(root).includes(d.split('/').at(-1)!));

    const merged = await shell(`npx tsx cli/cli.ts corpus merge ${artifacts.join(' ')} --into ${join(root, 'merged')} --json`);
    expect(merged.code).toBe(1);
    const [first, summary] = events(merged.stdout);
    expect(first).toMatchObject({ type: 'failure', scenario: 'lost-update-padded', token: whole.token, found: { firstFoundAt: whole.firstFoundAt, seed: '5', strategy: 'random' } });
    expect(summary).toMatchObject({ type: 'summary', scenarios: 1, into: join(root, 'merged') });

    const text = await shell(`npx tsx cli/cli.ts corpus merge ${artifacts.join(' ')} --into ${join(root, 'merged')}`);
    expect(text.stdout).toContain(`✗ lost-update-padded: invariant at schedule ${String(whole.firstFoundAt)} (random, seed 5, shard ${((whole.firstFoundAt as number) - 1) % 4 + 1}/4)`);
    expect(text.stdout).toContain(`replay: npx interleave replay ${String(whole.token)}`);
    // The merged corpus is a corpus: the next unsharded campaign replays it first.
    const next = events((await shell(`npx tsx cli/cli.ts ${CAMPAIGN.replace('--seed 5', '--seed 6')} --corpus ${join(root, 'merged')} --json`)).stdout).find((e) => e.type === 'failure')!;
    expect(next).toMatchObject({ foundBy: 'corpus', token: whole.token });
  }, 120_000);
});
