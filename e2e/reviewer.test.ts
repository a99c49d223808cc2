/**
 * The reviewer's workflow end to end, in fresh processes and through the `interleave` bin as npx
 * finds it: explore finds a failure and prints a replay command; that command, run exactly as
 * printed, reproduces the same trace (fingerprint) and prints the same rendering — and so does the
 * compiled CLI an installed package runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, shell } from './shell.js';

describe('reviewer: replay a token from a CI log', () => {
  beforeAll(async () => {
    // `npx interleave` in this checkout runs bin/interleave.js on the sources; an installed package
    // runs dist/. Build it to check the compiled CLI renders the same.
    await shell('npx tsc -p tsconfig.build.json');
    expect(existsSync(join(repo, 'dist/cli/cli.js'))).toBe(true);
  }, 120_000);

  it('explore → the printed replay command, run as printed → same fingerprint, same rendering', async () => {
    const ex = await shell('npx interleave explore lost-update-padded --seed 11');
    expect(ex.code).toBe(1);
    const printed = /replay: (npx interleave replay \S+)$/m.exec(ex.stdout)![1]!;
    const token = printed.split(' ')[3]!;

    // Reproduced is exit 1 (the failure is there), with the verdict on stderr and the run on stdout.
    const rp = await shell(printed);
    expect(rp.code).toBe(1);
    expect(rp.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'))).toEqual([expect.stringMatching(/^reproduced: the recorded .* failure of "lost-update-padded", step for step/)]);
    expect(rp.stdout.trimEnd().length).toBeGreaterThan(200);
    expect(ex.stdout).toContain(rp.stdout.trimEnd());

    const json = JSON.parse((await shell(`${printed} --format json`)).stdout);
    expect(json.fingerprint).toBe(token.split('.')[4]);
    expect(json.token).toBe(token);
    expect(json.verdict).toBe('reproduced');

    const compiled = await shell(`node dist/cli/cli.js replay ${token}`);
    expect(compiled.code).toBe(1);
    expect(compiled.stdout).toBe(rp.stdout);
  }, 60_000);
});
