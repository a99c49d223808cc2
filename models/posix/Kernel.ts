import type { Actor } from '../../sim/actor.js';
import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { PosixError } from './errno.js';
import { FdTable } from './FdTable.js';
import { FileSystem } from './FileSystem.js';
import type { OpenFile } from './OpenFile.js';
import { type ExitStatus, Process } from './Process.js';
import { SIGKILL, signalName, terminatesByDefault } from './signals.js';
import { SystemExit } from './SystemExit.js';

/** A process's program: returns (or raises SystemExit with) its exit status. */
export type ProcessMain = (proc: Process) => Promise<number | void> | number | void;

export interface KernelOptions {
  /** Share a file system between kernels (default: a fresh one). */
  fs?: FileSystem;
  /**
   * An exception other than SystemExit escaping a process's main: `'fail'` (default) fails the run,
   * as a bug in the code under test; `'exit'` only ends the process with status 1, as CPython does.
   */
  uncaught?: 'fail' | 'exit';
}

/**
 * The Linux kernel's process table and signal delivery, with init as pid 1. Processes get increasing
 * pids from 2. When a process ends — its main returns or raises SystemExit, it calls `_exit`, or a
 * signal's default action or SIGKILL ends it — every one of its threads stops where it is (the
 * core's `actor.kill()`: no `finally` runs), its descriptors are closed (releasing the flocks whose
 * last descriptor they were), its alarm is cancelled, its children are reparented to init (pid 1;
 * subreapers are not modelled) and receive their PR_SET_PDEATHSIG signal, and it stays a zombie
 * until its parent waits for it (init waits at once). Every exit, orphaning and signal is logged
 * (`posix.exit`, `posix.orphaned`, `posix.signal`) for history properties.
 */
export class Kernel {
  readonly fs: FileSystem;
  readonly init: Process;
  private readonly table = new Map<number, Process>();
  private nextPid = 2;
  private readonly uncaught: 'fail' | 'exit';

  constructor(
    private readonly sim: Sim,
    options: KernelOptions = {},
  ) {
    this.fs = options.fs ?? new FileSystem();
    this.uncaught = options.uncaught ?? 'fail';
    this.init = new Process(this, sim, 1, 0, 'init', new FdTable(this.fs));
    this.table.set(1, this.init);
  }

  // ── plain getters ─────────────────────────────────────────────────────────────────────────────

  process(pid: number): Process | undefined {
    return this.table.get(pid);
  }

  get processes(): Process[] {
    return [...this.table.values()];
  }

  /** The process whose thread is running now, if any. */
  get current(): Process | undefined {
    const a = this.sim.current;
    if (a === undefined) return undefined;
    for (const p of this.table.values()) if (p.threads.includes(a)) return p;
    return undefined;
  }

  /** Who holds `file` open, for wait-for reports: `run-1 (pid 3, fd 4)`. */
  describeHolder(file: OpenFile): string {
    const where: string[] = [];
    for (const p of this.table.values()) {
      for (const fd of p.fds.open) if (p.fds.get(fd) === file) where.push(`${p.name} (pid ${p.pid}, fd ${fd})`);
    }
    return where.join(' and ') || `an open file description of "${file.path}" with no descriptor left`;
  }

  // ── processes ─────────────────────────────────────────────────────────────────────────────────

  /**
   * A process started from outside the simulated system (a shell, the CI runner) as a child of
   * `ppid` (default init). Without `main` it has no threads in the simulation: it stands for a
   * process whose code is not under test (a shell blocked in `wait`) and lives until it is killed.
   * Synchronous, so setup can build the process tree.
   */
  spawn(name: string, main?: ProcessMain, options: { ppid?: number } = {}): Process {
    const proc = this.create(name, { ppid: options.ppid ?? 1, fds: new FdTable(this.fs) });
    if (main) this.start(proc, main);
    return proc;
  }

  /** Registers a new process (for `spawn` and `fork`). */
  create(name: string, options: { ppid: number; fds: FdTable }): Process {
    const parent = this.table.get(options.ppid);
    if (parent === undefined || !parent.alive) {
      throw new UsageError(`kernel: cannot start "${name}" as a child of pid ${options.ppid}, which is not running`, 'start it as a child of a live process, or of init (pid 1)');
    }
    const proc = new Process(this, this.sim, this.nextPid++, options.ppid, name, options.fds);
    this.table.set(proc.pid, proc);
    return proc;
  }

  /** Runs `main` as the process's main thread; when it ends, the process exits. */
  start(proc: Process, main: ProcessMain): Actor {
    const actor = proc.thread(proc.name, async () => {
      let status = 0;
      try {
        const r = await main(proc);
        if (typeof r === 'number') status = r;
      } catch (e) {
        if (e instanceof SystemExit) status = e.status;
        else {
          this.terminate(proc, { status: 1, signal: null }, actor);
          if (this.uncaught === 'fail' || e instanceof CancelledError) throw e;
          return;
        }
      }
      this.terminate(proc, { status, signal: null }, actor);
    });
    return actor;
  }

  /**
   * kill(2) sent from outside the simulated processes (an operator, the CI server cancelling a
   * build, the OOM killer) by any actor. Fails with ESRCH when no such process exists.
   */
  async kill(pid: number, sig: number): Promise<void> {
    await this.sim.point('kill', { obj: `proc:${pid}`, args: [pid, signalName(sig)] });
    this.send(pid, sig, 'kill');
    if (this.sim.current?.state === 'killed') await this.sim.point('(killed)');
  }

  /** Kernel side of a signal: default action now, or pending for the target's handler. */
  send(pid: number, sig: number, cause: string): void {
    const p = this.table.get(pid);
    if (p === undefined || p.state === 'reaped') throw new PosixError('ESRCH', `kill(${pid}, ${signalName(sig)})`);
    this.sim.touch(`proc:${pid}`);
    if (p.state !== 'running') return;
    const d = sig === SIGKILL ? 'default' : p.disposition(sig);
    if (d === 'ignore' || (d === 'default' && !terminatesByDefault(sig))) return;
    if (cause === 'pdeathsig') p.deathSignalled = true;
    this.sim.log('posix.signal', { pid, name: p.name, signal: signalName(sig), cause });
    if (d === 'default') this.terminate(p, { status: null, signal: sig });
    else p.markPending(sig);
  }

  /**
   * Ends `proc` now: threads stop where they are (except `finishing`, the main thread that is
   * returning), descriptors close, children are orphaned. A thread of `proc` that is running when
   * this is called must stop at once (its next scheduling point never returns).
   */
  terminate(proc: Process, status: ExitStatus, finishing?: Actor): void {
    if (proc.state !== 'running') return;
    proc.state = 'zombie';
    proc.status = status;
    this.sim.touch(`proc:${proc.pid}`);
    proc.cancelAlarm();
    for (const t of proc.threads) if (!t.done && t !== finishing) t.kill();
    for (const f of proc.fds.closeAll()) this.sim.touch(`inode:${f.inode.ino}`);
    this.sim.log('posix.exit', {
      pid: proc.pid,
      name: proc.name,
      status: status.status,
      signal: status.signal === null ? null : signalName(status.signal),
      orphaned: proc.orphaned,
      deathSignalled: proc.deathSignalled,
      noticedOrphaned: proc.noticedOrphaned,
    });
    const parent = this.table.get(proc.ppid);
    if (proc.ppid === 1 || parent === undefined || !parent.alive) proc.state = 'reaped';
    for (const child of this.table.values()) {
      if (child.ppid !== proc.pid || child === proc) continue;
      this.sim.touch(`proc:${child.pid}`);
      if (child.state === 'zombie') {
        child.state = 'reaped';
        continue;
      }
      if (child.state !== 'running') continue;
      child.ppid = 1;
      child.orphaned = true;
      this.sim.log('posix.orphaned', { pid: child.pid, name: child.name, parent: proc.pid });
      if (child.pdeathsig !== 0) this.send(child.pid, child.pdeathsig, 'pdeathsig');
    }
  }
}
