/**
 * The CPython side of the differential harness: which interpreters are there, and running programs
 * under one (`asyncio_oracle.py`, many runs each, outcomes counted).
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonVersion } from '../EventLoop.js';

const driver = join(dirname(fileURLToPath(import.meta.url)), '..', 'asyncio_oracle.py');
const SUPPORTED: readonly PythonVersion[] = ['3.11', '3.12', '3.13'];

function versionOf(cmd: string): string | undefined {
  try {
    return execFileSync(cmd, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** `python3`, the oracle of the suite (CI has it too); its version is the loops' default. */
export function defaultPython(): { cmd: string; version: PythonVersion } {
  const v = versionOf('python3');
  if (v === undefined)
    throw new Error(
      'the asyncio differential tests need python3 on PATH (CPython 3.11, 3.12 or 3.13): install it, or run the rest of the suite alone',
    );
  if (!SUPPORTED.includes(v as PythonVersion))
    throw new Error(
      `python3 is CPython ${v}; the asyncio models reproduce ${SUPPORTED.join(', ')} — put one of those first on PATH`,
    );
  return { cmd: 'python3', version: v as PythonVersion };
}

const found = new Map<PythonVersion, string | undefined>();

/**
 * An interpreter for `version`, if the machine has one: `PYTHON3_12` (etc.) in the environment,
 * `python3.12` on PATH, or a pyenv installation. Programs pinned to a version nobody has are skipped.
 */
export function pythonFor(version: PythonVersion): string | undefined {
  if (found.has(version)) return found.get(version);
  const candidates = [process.env[`PYTHON${version.replace('.', '_')}`], `python${version}`];
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  try {
    for (const d of readdirSync(join(root, 'versions')))
      if (d.startsWith(`${version}.`)) candidates.push(join(root, 'versions', d, 'bin', 'python3'));
  } catch {
    // no pyenv
  }
  const cmd = candidates.find((c) => c !== undefined && versionOf(c) === version);
  found.set(version, cmd);
  return cmd;
}

/** Runs programs under `cmd`: outcome (canonical JSON) → how many runs produced it, per program name. */
export function cpythonOutcomes(
  cmd: string,
  programs: readonly { name: string; python: string; runs: number }[],
): Promise<Record<string, Record<string, number>>> {
  if (programs.length === 0) return Promise.resolve({});
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      [driver],
      { maxBuffer: 64 << 20, timeout: 300_000 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`asyncio_oracle.py under ${cmd} failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Record<string, Record<string, number>>);
      },
    );
    child.stdin!.end(
      JSON.stringify(programs.map((p) => ({ name: p.name, code: p.python, runs: p.runs }))),
    );
  });
}
