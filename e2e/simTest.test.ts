/**
 * The maintainer's view of a red simTest, in child vitest runs of simTest.fixture.ts: the message has
 * the minimal text timeline and replay commands that work for that scenario, the printed vitest
 * command — run as printed — replays the same failure, and INTERLEAVE_REPORT writes the HTML.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shell } from './shell.js';

/** The fixture is not a *.test.ts file (the main run must not pick it up): its config finds it. */
const CONFIG = '--config e2e/vitest.fixture.config.ts --color=false';

async function vitest(command: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const r = await shell(command, { env: { INTERLEAVE_REPLAY: '', NO_COLOR: '1', ...env } });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

/** The timeline table of the failure the output shows first (its header row to its last step). */
function table(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^\s+step\s+time │/.test(l));
  let end = start;
  while (end + 1 < lines.length && /[│┼]/.test(lines[end + 1]!)) end++;
  return lines.slice(start, end + 1).join('\n');
}

describe('simTest failure output', () => {
  it('prints the timeline and commands that replay it; the vitest command, run as printed, replays the same failure; INTERLEAVE_REPORT writes HTML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-simtest-'));
    const first = await vitest(`npx vitest run ${CONFIG}`, { INTERLEAVE_REPORT: dir });
    expect(first.code).toBe(1);
    expect(first.output).toMatch(/│ A\s+│ B/);

    // A scenario no module exports (a factory's, made in the test): the replay line is the vitest command.
    const own = /replay: (INTERLEAVE_REPLAY=il1\.lost-update-vitest\.\S+ npx vitest run e2e\/simTest\.fixture\.ts -t '\^lost update is found\$')$/m.exec(first.output);
    expect(own, first.output).not.toBeNull();
    expect(first.output).not.toMatch(/npx interleave replay il1\.lost-update-vitest\./);
    expect(first.output).toContain('define the scenario in a module of its own, outside the test file');
    // A scenario a module exports: the CLI command with that module, and the vitest one beside it.
    expect(first.output).toMatch(/replay: npx interleave replay il1\.lost-update-padded\.\S+ --file scenarios\/demo\/index\.ts$/m);
    expect(first.output).toMatch(/replay in vitest: INTERLEAVE_REPLAY=il1\.lost-update-padded\.\S+ npx vitest run e2e\/simTest\.fixture\.ts -t '\^exported lost update is found\$'$/m);

    const again = await vitest(`${own![1]} ${CONFIG}`, {});
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/Tests\s+1 failed \| 1 skipped/);
    expect(table(again.output)).toBe(table(first.output));
    expect(table(again.output)).toContain('✗ counter.set(1)');

    for (const name of ['lost-update-vitest', 'lost-update-padded']) {
      const html = join(dir, `${name}.html`);
      expect(existsSync(html)).toBe(true);
      expect(readFileSync(html, 'utf8')).toContain('class="step failing');
    }
  }, 90_000);
});
