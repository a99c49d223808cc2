/** The command line's conventions: --version, bare help, colour by NO_COLOR / FORCE_COLOR, no progress bar on CI. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { wantsColour } from './colour.js';
import { cli } from './inProcess.fixture.js';
import { progressBar } from './progressBar.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');
const tsx = join(repo, 'node_modules/.bin/tsx');

/** The CLI as a real process, with `env` over a clean environment (no inherited colour settings). */
async function cliProcess(env: Record<string, string>, ...argv: string[]) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _c, ...rest } = process.env;
  const r = await run(tsx, ['cli/cli.ts', ...argv], { cwd: repo, env: { ...rest, ...env } }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  return { code: (r as { code?: number }).code ?? 0, stdout: r.stdout, stderr: r.stderr };
}

describe('command-line conventions', () => {
  it('--version and -V print the package version; bare interleave prints help on stdout and exits 0', async () => {
    const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await cli('--version')).toEqual({ code: 0, out: version, err: '' });
    expect((await cli('-V')).out).toBe(version);
    const bare = await cli();
    expect(bare.code).toBe(0);
    expect(bare.out).toMatch(/^Usage: interleave \[options\] \[command\]/);
    expect(bare.out).toMatch(/^ {2}corpus\b/m);
    expect(bare.err).toBe('');
    const group = await cli('corpus');
    expect(group.code).toBe(0);
    expect(`${group.out}${group.err}`).not.toContain('(outputHelp)');
  });

  it('colour: NO_COLOR wins, FORCE_COLOR forces it, else only a terminal gets it', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(wantsColour(tty, {})).toBe(true);
    expect(wantsColour(pipe, {})).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(wantsColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('as a real process: FORCE_COLOR paints the error, NO_COLOR and a pipe do not', async () => {
    const forced = await cliProcess({ FORCE_COLOR: '1' }, 'replay', 'not-a-token');
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('\u001b[31merror:\u001b[39m malformed replay token');
    // (NO_COLOR with FORCE_COLOR is wantsColour's case above: Node itself warns about that pair on stderr.)
    for (const env of [{ NO_COLOR: '1' }, {}] as Record<string, string>[]) {
      const r = await cliProcess(env, 'replay', 'not-a-token');
      expect(r.stderr).toMatch(/^error: malformed replay token/);
      expect(r.stderr).not.toContain('\u001b[');
    }
  }, 30_000);

  it('no progress bar with CI set, even on a terminal; one on a terminal otherwise', () => {
    const written: string[] = [];
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80, write: (s: string) => written.push(s) > 0 }) as unknown as NodeJS.WriteStream;
    for (const CI of ['true', '1']) {
      const onCi = progressBar('x', 10, true, terminal, { CI });
      onCi.update(5);
      onCi.stop();
    }
    expect(written).toEqual([]);
    const local = progressBar('x', 10, true, terminal, { CI: 'false' });
    local.update(5);
    local.stop();
    expect(written.join('')).toMatch(/x \[.*\] \d+\/10 schedules/);
  });
});
