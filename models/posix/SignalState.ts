import type { Actor } from '../../sim/actor.js';
import type { Sim } from '../../sim/sim.js';
import { type Disposition, SIGALRM, signalName, terminatesByDefault } from './signals.js';

/** What signal state needs of its process and kernel. */
export interface SignalOwner<P> {
  readonly pid: number;
  readonly name: string;
  readonly alive: boolean;
  readonly sim: Sim;
  readonly kernel: { send(pid: number, sig: number, why: string): void; terminate(proc: P, status: { status: number | null; signal: number | null }): void };
  /** The calling thread was killed with its process: end its step. */
  halt(): Promise<never>;
}

/**
 * A process's signal dispositions, its pending signals and its alarm: what `Process` documents as
 * CPython's signal semantics, kept apart from the system calls that consult it. Pending standard
 * signals do not queue (a set); handlers run lowest signal first, in the main thread.
 */
export class SignalState<P> {
  private readonly dispositions = new Map<number, Disposition>();
  readonly pending = new Set<number>();
  private alarmTimer: { actor: Actor; at: number } | null = null;

  constructor(private readonly proc: SignalOwner<P> & P) {}

  disposition(sig: number): Disposition {
    return this.dispositions.get(sig) ?? 'default';
  }

  /** Installs a disposition; returns the previous one. */
  set(sig: number, disposition: Disposition): Disposition {
    const previous = this.disposition(sig);
    this.dispositions.set(sig, disposition);
    return previous;
  }

  /** Stops the alarm; returns the whole seconds that were left (alarm(2)'s return value). */
  cancelAlarm(): number {
    const t = this.alarmTimer;
    if (t === null) return 0;
    this.alarmTimer = null;
    t.actor.kill();
    return Math.max(0, Math.ceil((t.at - this.proc.sim.now) / 1000));
  }

  armAlarm(ms: number): void {
    const { sim, kernel, pid } = this.proc;
    const at = sim.now + ms;
    const actor = sim.spawn(
      `alarm:${this.proc.name}`,
      async () => {
        await sim.sleep(ms);
        if (this.alarmTimer?.actor !== actor) return;
        this.alarmTimer = null;
        if (this.proc.alive) kernel.send(pid, SIGALRM, 'alarm');
      },
      { daemon: true },
    );
    this.alarmTimer = { actor: actor as Actor, at };
  }

  /** Runs the handlers of pending signals, lowest number first, in the calling (main) thread. */
  async deliver(): Promise<void> {
    const { sim, pid } = this.proc;
    while (this.pending.size > 0) {
      const sig = Math.min(...this.pending);
      this.pending.delete(sig);
      sim.touch(`proc:${pid}`);
      const d = this.disposition(sig);
      if (typeof d === 'function') {
        sim.log('posix.handler', { pid, signal: signalName(sig) });
        await d(sig);
      } else if (d === 'default' && terminatesByDefault(sig)) {
        // The handler was uninstalled after the signal was sent: the default action applies now.
        this.proc.kernel.terminate(this.proc, { status: null, signal: sig });
        await this.proc.halt();
      }
    }
  }
}
