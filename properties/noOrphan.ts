import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface NoOrphanOptions {
  /** Kind of the kernel's exit event (default `posix.exit`, as `models/posix/Kernel` logs it). */
  exit?: string;
  /** Only these processes are checked (default: every process). */
  which?: (name: string) => boolean;
}

interface ExitData {
  pid: number;
  name: string;
  status: number | null;
  signal: string | null;
  orphaned: boolean;
  deathSignalled: boolean;
  noticedOrphaned: boolean;
}

/**
 * "No orphan runner": a process whose parent died while it ran must learn of it — its
 * PR_SET_PDEATHSIG signal reaches it, or it sees `getppid() === 1` — unless a signal killed it
 * outright. An orphan that learned neither ran on unsupervised until it ended by itself (finished,
 * or timed out): nobody was there to cancel it. Reads the `posix.exit` events of
 * `models/posix/Kernel`.
 */
export function noOrphan(events: readonly SimEvent[], options: NoOrphanOptions = {}): void {
  const kind = options.exit ?? 'posix.exit';
  for (const e of events) {
    if (e.kind !== kind) continue;
    const d = e.data as ExitData;
    if (options.which && !options.which(d.name)) continue;
    if (d.orphaned && !d.deathSignalled && !d.noticedOrphaned && d.signal === null) {
      const orphaning = events.filter((o) => o.kind === 'posix.orphaned' && (o.data as { pid?: number }).pid === d.pid);
      throw new PropertyViolation('noOrphan', `${d.name} (pid ${d.pid}) was orphaned, got no death signal, never saw getppid() == 1, and ran on unsupervised until it exited with status ${d.status}:`, [...orphaning, e]);
    }
  }
}
