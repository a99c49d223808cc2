/**
 * One run as the code under test sees it: the `Sim` surface that setup, actors and models call —
 * spawning actors, scheduling points, external calls and ports, the actor handles — on top of the
 * actor handles (`actorHandles.ts`), the loop (`runLoop.ts`) and the books (`runBooks.ts`). One `Run` is one run; it is never reused.
 */
import { Actor, type ActorHost, opKey, type PendingOp } from './actor.js';
import { AsyncInvariantError, CancelledError, HangError, isHang, StaleReplayError, UsageError } from './errors.js';
import { armSentinel, fastWatch, sentinel } from './fastWatch.js';
import { installGlobals, openRun } from './globals.js';
import { makePort, type Port, type PortOptions } from './port.js';
import { real } from './realTimers.js';
import { describeRejection, watchRejections } from './rejections.js';
import type { RunResult } from './runBooks.js';
import { describe, escape } from './runFailures.js';
import { ActorHandles } from './actorHandles.js';
import type { Scenario } from './scenario.js';
import type { ExternalOptions, PointOptions, Sim } from './sim.js';
import { actorContext, type Frame, startTracking, stopTracking, watchPromises } from './tracking.js';

export type { FailureKind, RunConfig, RunFailure, RunResult, RunSettings } from './runBooks.js';

const NEVER = new Promise<never>(() => {});
const NO_OPTIONS: PointOptions = {};
const NO_ARGS: readonly unknown[] = [];
/** A promise executor without a per-call closure: `new Promise(capture)` leaves its resolvers here. */
const captured = { resolve: (_v?: unknown): void => {}, reject: (_e: unknown): void => {} };
function capture(resolve: (v: never) => void, reject: (e: unknown) => void): void {
  captured.resolve = resolve as (v?: unknown) => void;
  captured.reject = reject;
}

export class Run extends ActorHandles implements Sim, ActorHost {

  // ── the loop ────────────────────────────────────────────────────────────────────────────────

  async execute<W, P>(scenario: Scenario<W, P>, params: P): Promise<RunResult> {
    if (this.tracked) {
      startTracking();
      if (this.sites) watchPromises(true);
    } else this.watch = fastWatch(this);
    const close = openRun();
    const rejections = watchRejections();
    let world!: W;
    try {
      // A fast run that overlaps a run with globals is run tracked instead (globals.ts), from the start.
      if (this.escalation === undefined) {
        try {
          world = await (this.tracked ? actorContext.run(this.frame, () => scenario.setup(this, params)) : scenario.setup(this, params));
        } catch (e) {
          this.fail({ kind: 'error', message: `setup threw ${describe(e)}`, error: e });
        }
      }
      this.phase = 'steps';
      if (!this.failure && !this.stale) {
        const invariant = scenario.invariant;
        if (invariant) this.invariant = () => this.runInvariant(invariant, world);
        await new Promise<void>((resolve) => {
          this.loopEnded = resolve;
          if (this.tracked) actorContext.exit(this.advance);
          else this.advance();
        });
      }
      if (this.realWork !== undefined) {
        const w = this.realWork;
        this.fail(escape(w.actor, w.types, w.entry));
      }
      if (this.misuse) throw this.misuse;
      if (this.stale) throw new StaleReplayError(this.stale, 'the scenario changed since this token was recorded; run explore again to get a fresh token');
      if (!this.failure && !this.abandoned && this.escalation === undefined && scenario.check) {
        this.phase = 'check';
        try {
          await (this.tracked ? actorContext.run(this.frame, () => scenario.check!(world, this)) : scenario.check(world, this));
        } catch (e) {
          this.fail({ kind: 'check', message: `check failed: ${describe(e)}`, error: e });
        }
      }
      // Real work left pending by the steps or the check (fast runs ask the tracked loop: one count of
      // the process's resources per run), or a real timer setup or check left pending.
      if (this.watch && this.escalation === undefined) this.escalation = this.watch.finish();
      const timer = this.escalation === undefined ? this.leftWork.pendingTimer() : undefined;
      if (timer !== undefined) this.fail(timer);
      if (!this.failure && !this.abandoned && this.escalation === undefined && this.leakCheck) this.checkLeaks();
    } finally {
      this.phase = 'closed';
      close();
      this.watch?.close();
      this.uninstall?.();
      if (this.tracked) {
        if (this.sites) watchPromises(false);
        stopTracking();
      }
      // Node reports the rejections the run's code left to the kit, not to the process (a crash),
      // even when the run threw.
      const left = await rejections.settle();
      rejections.close();
      if (left.length > 0 && !this.failure && !this.abandoned && this.escalation === undefined) {
        this.fail({ kind: 'error', message: `a promise rejected and nothing handled it: ${describeRejection(left[0])}. Node ends the process on an unhandled rejection; await the promise, or give it a .catch`, error: left[0] });
      }
    }
    return this.outcome(params);
  }

  private runInvariant<W>(invariant: (world: W, sim: Sim) => void, world: W): void {
    // Tracked: in the run's own frame, so installed globals know whose clock it reads (globals.ts).
    const r = (this.tracked ? actorContext.run(this.frame, () => invariant(world, this)) : invariant(world, this)) as unknown;
    if (r !== undefined && typeof (r as { then?: unknown }).then === 'function') {
      void (r as Promise<unknown>).then(undefined, () => {});
      throw new AsyncInvariantError();
    }
  }

  spawn<T>(name: string, fn: () => Promise<T> | T, options?: { daemon?: boolean }): Actor<T> {
    if (!this.checkOpen(`sim.spawn("${name}")`)) {
      const inert = new Actor<T>(this, -1, name, true);
      inert.state = 'killed';
      return inert;
    }
    if (typeof fn !== 'function') throw new UsageError(`sim.spawn("${name}") needs a function as its second argument`);
    this.lateInFastStep(`sim.spawn("${name}")`);
    let unique = name;
    for (let i = 2; this.names.has(unique); i++) unique = `${name}#${i}`;
    this.names.add(unique);
    const actor = new Actor<T>(this, this.actors.length, unique, options?.daemon ?? false);
    this.actors.push(actor as Actor);
    if (!actor.daemon) this.live++;
    // The start operation is an object of its own, not the actor's reused slot: a closure stored
    // into the slot's first `resolve` would sit in the slot's hidden class (an old-generation object)
    // and keep every run alive until the next full GC — a third of the fast path's speed.
    const body = this.tracked ? this.trackedBody(actor as Actor, fn) : () => void this.body(actor, fn);
    const start: PendingOp = { label: 'start', actor: actor as Actor, key: actor.id, obj: `actor:${actor.id}`, resolve: body, reject: () => {} };
    actor.op = start;
    // Spawned by a step: the child's start follows it (reduction must not move it earlier).
    this.touch(`actor:${actor.id}`);
    return actor;
  }

  private trackedBody<T>(actor: Actor, fn: () => Promise<T> | T): () => void {
    const frame: Frame = { run: this, actor };
    actor.frame = frame;
    return () => actorContext.run(frame, () => void this.body(actor as Actor<T>, fn));
  }

  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean, ms: number, deadline: () => number): Actor<void> {
    const actor = this.spawn(name, fn, { daemon });
    // The body starts when the timer is due: its first step is the wait, so the clock cannot pass
    // the due time while the timer's actor has not started yet.
    const start = actor.op;
    if (start !== null) {
      start.label = 'sleep';
      start.args = [ms];
      start.deadline = deadline;
    }
    return actor;
  }

  private async body<T>(actor: Actor<T>, fn: () => Promise<T> | T): Promise<void> {
    actor.state = 'started';
    try {
      const v = await fn();
      if (actor.state === 'started') {
        actor.state = 'done';
        actor.value = v;
      }
    } catch (e) {
      if (actor.state === 'started') {
        actor.error = e;
        if (e instanceof CancelledError) actor.state = 'cancelled';
        else {
          actor.state = 'failed';
          if (this.phase === 'steps') this.fail({ kind: 'error', actor: actor.name, message: `actor "${actor.name}" threw ${describe(e)}`, error: e });
        }
      }
    }
    if ((actor.state as string) !== 'killed') this.finished(actor);
    if (this.tracked || this.phase !== 'steps') return;
    if (this.cur === actor && this.stepping) this.finishStep();
    else this.escalate(`actor "${actor.name}" finished outside its own step`);
  }

  point(label: string, options?: PointOptions): Promise<void> {
    return this.op(label, options, undefined) as Promise<void>;
  }

  op<T>(label: string, options: PointOptions | undefined, effect: (() => T) | undefined): Promise<T> {
    const a = this.actorNow();
    // Misuse surfaces as a rejected promise, as it would from an async model method.
    if (this.phase !== 'steps' || a === null) {
      if (this.phase === 'setup' || this.phase === 'check' || this.inInvariant) {
        const where = this.phase === 'setup' ? 'setup' : this.inInvariant ? 'invariant' : 'check';
        return Promise.reject(new UsageError(`"${label}" was called from ${where}`, `model operations are scheduling points: call them inside an actor (sim.spawn), and read state in ${where} through the model's plain getters`));
      }
      if (this.phase === 'closed') {
        if (this.leftBehind()) return NEVER;
        // Handled already: code the run left behind (an unref'd real timer's callback, say) that
        // calls in without awaiting must not end the process; a caller that awaits still gets it.
        const late = Promise.reject(new UsageError(`"${label}" was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check'));
        late.catch(() => undefined);
        return late;
      }
      if (this.phase === 'steps') {
        if (!this.tracked) this.escalate(`"${label}" was called between steps`);
        else this.fail({ kind: 'escape', message: `"${label}" was called by code outside every actor: a promise chain started in setup (or by a real callback) is running outside the simulation. Start it inside an actor (sim.spawn).` });
      }
      return NEVER;
    }
    if (a.state === 'killed') {
      this.finishStep();
      return NEVER;
    }
    let op: PendingOp;
    if (a.op === null) op = a.slot;
    else if (!this.tracked) {
      this.escalate(`actor "${a.name}" started "${label}" while "${a.op.label}" was in flight`);
      return NEVER;
    } else op = { label, actor: a, key: opKey(a.id, a.opCount), resolve: captured.resolve, reject: captured.reject };
    if (this.tracked) a.opCount++;
    if (!this.tracked && !this.stepping) {
      this.escalate(`"${label}" was called after its step ended`);
      return NEVER;
    }
    // A scheduling point inside an external call (an adapter whose every statement is a point): the
    // call is no longer atomic, and its step ends where its actor parks.
    if (this.inExternal) this.inExternal = false;
    a.lastPoint = label;
    const parked = new Promise<T>(capture);
    const o = options ?? NO_OPTIONS;
    op.label = label;
    op.args = o.args;
    op.obj = o.obj;
    op.read = o.read;
    op.enabled = o.enabled;
    op.deadline = o.deadline;
    op.waitsFor = o.waitsFor;
    op.yields = o.yields;
    op.spin = o.spin;
    op.noCancel = o.noCancel;
    op.unchanged = o.unchanged;
    op.effect = effect;
    op.resolve = captured.resolve;
    op.reject = captured.reject;
    if (a.op === null) a.op = op;
    else (a.more ??= []).push(op);
    this.finishStep();
    return parked;
  }


  yield(label = 'yield'): Promise<void> {
    return this.point(label, { yields: true, spin: true, obj: `yield:${this.actorNow()?.id ?? -1}` });
  }

  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`sim.sleep(${ms}): the duration must be a finite number ≥ 0`);
    return this.sleepPoint(ms, this.clock.now + ms);
  }

  /** sim.sleep's point for a virtual timer, with the timer's own deadline (`virtualTimers.ts`). */
  timerSleep(ms: number, deadline: () => number): Promise<void> {
    return this.sleepPoint(ms, deadline);
  }

  private sleepPoint(ms: number, deadline: number | (() => number)): Promise<void> {
    const a = this.actorNow();
    return this.point('sleep', { args: [ms], deadline, obj: `sleep:${a?.id ?? -1}`, ...(ms === 0 ? { spin: true } : {}) });
  }

  async external<T>(label: string, fn: () => Promise<T> | T, options?: ExternalOptions): Promise<T> {
    await this.point(label, { obj: options?.obj ?? 'external', args: options?.args ?? NO_ARGS, ...(options?.read ? { read: true } : {}), ...(options?.enabled ? { enabled: options.enabled } : {}) });
    this.inExternal = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const hang = new Promise<never>((_, reject) => {
        timer = real.setTimeout(() => reject(new HangError(`sim.external("${label}") did not settle within ${this.externalTimeoutMs} ms of real time`, 'the real call hangs: check the adapter, or raise externalTimeoutMs')), this.externalTimeoutMs);
      });
      const v = await Promise.race([Promise.resolve().then(fn), hang]);
      this.result(v);
      return v;
    } catch (e) {
      if (isHang(e)) this.hung = true;
      throw e;
    } finally {
      real.clearTimeout(timer);
      this.inExternal = false;
      if (this.stepping) {
        if (this.tracked) this.stepEnd!.arm();
        else if (!sentinel.armed) armSentinel();
      }
    }
  }

  installGlobals(): void {
    if (!this.checkOpen('sim.installGlobals()')) return;
    if (this.uninstall) return;
    this.uninstall = installGlobals(this);
  }

  port<T extends object>(name: string, obj: T, options?: PortOptions): Port<T> {
    return makePort(this, name, obj, options);
  }
}
