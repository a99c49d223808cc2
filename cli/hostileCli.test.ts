/**
 * The command line against hostile input (issue 17): output paths checked before exploring, one
 * scenario name per scenario, a module that exits the process reported, shards and workers bounded,
 * and every error one line with the control characters of what it echoes escaped.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isTerminalSafe } from '../reports/sanitise.js';
import { workersFlag } from './cliArgs.js';
import { cli } from './inProcess.fixture.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');

/** Exit 2 and one line on stderr that says `pattern`, nothing on stdout. */
function oneLineError(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(isTerminalSafe(r.err)).toBe(true);
  expect(r.err).toMatch(pattern);
}

function userFile(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'il-hostile-'));
  const path = join(dir, name);
  writeFileSync(path, `import { defineScenario } from ${JSON.stringify(join(repo, 'sim/scenario.js'))};\n${body}\n`);
  return path;
}

describe('hostile command lines', () => {
  it('--report into /sys/x or /proc/x: one line, exit 2, before exploring (was a stack trace, and a hang)', async () => {
    oneLineError(await cli('explore', 'lost-update', '--runs', '50', '--report', '/sys/x'), /^error: --report \/sys\/x: cannot be made \(E(PERM|ACCES|NOENT|ROFS)\)/);
    oneLineError(await cli('explore', 'lost-update', '--runs', '50', '--report', '/proc/x/y'), /^error: --report \/proc\/x\/y: cannot be made \(ENOENT\)/);
    oneLineError(await cli('explore', 'lost-update', '--runs', '50', '--corpus', '/proc/x'), /^error: --corpus \/proc\/x: cannot be made/);
    const file = join(mkdtempSync(join(tmpdir(), 'il-hostile-')), 'plain');
    writeFileSync(file, '');
    oneLineError(await cli('explore', 'lost-update', '--runs', '50', '--report', file), /is a file, not a directory/);
    oneLineError(await cli('check-history', file, '--spec', 'register', '--html', '/proc/x.html'), /^error: --html \/proc\/x\.html: is not writable \(ENOENT\)/);
  });

  it('a --file exporting two scenarios with one name is refused (one was silently dropped)', async () => {
    const path = userFile(
      'twice.ts',
      `export const a = defineScenario({ name: 'same', setup: (sim) => void sim.spawn('a', () => sim.yield()) });
export const b = defineScenario({ name: 'same', setup: (sim) => void sim.spawn('b', () => sim.yield()) });
export default a;`,
    );
    oneLineError(await cli('explore', '--file', path, '--runs', '5'), /^error: --file .*twice\.ts exports two different scenarios named "same" — give each scenario a name of its own/);
  });

  it('--shard and --workers are bounded: 1/99999999999999999999 is refused, not one schedule and "no failure"', async () => {
    oneLineError(await cli('explore', 'lost-update', '--shard', '1/99999999999999999999'), /^error: --shard 1\/99999999999999999999: 99999999999999999999 shards is more than 100,000/);
    oneLineError(await cli('explore', 'lost-update', '--runs', '100', '--shard', '1/500'), /^error: --shard 1\/500: 500 shards of 100 schedules leave shards with none to run — use at most 100 shards/);
    // --workers 64 on this machine: capped at its cores, with a note (it took 41 s and 3.8 GB on 2 cores).
    const capped = await cli('explore', 'lost-update', '--workers', '64', '--strategy', 'random', '--runs', '20', '--no-corpus');
    if (availableParallelism() < 64) expect(capped.err).toMatch(new RegExp(`^note: --workers 64 capped at ${availableParallelism()}, the cores of this machine`, 'm'));
    const notes: string[] = [];
    expect(workersFlag('64', false, 2, (l) => notes.push(l))).toBe(2);
    expect(notes).toEqual(['note: --workers 64 capped at 2, the cores of this machine (more threads only compete for them); pass --workers-force to run 64']);
    expect(workersFlag('64', true, 2, (l) => notes.push(l))).toBe(64);
    expect(workersFlag('2', false, 2, (l) => notes.push(l))).toBe(2);
    expect(notes).toHaveLength(1);
    expect(() => workersFlag('100000', true, 2, () => {})).toThrow(/--workers 100000: more than 256 worker threads/);
  });

  it('an error that echoes what the user typed shows its control characters escaped', async () => {
    const r = await cli('replay', '\u001b[2K\rerror: none; replay OK');
    oneLineError(r, /^error: malformed replay token: "\\x1b\[2K\\rerror:…" is not an il1 token/);
    oneLineError(await cli('explore', 'lost-update', '--runs', '1\u001b[31m'), /^error: --runs 1\\x1b\[31m: expected a whole number/);
  });

  it('check-history shows the values of a hostile history with their control characters escaped', async () => {
    const evil = '\u001b[2J\rforged';
    const lines = [
      { process: 0, type: 'invoke', f: 'write', value: evil },
      { process: 0, type: 'ok', f: 'write', value: evil },
      { process: 1, type: 'invoke', f: 'read', value: null },
      { process: 1, type: 'ok', f: 'read', value: 'never written' },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'il-hostile-')), 'h\u001b[2K.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = await cli('check-history', file, '--spec', 'register');
    expect(r.code).toBe(1);
    expect(r.out.split('\n').every(isTerminalSafe)).toBe(true);
    expect(r.out).toContain('\\x1b[2K.jsonl');
  });

  it('as a real process: a --file that calls process.exit(0) is reported, exit 2 (it exited 0 with no output)', async () => {
    const path = userFile('exits.ts', `export const quits = defineScenario({ name: 'quits', setup: () => { process.exit(0); } });`);
    const r = await run(process.execPath, [join(repo, 'bin/interleave.js'), 'explore', '--file', path, '--runs', '5', '--no-corpus'], { cwd: repo }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: process\.exit\(0\) was called before interleave finished \(by a --file module or the code under test\)/);
    // On worker threads process.exit ends the thread: the campaign says so instead of waiting forever.
    const pooled = await cli('explore', '--file', path, '--runs', '5', '--workers', '2', '--workers-force', '--no-corpus');
    oneLineError(pooled, /^error: a worker thread exited \(code 0\) before its part of the campaign was done/);
  });
});
