import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../reports/displayWidth.js';
import { main } from './main.js';
import { terminalWidth } from './terminalWidth.js';

const repo = join(import.meta.dirname, '..');

describe('terminal width', () => {
  it("is the terminal's columns on a TTY, else $COLUMNS, else 120", () => {
    expect(terminalWidth({ isTTY: true, columns: 80 }, { COLUMNS: '200' })).toBe(80);
    expect(terminalWidth({ isTTY: false, columns: 80 }, {})).toBe(120);
    expect(terminalWidth({}, { COLUMNS: '95' })).toBe(95);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(120);
    expect(terminalWidth({ isTTY: true, columns: 0 }, {})).toBe(120);
  });

  it('list fits an 80-column terminal, cutting property and names with … (in process)', async () => {
    const out: string[] = [];
    expect(await main(['list'], { out: (t) => out.push(t), err: () => {}, width: 80 })).toBe(0);
    const lines = out.join('\n').split('\n');
    const table = lines.slice(0, lines.indexOf(''));
    expect(table.length).toBeGreaterThan(10);
    for (const l of table) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    expect(table.some((l) => l.includes('…'))).toBe(true);
  });

  it('as a real process, a pipe with COLUMNS=80 gets an 80-column list', async () => {
    const tsx = join(repo, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['cli/cli.ts', 'list'], { cwd: repo, env: { ...process.env, COLUMNS: '80', NO_COLOR: '1' } });
    const lines = stdout.split('\n');
    const table = lines.slice(0, lines.indexOf(''));
    expect(Math.max(...table.map(displayWidth))).toBeLessThanOrEqual(80);
    expect(table[0]).toMatch(/^scenario\s+case\s+variant\s+expect\s+property$/);
  }, 60_000);
});
