/**
 * flock(2) — advisory whole-file locks owned by the open file description (Linux fs/locks.c,
 * `flock_lock_inode`). Shared locks coexist; an exclusive lock excludes every other description, even
 * one of the same process (two open(2) calls make two descriptions that conflict). Converting a lock
 * is not atomic: the description's existing lock is removed first and the new one is then requested,
 * so a failed `LOCK_EX | LOCK_NB` upgrade leaves the description with no lock at all (flock(2),
 * "Converting a lock … is not guaranteed to be atomic"). The blocking wait and the descriptor lookup
 * live in `Process.flock`; this file is the lock table logic on one inode.
 */
import type { Inode, LockMode } from './Inode.js';
import type { OpenFile } from './OpenFile.js';

export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;

/** The mode an operation asks for, or 'UN'; null for an invalid combination (EINVAL). */
export function requestedMode(operation: number): LockMode | 'UN' | null {
  const base = operation & ~LOCK_NB;
  if (base === LOCK_SH) return 'SH';
  if (base === LOCK_EX) return 'EX';
  if (base === LOCK_UN) return 'UN';
  return null;
}

/** Other descriptions whose lock on `inode` conflicts with `mode` requested by `file`. */
export function conflicting(inode: Inode, file: OpenFile, mode: LockMode): OpenFile[] {
  const out: OpenFile[] = [];
  for (const [holder, held] of inode.locks) {
    if (holder === file) continue;
    if (mode === 'EX' || held === 'EX') out.push(holder);
  }
  return out;
}

export function operationName(operation: number): string {
  const parts: string[] = [];
  if (operation & LOCK_SH) parts.push('LOCK_SH');
  if (operation & LOCK_EX) parts.push('LOCK_EX');
  if (operation & LOCK_UN) parts.push('LOCK_UN');
  if (operation & LOCK_NB) parts.push('LOCK_NB');
  return parts.join('|') || String(operation);
}
