/**
 * The reviewer's workflow end to end, in fresh processes and through the built `interleave` bin:
 * explore finds a failure and prints a replay command; that command, run exactly as printed,
 * reproduces the same trace (fingerprint) and prints the same rendering.
 */
import { exec } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const sh = promisify(exec);
const repo = join(import.meta.dirname, '../..');

async function shell(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await sh(command, { cwd: repo, env: { ...process.env, CI: 'true' } });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('reviewer: replay a token from a CI log', () => {
  beforeAll(async () => {
    // `npx interleave` in this repo runs the package's own bin, dist/reports/cli.js: build it.
    // (Errors in files outside the CLI's import graph still emit; what matters is a fresh bin.)
    await shell('npx tsc -p tsconfig.build.json');
    expect(existsSync(join(repo, 'dist/reports/cli.js'))).toBe(true);
    // tsc does not mark the bin executable (npm does when it installs a package); npm run build does.
    chmodSync(join(repo, 'dist/reports/cli.js'), 0o755);
  }, 120_000);

  it('explore → the printed replay command, run as printed → same fingerprint, same rendering', async () => {
    const ex = await shell('npx interleave explore lost-update-padded --seed 11');
    expect(ex.code).toBe(1);
    const printed = /replay: (npx interleave replay \S+)$/m.exec(ex.stdout)![1]!;
    const token = printed.split(' ')[3]!;

    const rp = await shell(printed);
    expect(rp.code).toBe(0);
    expect(rp.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'))).toEqual([]);
    expect(rp.stdout.trimEnd().length).toBeGreaterThan(200);
    expect(ex.stdout).toContain(rp.stdout.trimEnd());

    const json = JSON.parse((await shell(`${printed} --format json`)).stdout);
    expect(json.fingerprint).toBe(token.split('.')[4]);
    expect(json.token).toBe(token);
  }, 60_000);
});
