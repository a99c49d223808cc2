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
  signalledSinceOrphaned: boolean;
}

/**
 * "No orphan runner": a process whose parent died while it ran must not carry on as if nothing had
 * happened — it is signalled after the orphaning (PR_SET_PDEATHSIG, a kill), or it notices
 * (`getppid() === 1`) and exits with a non-zero status. An orphan that ran to a clean exit (status
 * 0) without ever being signalled is the bug: nobody was there to supervise or cancel it. Reads the
 * `posix.exit` events of `models/posix/Kernel`.
 */
export function noOrphan(events: readonly SimEvent[], options: NoOrphanOptions = {}): void {
  const kind = options.exit ?? 'posix.exit';
  for (const e of events) {
    if (e.kind !== kind) continue;
    const d = e.data as ExitData;
    if (options.which && !options.which(d.name)) continue;
    if (d.orphaned && !d.signalledSinceOrphaned && d.signal === null && d.status === 0) {
      const orphaning = events.filter((o) => o.kind === 'posix.orphaned' && (o.data as { pid?: number }).pid === d.pid);
      throw new PropertyViolation('noOrphan', `${d.name} (pid ${d.pid}) was orphaned, never signalled, and ran on to a clean exit:`, [...orphaning, e]);
    }
  }
}
