import { type Actor, deadlineOf } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { PointOptions, Sim } from '../../sim/sim.js';
import { PosixError } from './errno.js';
import type { FdTable } from './FdTable.js';
import type { OpenFlags, Stat } from './FileSystem.js';
import { closeCall, dupCall, flockCall, fstatCall, listdirCall, openCall, statCall, unlinkCall } from './fileCalls.js';
import type { Kernel } from './Kernel.js';
import { type Disposition, SIGKILL, signalName } from './signals.js';
import { SignalState } from './SignalState.js';
import { SystemExit } from './SystemExit.js';

/** prctl(2) option: deliver a signal to this process when its parent dies. */
export const PR_SET_PDEATHSIG = 1;

/** How a process ended: `status` for exit(2), `signal` when a signal's action terminated it. */
export interface ExitStatus {
  status: number | null;
  signal: number | null;
}

/**
 * A Linux process running a Python program: a pid, a parent pid, a descriptor table, signal
 * dispositions, and its threads (actors). Every method below is one system call and one scheduling
 * point of the calling thread; file calls act on the kernel's {@link FileSystem}.
 *
 * Signals follow CPython, whose programs the case studies are: the kernel marks the signal pending
 * and interrupts a blocking call (EINTR); the Python-level handler then runs *in the main thread*, at
 * that thread's next system call of this process (the interpreter's "next bytecode" — here the next
 * scheduling point that goes through this process), and an interrupted call is retried after the
 * handler returns (PEP 475), or abandoned when the handler raises. No signal is blocked while a
 * Python handler runs, so a second signal arriving during a handler runs the handler again, nested.
 * Pending standard signals do not queue: two SIGTERMs before delivery are one. A signal whose
 * disposition is the default terminating action (SIGTERM, SIGALRM, … with no handler), and SIGKILL,
 * end the process at once: every thread stops where it is, no `finally` runs, and the kernel closes
 * the process's descriptors (releasing flocks whose last descriptor it was). `alarm(s)` arms SIGALRM
 * on the virtual clock. `prctl(PR_SET_PDEATHSIG, sig)` asks for `sig` when the parent dies — only a
 * death *after* the call counts (the classic race: check `getppid()` after the prctl).
 *
 * Deliberately not modelled: signal masks and `sigaction` flags, signals to threads other than the
 * main one, stop/continue, process groups and sessions, exec, rlimits, zombies' resource usage; a
 * main thread parked on a non-POSIX model (a Mutex, a Cell) is not interrupted — the signal waits
 * for its next call through this process. PR_SET_PDEATHSIG fires on the parent *process*'s death,
 * not on the death of the parent thread that forked (Linux's own gotcha).
 */
export class Process {
  /** Its threads: the main one first. */
  readonly threads: Actor[] = [];
  /** `running` until it exits; `zombie` until its parent waits for it (init waits at once). */
  state: 'running' | 'zombie' | 'reaped' = 'running';
  /** How it ended, once it has. */
  status: ExitStatus | null = null;
  /** Set by PR_SET_PDEATHSIG (0: none). */
  pdeathsig = 0;
  /** The parent died while this process was alive (it was reparented to init). */
  orphaned = false;
  /** Its PR_SET_PDEATHSIG signal was sent when the parent died. */
  deathSignalled = false;
  /** It called getppid() after being orphaned and saw 1. */
  noticedOrphaned = false;
  private readonly signals: SignalState<Process> = new SignalState<Process>(this);

  constructor(
    readonly kernel: Kernel,
    readonly sim: Sim,
    readonly pid: number,
    public ppid: number,
    readonly name: string,
    readonly fds: FdTable,
  ) {}

  // ── plain getters ─────────────────────────────────────────────────────────────────────────────

  get alive(): boolean {
    return this.state === 'running';
  }

  get main(): Actor | undefined {
    return this.threads[0];
  }

  /** Signals waiting for the main thread's next call, ascending. */
  get pendingSignals(): number[] {
    return [...this.signals.pending].sort((a, b) => a - b);
  }

  disposition(sig: number): Disposition {
    return this.signals.disposition(sig);
  }

  toString(): string {
    return `${this.name} (pid ${this.pid})`;
  }

  // ── threads ───────────────────────────────────────────────────────────────────────────────────

  /** Starts another thread of this process (threading.Thread). It dies with the process. */
  thread<T>(name: string, fn: () => Promise<T> | T, options: { daemon?: boolean } = {}): Actor<T> {
    if (!this.alive) throw new UsageError(`${this}: cannot start thread "${name}" in a process that has exited`);
    const actor = this.sim.spawn(name, fn, options);
    this.threads.push(actor as Actor);
    return actor;
  }

  /**
   * One system call of the calling thread: a scheduling point that the main thread's pending signals
   * interrupt. `effect` runs after the point. For other models whose calls should be interruptible
   * (a subprocess wait, a socket read), call their operation through this.
   */
  async syscall<T>(label: string, options: PointOptions, effect: () => T): Promise<T> {
    const me = this.caller(label);
    const main = me === this.threads[0];
    const base = options.enabled;
    for (;;) {
      const point: PointOptions = main ? { ...options, enabled: () => (base ? base() : deadlineOf(options) === undefined) || this.signals.pending.size > 0 } : options;
      await this.sim.point(label, point);
      // Whether a signal is pending decides what this step does: it reads the process's signal state.
      if (main) this.sim.touch(`proc:${this.pid}`, true);
      const at = deadlineOf(options);
      const ready = (at !== undefined && this.sim.now >= at) || (base ? base() : at === undefined);
      if (!ready) {
        // EINTR: the handler runs, then the call is retried (PEP 475) unless the handler raised.
        await this.signals.deliver();
        continue;
      }
      const value = effect();
      if (me.state === 'killed') await this.halt();
      if (main && this.signals.pending.size > 0) await this.signals.deliver();
      return value;
    }
  }

  /** A point in Python code where pending signals are handled and nothing else happens. */
  checkpoint(label = 'checkpoint'): Promise<void> {
    return this.syscall(label, { obj: `thread:${this.caller(label).id}` }, () => {});
  }

  /** time.sleep on the virtual clock (interrupted by signals, resumed after their handlers). */
  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`${this}: sleep(${ms}) needs a finite duration ≥ 0`);
    const me = this.caller('sleep');
    return this.syscall('sleep', { args: [ms], deadline: this.sim.now + ms, obj: `thread:${me.id}` }, () => {});
  }

  /** signal.pause(): waits until a signal arrives and its handler has run. */
  async pause(): Promise<void> {
    const me = this.caller('pause');
    await this.sim.point('pause', { obj: `thread:${me.id}`, enabled: () => me === this.threads[0] && this.signals.pending.size > 0, waitsFor: () => `a signal to ${this}` });
    await this.signals.deliver();
  }

  // ── process calls ─────────────────────────────────────────────────────────────────────────────

  getppid(): Promise<number> {
    return this.syscall('getppid', { obj: `proc:${this.pid}`, read: true }, () => {
      if (this.orphaned) this.noticedOrphaned = true;
      this.sim.result(this.ppid);
      return this.ppid;
    });
  }

  getpid(): number {
    return this.pid;
  }

  prctl(option: number, arg: number): Promise<void> {
    if (option !== PR_SET_PDEATHSIG) throw new UsageError(`${this}: prctl option ${option} is not modelled`, 'only PR_SET_PDEATHSIG is');
    return this.syscall('prctl', { obj: `proc:${this.pid}`, args: ['PR_SET_PDEATHSIG', signalName(arg)] }, () => {
      this.pdeathsig = arg;
    });
  }

  /** signal.signal(sig, handler | 'ignore' | 'default'); returns the previous disposition. */
  signal(sig: number, disposition: Disposition): Promise<Disposition> {
    const me = this.caller('signal');
    if (me !== this.threads[0]) throw new UsageError(`${this}: signal() called from thread "${me.name}"`, 'Python only lets the main thread install signal handlers (ValueError); install them first thing in main');
    return this.syscall('signal', { obj: `proc:${this.pid}`, args: [signalName(sig)] }, () => {
      if (sig === SIGKILL) throw new PosixError('EINVAL', 'signal(SIGKILL)', 'SIGKILL cannot be caught or ignored');
      return this.signals.set(sig, disposition);
    });
  }

  /** kill(2) from this process. */
  kill(pid: number, sig: number): Promise<void> {
    return this.syscall('kill', { obj: `proc:${pid}`, args: [pid, signalName(sig)] }, () => this.kernel.send(pid, sig, 'kill'));
  }

  /** alarm(2): SIGALRM in `seconds` of virtual time (0 cancels); returns the seconds left on the previous alarm. */
  alarm(seconds: number): Promise<number> {
    if (!Number.isInteger(seconds) || seconds < 0) throw new UsageError(`${this}: alarm(${seconds}) needs a whole number of seconds ≥ 0`);
    return this.syscall('alarm', { obj: `proc:${this.pid}`, args: [seconds] }, () => {
      const left = this.signals.cancelAlarm();
      if (seconds > 0) this.signals.armAlarm(seconds * 1000);
      return left;
    });
  }

  /**
   * fork(2) followed by running `main` in the child (the child of `os.fork()` or of a
   * `subprocess.Popen(close_fds=False)` running the same program): the child gets a copy of the
   * descriptor table, whose descriptors refer to the same open file descriptions.
   */
  fork(name: string, main: (child: Process) => Promise<number | void> | number | void): Promise<Process> {
    return this.syscall('fork', { obj: `proc:${this.pid}`, args: [name] }, () => {
      const child = this.kernel.create(name, { ppid: this.pid, fds: this.fds.copy() });
      this.kernel.start(child, main);
      this.sim.result(child.pid);
      return child;
    });
  }

  /** waitpid(2) on a child: blocks until it exits, then reaps it. */
  waitpid(pid: number): Promise<ExitStatus> {
    const child = this.kernel.process(pid);
    return this.syscall(
      'waitpid',
      {
        obj: `proc:${pid}`,
        args: [pid],
        // Not our child: ECHILD at once (waitpid(2) never waits for someone else's process).
        enabled: () => child === undefined || child.ppid !== this.pid || child.state !== 'running',
        waitsFor: () => `process ${child ?? pid} to exit`,
      },
      () => {
        if (child === undefined || child.ppid !== this.pid || child.state === 'reaped') throw new PosixError('ECHILD', `waitpid(${pid})`);
        child.state = 'reaped';
        this.sim.result(child.status);
        return child.status!;
      },
    );
  }

  /** sys.exit(status): raises {@link SystemExit}, which unwinds through `finally` blocks. */
  exit(status = 0): never {
    throw new SystemExit(status);
  }

  /** os._exit(status): the process ends now; nothing else of it runs. */
  async _exit(status: number): Promise<never> {
    await this.syscall('_exit', { obj: `proc:${this.pid}`, args: [status] }, () => this.kernel.terminate(this, { status, signal: null }));
    return this.halt();
  }

  // ── file calls (fileCalls.ts) ─────────────────────────────────────────────────────────────────

  /** open(2): a new open file description and the lowest free descriptor referring to it. */
  open(path: string, flags: OpenFlags = {}): Promise<number> { return openCall(this, path, flags); }

  /** close(2). The last descriptor of a description releases its flock. */
  close(fd: number): Promise<void> { return closeCall(this, fd); }

  /** dup(2): another descriptor for the same open file description (and so the same flock). */
  dup(fd: number): Promise<number> { return dupCall(this, fd); }

  unlink(path: string): Promise<void> { return unlinkCall(this, path); }

  stat(path: string): Promise<Stat> { return statCall(this, path); }

  fstat(fd: number): Promise<Stat> { return fstatCall(this, fd); }

  /** os.listdir: the names in `dir`, sorted. */
  listdir(dir: string): Promise<string[]> { return listdirCall(this, dir); }

  /**
   * flock(2) on `fd` with LOCK_SH / LOCK_EX (optionally | LOCK_NB) or LOCK_UN. A blocking request waits
   * (a scheduling point enabled once no other description conflicts; when several waiters could go,
   * the scheduler picks); LOCK_NB fails with EWOULDBLOCK instead. Conversions drop the old lock first.
   */
  flock(fd: number, operation: number): Promise<void> { return flockCall(this, fd, operation); }

  // ── kernel side ───────────────────────────────────────────────────────────────────────────────

  /** Marks `sig` pending for the main thread (the kernel decided a handler will take it). */
  markPending(sig: number): void {
    this.signals.pending.add(sig);
  }

  /** Stops the alarm; returns the whole seconds that were left (alarm(2)'s return value). */
  cancelAlarm(): number {
    return this.signals.cancelAlarm();
  }

  /** The calling thread was killed with its process: end its step; nothing after this runs. */
  halt(): Promise<never> {
    return this.sim.point('(killed)') as Promise<never>;
  }

  private caller(label: string): Actor {
    const me = this.sim.current;
    if (me === undefined || !this.threads.includes(me)) {
      throw new UsageError(
        `${this}: "${label}" was called by ${me ? `actor "${me.name}"` : 'code outside any actor'}, which is not a thread of this process`,
        'call a process\'s system calls from its own threads (kernel.spawn / proc.fork / proc.thread); to signal it from outside use kernel.kill',
      );
    }
    return me;
  }
}
