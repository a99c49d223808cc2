/**
 * The file system calls of a process — open, close, dup, unlink, stat, fstat, listdir and flock —
 * each one system call and one scheduling point of the calling thread, acting on the kernel's file
 * system through the process's descriptor table. `Process`'s methods of the same names call these.
 */
import type { PointOptions, Sim } from '../../sim/sim.js';
import { PosixError } from './errno.js';
import type { FdTable } from './FdTable.js';
import type { FileSystem, OpenFlags, Stat } from './FileSystem.js';
import { conflicting, operationName, requestedMode } from './flock.js';
import type { OpenFile } from './OpenFile.js';

/** What a file call needs of its process. */
export interface FileCaller {
  readonly pid: number;
  readonly fds: FdTable;
  readonly sim: Sim;
  readonly kernel: { readonly fs: FileSystem; describeHolder(file: OpenFile): string };
  syscall<T>(label: string, options: PointOptions, effect: () => T): Promise<T>;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

// ── file calls ────────────────────────────────────────────────────────────────────────────────

/** open(2): a new open file description and the lowest free descriptor referring to it. */
export function openCall(proc: FileCaller, path: string, flags: OpenFlags = {}): Promise<number> {
  const args = [path, ...(flags.create ? ['O_CREAT'] : []), ...(flags.excl ? ['O_EXCL'] : [])];
  return proc.syscall('open', { obj: `path:${path}`, args }, () => {
    const { file, created } = proc.kernel.fs.openFile(path, flags, `open(${path})`);
    if (created) proc.sim.touch(`dir:${dirname(path)}`);
    proc.sim.touch(`fdtable:${proc.pid}`);
    const fd = proc.fds.install(file);
    proc.sim.result({ fd, ino: file.inode.ino });
    return fd;
  });
}

/** close(2). The last descriptor of a description releases its flock. */
export function closeCall(proc: FileCaller, fd: number): Promise<void> {
  return proc.syscall('close', { obj: `fdtable:${proc.pid}`, args: [fd] }, () => {
    const file = proc.fds.close(fd, `close(${fd})`);
    proc.sim.touch(`inode:${file.inode.ino}`);
  });
}

/** dup(2): another descriptor for the same open file description (and so the same flock). */
export function dupCall(proc: FileCaller, fd: number): Promise<number> {
  return proc.syscall('dup', { obj: `fdtable:${proc.pid}`, args: [fd] }, () => {
    const copy = proc.fds.install(proc.fds.lookup(fd, `dup(${fd})`));
    proc.sim.result(copy);
    return copy;
  });
}

export function unlinkCall(proc: FileCaller, path: string): Promise<void> {
  return proc.syscall('unlink', { obj: `path:${path}`, args: [path] }, () => {
    proc.kernel.fs.unlink(path, `unlink(${path})`);
    proc.sim.touch(`dir:${dirname(path)}`);
  });
}

export function statCall(proc: FileCaller, path: string): Promise<Stat> {
  return proc.syscall('stat', { obj: `path:${path}`, read: true, args: [path] }, () => {
    const st = proc.kernel.fs.stat(path, `stat(${path})`);
    proc.sim.result(st.ino);
    return st;
  });
}

export function fstatCall(proc: FileCaller, fd: number): Promise<Stat> {
  return proc.syscall('fstat', { obj: `fdtable:${proc.pid}`, read: true, args: [fd] }, () => {
    const inode = proc.fds.lookup(fd, `fstat(${fd})`).inode;
    proc.sim.result(inode.ino);
    return { ino: inode.ino, nlink: inode.nlink };
  });
}

/** os.listdir: the names in `dir`, sorted. */
export function listdirCall(proc: FileCaller, dir: string): Promise<string[]> {
  return proc.syscall('listdir', { obj: `dir:${dir}`, read: true, args: [dir] }, () => {
    const names = proc.kernel.fs.list(dir).map((p) => p.slice(p.lastIndexOf('/') + 1));
    proc.sim.result(names);
    return names;
  });
}

/**
 * flock(2) on `fd` with LOCK_SH / LOCK_EX (optionally | LOCK_NB) or LOCK_UN. A blocking request waits
 * (a scheduling point enabled once no other description conflicts; when several waiters could go,
 * the scheduler picks); LOCK_NB fails with EWOULDBLOCK instead. Conversions drop the old lock first.
 */
export async function flockCall(proc: FileCaller, fd: number, operation: number): Promise<void> {
  const name = `flock(${fd}, ${operationName(operation)})`;
  const mode = requestedMode(operation);
  if (mode === null) throw new PosixError('EINVAL', name, 'pass exactly one of LOCK_SH, LOCK_EX, LOCK_UN (optionally | LOCK_NB)');
  const before = proc.fds.get(fd);
  const obj = before ? `inode:${before.inode.ino}` : `fdtable:${proc.pid}`;
  const args = [fd, operationName(operation)];
  const nonBlocking = mode === 'UN' || (operation & 4) !== 0;
  const free = () => before === undefined || mode === 'UN' || conflicting(before.inode, before, mode).length === 0 || (before.lock !== null && before.lock !== mode);
  const outcome = await proc.syscall('flock', nonBlocking ? { obj, args } : { obj, args, enabled: free, waitsFor: () => describeWait(proc, fd, mode) }, () => {
    const file = proc.fds.lookup(fd, name);
    if (mode === 'UN') {
      proc.kernel.fs.unlock(file);
      return 'done' as const;
    }
    if (file.lock === mode) return 'done' as const;
    if (file.lock !== null) proc.kernel.fs.unlock(file);
    if (conflicting(file.inode, file, mode).length === 0) {
      proc.kernel.fs.lock(file, mode);
      return 'done' as const;
    }
    if (nonBlocking) throw new PosixError('EWOULDBLOCK', name);
    return 'wait' as const;
  });
  if (outcome === 'done') return;
  // A conversion dropped the old lock and must now wait like any other request.
  const file = proc.fds.lookup(fd, name);
  const want = mode === 'SH' ? 'SH' : 'EX';
  await proc.syscall('flock wait', { obj, args, enabled: () => conflicting(file.inode, file, want).length === 0, waitsFor: () => describeWait(proc, fd, want) }, () => {
    proc.kernel.fs.lock(proc.fds.lookup(fd, name), want);
  });
}

function describeWait(proc: FileCaller, fd: number, mode: string): string {
  const file = proc.fds.get(fd);
  if (file === undefined) return `flock(LOCK_${mode}) on closed descriptor ${fd}`;
  const inode = file.inode;
  const holders = conflicting(inode, file, mode === 'EX' ? 'EX' : 'SH').map((f) => proc.kernel.describeHolder(f));
  const where = `"${file.path}" (inode ${inode.ino}${inode.nlink === 0 ? ', unlinked' : ''})`;
  return `flock(LOCK_${mode}) on ${where} held by ${holders.join(', ') || 'nobody'}`;
}
