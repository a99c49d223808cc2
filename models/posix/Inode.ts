import type { OpenFile } from './OpenFile.js';

/** The two flock(2) lock modes. */
export type LockMode = 'EX' | 'SH';

/**
 * An inode — the file itself, as opposed to its name. It lives while a name links it or an open file
 * description refers to it (unlink(2): "the file is deleted only when no process has it open"). Its
 * flock(2) locks belong to it, not to the path: a lock on an unlinked inode conflicts with nobody
 * who opens the path afterwards, because that open finds (or creates) a different inode.
 */
export class Inode {
  /** Names linking this inode (0 or 1: hard links are not modelled). */
  nlink = 0;
  /** Open file descriptions referring to this inode. */
  openFiles = 0;
  /** flock holders: each open file description holds at most one lock. */
  readonly locks = new Map<OpenFile, LockMode>();

  constructor(readonly ino: number) {}

  /** Linked or open: an unlinked, closed inode is gone. */
  get alive(): boolean {
    return this.nlink > 0 || this.openFiles > 0;
  }
}
