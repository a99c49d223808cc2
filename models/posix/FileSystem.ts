import { PosixError } from './errno.js';
import { Inode, type LockMode } from './Inode.js';
import { OpenFile } from './OpenFile.js';

/** What stat(2)/fstat(2) report here: the identity of the inode (`st_ino`) and its link count. */
export interface Stat {
  ino: number;
  nlink: number;
}

export interface OpenFlags {
  /** O_CREAT: create the file when the name is missing. */
  create?: boolean;
  /** O_EXCL (with create): fail with EEXIST when the name exists. */
  excl?: boolean;
}

/**
 * A Linux file system's namespace and inodes, without contents: names map to inodes; open(2) with
 * O_CREAT on a missing name allocates a new inode; unlink(2) removes the name while the inode lives on
 * as long as a description refers to it; opening the name again afterwards creates a *new* inode, so
 * `stat(path).st_ino` and `fstat(fd).st_ino` differ — the identity check lock protocols rely on.
 * Inode numbers only grow: Linux file systems (ext4) may reuse a freed number, which can only happen
 * once nothing refers to the old inode, so it never confuses a check made through an open descriptor.
 *
 * This is the kernel's side; processes call it through their syscalls (`Process.open`, …), which
 * are the scheduling points. Deliberately not modelled: directories as objects (a path's directory is
 * the text before its last `/`), permissions, hard links, rename, file contents, O_TRUNC, mandatory
 * or POSIX record locks (fcntl F_SETLK), NFS.
 */
export class FileSystem {
  private readonly names = new Map<string, Inode>();
  private nextIno: number;
  private nextFile = 1;

  constructor(options: { firstIno?: number } = {}) {
    this.nextIno = options.firstIno ?? 1000;
  }

  // ── plain getters for invariants, checks and setup ────────────────────────────────────────────

  /** The inode a path names now, if any. */
  inodeAt(path: string): Inode | undefined {
    return this.names.get(path);
  }

  exists(path: string): boolean {
    return this.names.has(path);
  }

  /** Paths directly in `dir`, sorted (readdir order is unspecified; sorted keeps runs stable). */
  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.names.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).sort();
  }

  /** Creates a file outside any run's schedule — for setup (a lockfile left over from an earlier run). */
  seed(path: string): Inode {
    return this.names.get(path) ?? this.link(path);
  }

  // ── kernel operations, called by syscalls after their scheduling point ───────────────────────

  /** open(2): the new open file description (refs 0 — the caller installs a descriptor). */
  openFile(path: string, flags: OpenFlags, syscall: string): { file: OpenFile; created: boolean } {
    let inode = this.names.get(path);
    let created = false;
    if (inode !== undefined && flags.create && flags.excl) throw new PosixError('EEXIST', syscall);
    if (inode === undefined) {
      if (!flags.create) throw new PosixError('ENOENT', syscall);
      inode = this.link(path);
      created = true;
    }
    inode.openFiles++;
    return { file: new OpenFile(this.nextFile++, inode, path), created };
  }

  /** unlink(2): the name goes; the inode lives while it is open. */
  unlink(path: string, syscall: string): Inode {
    const inode = this.names.get(path);
    if (inode === undefined) throw new PosixError('ENOENT', syscall);
    this.names.delete(path);
    inode.nlink--;
    return inode;
  }

  stat(path: string, syscall: string): Stat {
    const inode = this.names.get(path);
    if (inode === undefined) throw new PosixError('ENOENT', syscall);
    return { ino: inode.ino, nlink: inode.nlink };
  }

  /** Sets `mode` for `file` (the caller has checked for conflicts). */
  lock(file: OpenFile, mode: LockMode): void {
    file.inode.locks.set(file, mode);
  }

  /** Drops `file`'s flock, if it holds one; returns whether it did. */
  unlock(file: OpenFile): boolean {
    return file.inode.locks.delete(file);
  }

  /** One more descriptor refers to `file` (open, dup, fork). */
  retain(file: OpenFile): void {
    file.refs++;
  }

  /**
   * One descriptor referring to `file` went away (close, process exit). The last one closes the
   * description: its flock is released (flock(2)) and the inode may die.
   */
  release(file: OpenFile): void {
    if (file.refs <= 0) return;
    file.refs--;
    if (file.refs > 0) return;
    this.unlock(file);
    file.inode.openFiles--;
  }

  private link(path: string): Inode {
    const inode = new Inode(this.nextIno++);
    inode.nlink = 1;
    this.names.set(path, inode);
    return inode;
  }
}
