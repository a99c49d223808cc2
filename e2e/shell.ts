/** A shell command in a fresh process, for the end-to-end suites: exit code and output, never a throw. */
import { exec } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const sh = promisify(exec);

/** The repository root. */
export const repo = join(import.meta.dirname, '..');

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` in `cwd` (default: the repo) with CI=true and `env` on top of this process's environment. */
export async function shell(command: string, options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ShellResult> {
  try {
    const r = await sh(command, { cwd: options.cwd ?? repo, env: { ...process.env, CI: 'true', ...options.env } });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as ShellResult;
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
