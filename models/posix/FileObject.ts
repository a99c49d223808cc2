import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import { isErrno } from './errno.js';
import type { OpenFlags } from './FileSystem.js';
import type { Process } from './Process.js';

/**
 * A Python file object (`open(path)` / `os.fdopen(fd)`, `io.FileIO`) owning a descriptor — in lock
 * protocols, the lock handle. Closing it closes the descriptor. Dropping the last reference to it
 * does too, *whenever the garbage collector gets to it*: `drop()` hands the close to a daemon thread
 * of the process whose single step the scheduler may place anywhere later (CPython frees an object
 * at its last `del` unless a reference cycle or a traceback keeps it alive for the cyclic collector;
 * PyPy always collects later). So code that keeps only `f.fileno()` and lets the object go holds a
 * flock that can silently vanish at any later step. A collector that finds the descriptor already
 * closed ignores the EBADF, as `FileIO.__del__` does ("Exception ignored in …"); if the number was
 * reused meanwhile, it closes the new file — the real hazard of mixing `os.close` with file objects.
 */
export class FileObject {
  private state: 'open' | 'closed' | 'dropped' = 'open';
  private collector: Actor | null = null;

  constructor(
    readonly proc: Process,
    readonly fd: number,
    readonly name = `fd ${fd}`,
  ) {}

  /** `open(path, …)`: opens the path and wraps the new descriptor. */
  static async open(proc: Process, path: string, flags: OpenFlags = {}): Promise<FileObject> {
    return new FileObject(proc, await proc.open(path, flags), path);
  }

  get closed(): boolean {
    return this.state !== 'open';
  }

  /** Dropped and not yet collected. */
  get awaitingCollection(): boolean {
    return this.state === 'dropped' && this.collector !== null && !this.collector.done;
  }

  fileno(): number {
    if (this.state !== 'open') throw new UsageError(`file object "${this.name}": fileno() on a ${this.state} file`, 'ValueError: I/O operation on closed file — keep the object open while you use its descriptor');
    return this.fd;
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    await this.proc.close(this.fd);
  }

  /** The last reference went away: the collector closes the descriptor at some later step. */
  drop(): void {
    if (this.state !== 'open') return;
    this.state = 'dropped';
    this.collector = this.proc.thread(
      `gc:${this.name}`,
      async () => {
        try {
          await this.proc.close(this.fd);
        } catch (e) {
          if (!isErrno(e, 'EBADF')) throw e;
        }
      },
      { daemon: true },
    ) as Actor;
  }
}
