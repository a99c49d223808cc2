import type { Inode, LockMode } from './Inode.js';

/**
 * An open file description — what open(2) creates and what descriptors point at (open(2): "a
 * reference to an open file description … unaffected if pathname is subsequently removed"). dup(2)
 * and fork(2) add descriptors referring to the same description, so they share its flock: the lock
 * is released only when the last descriptor referring to it is closed (flock(2)).
 */
export class OpenFile {
  /** Descriptors (in every process) referring to this description. */
  refs = 0;

  constructor(
    readonly id: number,
    readonly inode: Inode,
    /** The path it was opened by, for messages (the inode may since have lost that name). */
    readonly path: string,
  ) {}

  /** The flock this description holds, read outside the schedule. */
  get lock(): LockMode | null {
    return this.inode.locks.get(this) ?? null;
  }

  get closed(): boolean {
    return this.refs === 0;
  }
}
