/**
 * The four fixes the reviewer's ledger checks (seed 002): each is one flag so `before` (none) and
 * `after` (all) are the same code with different parameters.
 */
export interface Fixes {
  /** acquireAppLock and the janitor verify `fstat(fd).ino === stat(path).ino` after locking. */
  inodeCheck: boolean;
  /** Once tearing down, a second SIGTERM/SIGALRM is logged and swallowed (before: re-raised). */
  swallowSecondSignal: boolean;
  /** `prctl(PR_SET_PDEATHSIG)` comes before the `getppid() === 1` check (before: after it). */
  prctlFirst: boolean;
  /** The lock's file object is kept for the whole run (before: only its fd number is kept). */
  keepLockObject: boolean;
}

export type Variant = 'before' | 'after';

export const FIXES: Record<Variant, Fixes> = {
  before: { inodeCheck: false, swallowSecondSignal: false, prctlFirst: false, keepLockObject: false },
  after: { inodeCheck: true, swallowSecondSignal: true, prctlFirst: true, keepLockObject: true },
};

/** A variant with exactly one of the fixes missing: isolates one bug of `before` for its minimal repro. */
export interface OneBug {
  name: string;
  fixes: Fixes;
}

export const ONE_BUG: Record<keyof Fixes, OneBug> = {
  inodeCheck: { name: 'before-only-no-inode-check', fixes: { ...FIXES.after, inodeCheck: false } },
  swallowSecondSignal: { name: 'before-only-reraise', fixes: { ...FIXES.after, swallowSecondSignal: false } },
  prctlFirst: { name: 'before-only-ppid-first', fixes: { ...FIXES.after, prctlFirst: false } },
  keepLockObject: { name: 'before-only-dropped-lock', fixes: { ...FIXES.after, keepLockObject: false } },
};
