import { PosixError } from './errno.js';
import type { FileSystem } from './FileSystem.js';
import type { OpenFile } from './OpenFile.js';

/**
 * A process's file descriptor table: small integers referring to open file descriptions. New
 * descriptors take the lowest free number (open(2): "the lowest-numbered file descriptor not
 * currently open"), starting at 3 since 0–2 are the standard streams. fork(2) copies the table: the
 * child's descriptors refer to the *same* descriptions (shared offsets and flock locks). Close-on-exec
 * is not modelled: a fork child keeps every descriptor.
 */
export class FdTable {
  private readonly fds = new Map<number, OpenFile>();

  constructor(private readonly fs: FileSystem) {}

  /** The description `fd` refers to, read outside the schedule. */
  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  /** Open descriptors, ascending. */
  get open(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }

  install(file: OpenFile): number {
    let fd = 3;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, file);
    this.fs.retain(file);
    return fd;
  }

  /** The description behind `fd`, or EBADF naming the call and what probably went wrong. */
  lookup(fd: number, syscall: string): OpenFile {
    const file = this.fds.get(fd);
    if (file === undefined) {
      throw new PosixError('EBADF', syscall, `descriptor ${fd} is not open in this process: it was closed already (by you, by a garbage-collected file object, or never opened) — keep the object that owns it alive until you are done`);
    }
    return file;
  }

  close(fd: number, syscall: string): OpenFile {
    const file = this.lookup(fd, syscall);
    this.fds.delete(fd);
    this.fs.release(file);
    return file;
  }

  /** The table a fork(2) child starts with. */
  copy(): FdTable {
    const child = new FdTable(this.fs);
    for (const [fd, file] of this.fds) {
      child.fds.set(fd, file);
      this.fs.retain(file);
    }
    return child;
  }

  /** Closes every descriptor (process exit); returns the descriptions that were referenced. */
  closeAll(): OpenFile[] {
    const files = [...this.fds.values()];
    this.fds.clear();
    for (const f of files) this.fs.release(f);
    return files;
  }
}
