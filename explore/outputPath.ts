/**
 * Where interleave writes (a report directory, the corpus, an HTML picture), checked before the work
 * that fills it: a campaign that ran for minutes must not end in a stack trace because the path was
 * never writable. Directories are made one level at a time: Node's `mkdirSync(…, { recursive: true })`
 * loops forever under `/proc`, where every missing name is ENOENT and no parent ever appears.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../sim/errors.js';
import { terminalText } from '../reports/sanitise.js';

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? String(err.message ?? e).split('\n')[0]!;
}

function refuse(what: string, path: string, reason: string): never {
  throw new UsageError(`${what} ${terminalText(path)}: ${reason}`, 'pass a directory you can write to (it is made if missing)');
}

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Makes `dir` (and missing parents) and checks it is a writable directory; `what` names the flag. */
export function ensureDirectory(dir: string, what: string): void {
  const full = resolve(dir);
  const missing: string[] = [];
  let at = full;
  for (;;) {
    let exists: boolean | undefined;
    try {
      exists = isDirectory(at);
    } catch (e) {
      refuse(what, dir, `cannot be read (${why(e)})`);
    }
    if (exists === false) refuse(what, dir, missing.length ? `${terminalText(at)} is a file, not a directory` : 'is a file, not a directory');
    if (exists) break;
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(m)) continue;
      refuse(what, dir, `cannot be made (${why(e)})`);
    }
  }
  // Permission bits do not tell (root passes every access check, and sysfs refuses files anyway): try.
  const probe = join(full, `.interleave-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    refuse(what, dir, `is not writable (${why(e)})`);
  }
}

/** Checks that `file` can be written: its directory exists and is writable, and it is not a directory. */
export function checkOutputFile(file: string, what: string): void {
  const full = resolve(file);
  if (isDirectory(full) === true) throw new UsageError(`${what} ${terminalText(file)}: is a directory`, 'pass the path of a file to write');
  const parent = dirname(full);
  if (isDirectory(parent) !== true) throw new UsageError(`${what} ${terminalText(file)}: ${terminalText(parent)} is not a directory`, 'pass a file in a directory that exists');
  const existed = existsSync(full);
  try {
    // Opening for append neither truncates an existing file nor leaves a new one behind.
    closeSync(openSync(full, 'a'));
    if (!existed) unlinkSync(full);
  } catch (e) {
    throw new UsageError(`${what} ${terminalText(file)}: is not writable (${why(e)})`, 'pass a file in a directory you can write to');
  }
}
