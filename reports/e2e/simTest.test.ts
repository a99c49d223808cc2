/**
 * The maintainer's view of a red simTest, in a child vitest run of simTest.fixture.ts: the message
 * has the minimal text timeline and the replay commands, and INTERLEAVE_REPORT writes the HTML.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '../..');

describe('simTest failure output', () => {
  it('prints the timeline and the replay commands, and writes the HTML report for CI artifacts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-simtest-'));
    const vitest = join(repo, 'node_modules/.bin/vitest');
    const r = await run(vitest, ['run', '--config', 'reports/e2e/vitest.fixture.config.ts', '--color=false'], {
      cwd: repo,
      env: { ...process.env, INTERLEAVE_REPORT: dir, INTERLEAVE_REPLAY: '', NO_COLOR: '1' },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const output = `${(r as { stdout: string }).stdout}${(r as { stderr: string }).stderr}`;
    expect((r as { code?: number }).code).toBe(1);
    expect(output).toMatch(/│ A\s+│ B/);
    expect(output).toMatch(/replay: npx interleave replay il1\.lost-update-vitest\./);
    expect(output).toMatch(/replay in vitest: INTERLEAVE_REPLAY=il1\.lost-update-vitest\.\S+ npx vitest run reports\/e2e\/simTest\.fixture\.ts -t "lost update is found"/);
    const html = join(dir, 'lost-update-vitest.html');
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('class="step failing');
  }, 60_000);
});
