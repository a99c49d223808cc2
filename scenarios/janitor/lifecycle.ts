/**
 * runner/lifecycle.py, ported: the per-app lock and the janitor that reaps apps of dead runs. Written
 * against the POSIX port (`Process`: os.open, fcntl.flock, os.fstat, …) the way its maintainers
 * wrote it against Python's `os` and `fcntl`.
 */
import { isErrno } from '../../models/posix/errno.js';
import { FileObject } from '../../models/posix/FileObject.js';
import { LOCK_EX, LOCK_NB } from '../../models/posix/flock.js';
import type { Process } from '../../models/posix/Process.js';
import type { Swarm } from './apps.js';
import type { Fixes } from './variant.js';

export const APP_LOCK_DIR = '/run/cc-ci/app-locks';

export function lockPath(domain: string): string {
  return `${APP_LOCK_DIR}/${domain}`;
}

/** The held lock: its file object when the caller keeps it, else only the descriptor number. */
export interface AppLock {
  domain: string;
  fd: number;
  file: FileObject | null;
}

/** Does `path` still name the inode `fd` refers to? (False when it was unlinked or replaced.) */
async function sameInode(os: Process, fd: number, path: string): Promise<boolean> {
  try {
    return (await os.fstat(fd)).ino === (await os.stat(path)).ino;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
}

/**
 * `acquire_app_lock(domain)`: open (create) the lockfile, block in flock(LOCK_EX), then — fixed —
 * verify the path still names the locked inode; if a janitor unlinked or replaced it while we waited,
 * our lock is on an orphaned inode that nobody else will ever contend for: close and retry.
 */
export async function acquireAppLock(os: Process, domain: string, fixes: Fixes): Promise<AppLock> {
  const path = lockPath(domain);
  for (;;) {
    const f = await FileObject.open(os, path, { create: true });
    await os.flock(f.fileno(), LOCK_EX);
    if (fixes.inodeCheck && !(await sameInode(os, f.fileno(), path))) {
      await f.close();
      continue;
    }
    if (fixes.keepLockObject) return { domain, fd: f.fileno(), file: f };
    // before: `return f.fileno()` — the file object is garbage once this function returns.
    const fd = f.fileno();
    f.drop();
    return { domain, fd, file: null };
  }
}

/** Releases the lock (the kernel would do it at exit too). */
export async function releaseAppLock(os: Process, lock: AppLock): Promise<void> {
  if (lock.file) return lock.file.close();
  try {
    await os.close(lock.fd);
  } catch (e) {
    if (!isErrno(e, 'EBADF')) throw e; // with suppress(OSError): the collector may have closed it
  }
}

/**
 * `_probe_and_reap()` — the janitor, run at the start of every run (and possibly by two at once):
 * for each lockfile, flock(LOCK_EX | LOCK_NB). Busy: a live run owns it, leave it. Acquired: its
 * owner died — reap the orphan app *while holding the lock*, then unlink the lockfile, but (fixed)
 * only if the path still names the inode we locked, and (fixed) only judge a lockfile whose path
 * still names the inode we locked at all.
 */
export async function janitor(os: Process, swarm: Swarm, fixes: Fixes): Promise<void> {
  for (const name of await os.listdir(APP_LOCK_DIR)) {
    const path = lockPath(name);
    let fd: number;
    try {
      fd = await os.open(path);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) continue;
      throw e;
    }
    try {
      try {
        await os.flock(fd, LOCK_EX | LOCK_NB);
      } catch (e) {
        if (isErrno(e, 'EWOULDBLOCK')) continue; // a live run holds it
        throw e;
      }
      if (fixes.inodeCheck && !(await sameInode(os, fd, path))) continue; // replaced meanwhile: not ours to judge
      await swarm.reap(os, name);
      if (!fixes.inodeCheck || (await sameInode(os, fd, path))) {
        try {
          await os.unlink(path);
        } catch (e) {
          if (!isErrno(e, 'ENOENT')) throw e;
        }
      }
    } finally {
      await os.close(fd);
    }
  }
}
