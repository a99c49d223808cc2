/**
 * One run: the scheduler loop, the actors, the clock and the checks (docs/architecture.md). A `Run`
 * is the `Sim` that setup, actors and models see. Between two steps the run asks its choice source
 * which pending operation goes next.
 *
 * Two ways to tell when a step is over, one semantics:
 * - *fast*: every hand-off of the code goes through models, so the step is over when the resumed
 *   actor parks at its next operation. No async-context tracking, one promise job per step.
 * - *tracked*: real code waits on promises other code settles. The step is over when everything it
 *   set off has run ({@link StepEnd}); actor identity follows async contexts (`tracking.ts`); an
 *   actor may have several operations in flight; one waiting on a plain promise is blocked, not
 *   escaped.
 * A fast run that meets anything only tracking can judge — an actor stopped at a plain promise, a
 * second operation in flight, a nextTick, real work left behind — stops and asks for a tracked run
 * (`escalate`); `executeRun` re-runs it tracked with the same choices, so both give one trace.
 */
import { Actor, type ActorHost, opKey, type PendingOp } from './actor.js';
import { ABANDON, type ChoicePoint, type ChoiceSource, STALL } from './choices.js';
import { VirtualClock } from './clock.js';
import { ActorKilledError, CancelledError, StaleReplayError, UsageError } from './errors.js';
import { armSentinel, type FastWatch, fastWatch, sentinel } from './fastWatch.js';
import { installGlobals } from './globals.js';
import { makePort, type Port, type PortOptions } from './port.js';
import { PromiseSites } from './promiseSites.js';
import { type RunFailure, deadlock, describe, escape, leaks, stepLimit } from './runFailures.js';
import type { Scenario } from './scenario.js';
import type { PointOptions, Sim } from './sim.js';
import { StepEnd } from './stepEnd.js';
import { RunTrace, type SimEvent, type Trace, type TraceEntry } from './trace.js';
import { actorContext, type Frame, startTracking, stopTracking, type TrackedRun, watchPromises } from './tracking.js';
import { real } from './realTimers.js';

export type { FailureKind, RunFailure } from './runFailures.js';

export interface RunResult {
  ok: boolean;
  failure?: RunFailure;
  trace: Trace;
  /** The choices this run consumed, normalised into range — replaying them gives the same run. */
  choices: number[];
  params: unknown;
  steps: number;
  preemptions: number;
  /** The choice source gave up on this run (it only repeated explored work). */
  abandoned?: boolean;
  /** Per choice: the operation it scheduled, or the actor whose step drew it (for schedule-level shrinking). */
  owners: number[];
  /** Per choice: whether it was a schedule choice. */
  scheduling: boolean[];
  /** Internal: a fast run stopped because only a tracked run can judge what it met (`executeRun` re-runs it). */
  escalate?: string;
  /** With `escalate`: how many forced steps and step reports the source was told of. */
  sourceLog?: { forced: number; stepReports: number };
  /** Whether the run was tracked. */
  tracked: boolean;
}

/** Settings that change what a run does; replay tokens carry the ones that change its trace. */
export interface RunSettings {
  maxSteps?: number | undefined;
  /** How long one `sim.external` call may take in real time before it is reported as a hang. */
  externalTimeoutMs?: number | undefined;
  /** After a run that passed, ask the models' leak probes for resources still held. */
  leakCheck?: boolean | undefined;
}

export interface RunConfig extends RunSettings {
  source: ChoiceSource;
  /** Replay mode: a choice out of range is a stale token, not something to reduce mod n. */
  strict?: boolean;
  /** Track async contexts from the start (see the module comment). */
  tracked?: boolean;
  /** Tracked runs: remember where each promise was created, for a deadlock's message. */
  diagnose?: boolean;
}

const NEVER = new Promise<never>(() => {});
const NO_OPTIONS: PointOptions = {};
const RESOLVED = Promise.resolve();
/** A promise executor without a per-call closure: `new Promise(capture)` leaves its resolvers here. */
const captured = { resolve: (_v?: unknown): void => {}, reject: (_e: unknown): void => {} };
function capture(resolve: (v: never) => void, reject: (e: unknown) => void): void {
  captured.resolve = resolve as (v?: unknown) => void;
  captured.reject = reject;
}
const NO_ARGS: readonly unknown[] = [];
const STALL_FOOTPRINT = ['*'];
/** Consecutive spin steps (yields, zero sleeps) an actor may take before fair scheduling holds it back. */
export const SPIN_BOUND = 32;

type Phase = 'setup' | 'steps' | 'check' | 'closed';

/** What a pending operation touches, for reduction: no object, or `*`, means everything. */
function touchOf(op: PendingOp): string {
  return op.obj === undefined || op.obj === '*' ? '*' : (op.read ? 'r:' : 'w:') + op.obj;
}

/** An invariant that returned a promise: refused, since it runs synchronously after every step. */
class AsyncInvariantError extends UsageError {
  constructor() {
    super('the invariant returned a promise', 'an invariant runs synchronously after every step: read model state through plain getters, and put async checks in check(world)');
  }
}

export class Run implements Sim, ActorHost, TrackedRun {
  readonly clock = new VirtualClock();
  readonly actors: Actor[] = [];
  readonly events: SimEvent[] = [];
  readonly steps: TraceEntry[] = [];
  readonly choices: number[] = [];
  /** Per choice: the operation it scheduled (schedule choices) or the actor whose step drew it (data). */
  readonly owners: number[] = [];
  /** Per choice: whether it was a schedule choice. */
  readonly scheduling: boolean[] = [];
  failure: RunFailure | undefined;
  private phase: Phase = 'setup';
  /** Fast runs: the actor whose step is running. Tracked runs: the actor whose operation's effect runs. */
  private cur: Actor | null = null;
  private last: Actor | null = null;
  private live = 0;
  private entry: TraceEntry | undefined;
  /** True from resuming an actor until its step is over. */
  stepping = false;
  /** The actor of the step in progress (or just ended, until `advance` has done its books). */
  private stepper: Actor | null = null;
  private loopEnded: (() => void) | null = null;
  private invariant: (() => void) | null = null;
  private inInvariant = false;
  private readonly runnable: PendingOp[] = [];
  private readonly options: PendingOp[] = [];
  /** One choice point, and one id list per option count, reused: sources must copy what they keep (ChoiceSource). */
  private readonly optionIds: number[][] = [];
  private readonly point0: { -readonly [K in keyof ChoicePoint]: ChoicePoint[K] } = { kind: 'data', n: 0, label: '', index: 0 };
  private inExternal = false;
  private footprint: string[] | null = null;
  private stale: string | undefined;
  private abandoned = false;
  private escalation: string | undefined;
  private preemptions = 0;
  /** Calls made to the source's onForced and onStep (for a re-run that continues this one). */
  private forcedCalls = 0;
  private stepReports = 0;
  /** Actors held back by fair scheduling (fairFrom ≥ 0). */
  private spinners = 0;
  private ids = new Map<string, number>();
  private names = new Set<string>();
  private uninstall: (() => void) | undefined;
  private readonly source: ChoiceSource;
  private readonly strict: boolean;
  private readonly maxSteps: number;
  private readonly externalTimeoutMs: number;
  private readonly leakCheck: boolean;
  private readonly probes: Array<() => string | undefined> = [];
  readonly tracked: boolean;
  private readonly stepEnd: StepEnd | undefined;
  private readonly frame: Frame;
  private readonly sites: PromiseSites | undefined;
  private realWork: { types: string[]; actor: Actor | null; entry: TraceEntry | undefined } | undefined;
  private watch: FastWatch | undefined;
  /** Misuse found mid-run (an async invariant): thrown from `execute` once the run is closed. */
  private misuse: UsageError | undefined;

  constructor(config: RunConfig) {
    this.source = config.source;
    this.strict = config.strict ?? false;
    this.maxSteps = config.maxSteps ?? 10_000;
    this.externalTimeoutMs = config.externalTimeoutMs ?? 30_000;
    this.leakCheck = config.leakCheck ?? false;
    this.tracked = config.tracked ?? false;
    this.frame = { run: this, actor: null };
    if (this.tracked) this.stepEnd = new StepEnd(this.stepOver, () => this.inExternal);
    if (this.tracked && config.diagnose) this.sites = new PromiseSites();
  }

  get now(): number {
    return this.clock.now;
  }

  get current(): Actor | undefined {
    return this.actorNow() ?? undefined;
  }

  /** The actor whose code is running: the step's in a fast run, the async context's in a tracked one. */
  private actorNow(): Actor | null {
    if (!this.tracked || this.cur !== null) return this.cur;
    const f = actorContext.getStore();
    return f !== undefined && f.run === this ? f.actor : null;
  }

  // ── the loop ────────────────────────────────────────────────────────────────────────────────

  async execute<W, P>(scenario: Scenario<W, P>, params: P): Promise<RunResult> {
    if (this.tracked) {
      startTracking();
      if (this.sites) watchPromises(true);
    } else this.watch = fastWatch(this);
    let world!: W;
    try {
      try {
        world = await (this.tracked ? actorContext.run(this.frame, () => scenario.setup(this, params)) : scenario.setup(this, params));
      } catch (e) {
        this.fail({ kind: 'error', message: `setup threw ${describe(e)}`, error: e });
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
      if (this.watch && this.escalation === undefined) this.escalation = this.watch.finish();
      if (!this.failure && !this.abandoned && this.escalation === undefined && scenario.check) {
        this.phase = 'check';
        try {
          await (this.tracked ? actorContext.run(this.frame, () => scenario.check!(world, this)) : scenario.check(world, this));
        } catch (e) {
          this.fail({ kind: 'check', message: `check failed: ${describe(e)}`, error: e });
        }
      }
      if (!this.failure && !this.abandoned && this.escalation === undefined && this.leakCheck) this.checkLeaks();
    } finally {
      this.phase = 'closed';
      this.watch?.close();
      this.uninstall?.();
      if (this.tracked) {
        if (this.sites) watchPromises(false);
        stopTracking();
      }
    }
    return this.outcome(params);
  }

  private runInvariant<W>(invariant: (world: W, sim: Sim) => void, world: W): void {
    const r = invariant(world, this) as unknown;
    if (r !== undefined && typeof (r as { then?: unknown }).then === 'function') {
      void (r as Promise<unknown>).then(undefined, () => {});
      throw new AsyncInvariantError();
    }
  }

  /**
   * The scheduler loop, as a state machine rather than an async loop: it runs until it has resumed
   * an actor, and the step's end queues it again. One microtask hop per step and no per-step
   * closures keep the fast path close to a bare resume loop.
   */
  private readonly advance = (): void => {
    if (this.stepper !== null) this.afterStep();
    for (;;) {
      if (this.failure || this.stale || this.abandoned || this.misuse || this.escalation !== undefined || this.live === 0) return this.endLoop();
      if (this.steps.length >= this.maxSteps) {
        this.fail(stepLimit(this.maxSteps, this.actors, this.steps));
        return this.endLoop();
      }
      const runnable = this.runnable;
      let count = 0;
      // The next deadline a stall may jump to, and the next one of all (instant actors' included).
      let deadline = Infinity;
      let idleDeadline = Infinity;
      let timed = false;
      const now = this.clock.now;
      let lastFirst: PendingOp | null = null;
      const last = this.last;
      const actors = this.actors;
      for (let i = 0; i < actors.length; i++) {
        const a = actors[i]!;
        let op = a.op;
        if (op === null) continue;
        const more = a.more;
        for (let k = -1; ; ) {
          if ((a.cancelPending && op.noCancel !== true) || this.ready(op, now)) {
            runnable[count++] = op;
            if (a === last && lastFirst === null) lastFirst = op;
            if (!a.instant) timed = true;
          } else if (op.deadline !== undefined) {
            if (op.deadline < idleDeadline) idleDeadline = op.deadline;
            if (op.deadline < deadline && !a.instant) deadline = op.deadline;
          }
          if (more === null || ++k >= more.length) break;
          op = more[k]!;
        }
      }
      if (this.spinners > 0) {
        count = this.holdBackSpinners(runnable, count);
        lastFirst = null;
        timed = false;
        for (let i = 0; i < count; i++) {
          const op = runnable[i]!;
          if (op.actor === last && lastFirst === null) lastFirst = op;
          if (!op.actor.instant) timed = true;
        }
      }
      if (count === 0) {
        if (idleDeadline !== Infinity) {
          this.clock.advanceTo(idleDeadline);
          continue;
        }
        this.fail(deadlock(this.actors, this.sites));
        return this.endLoop();
      }
      if (!timed) deadline = Infinity;
      const continues = lastFirst !== null && lastFirst.yields !== true;
      const options = this.options;
      if (continues) {
        // The last actor's operations first (option 0 = no switch), then the others in canonical order.
        let j = 0;
        for (let i = 0; i < count; i++) if (runnable[i]!.actor === last) options[j++] = runnable[i]!;
        for (let i = 0; i < count; i++) if (runnable[i]!.actor !== last) options[j++] = runnable[i]!;
      } else {
        // Round-robin after the actor that ran last, so a spin-wait that yields never starves the
        // actor it waits for in the all-zeros schedule.
        let k = 0;
        if (last !== null) {
          while (k < count && runnable[k]!.actor.id <= last.id) k++;
          if (k === count) k = 0;
        }
        let j = 0;
        for (let i = k; i < count; i++) options[j++] = runnable[i]!;
        for (let i = 0; i < k; i++) options[j++] = runnable[i]!;
      }
      const n = count + (deadline !== Infinity ? 1 : 0);
      let choice = -1;
      if (n > 1) {
        const ids = (this.optionIds[n] ??= new Array<number>(n).fill(0));
        for (let i = 0; i < count; i++) ids[i] = options[i]!.key;
        if (deadline !== Infinity) ids[count] = STALL;
        const point = this.point0;
        point.kind = 'schedule';
        point.n = n;
        point.label = 'schedule';
        point.actors = ids;
        point.continues = continues;
        point.index = this.choices.length;
        point.touches = this.source.wantsFootprints ? this.touchesOf(options, count, deadline !== Infinity) : undefined;
        choice = this.choose(point);
        if (choice < 0) return this.endLoop();
      } else {
        this.forcedCalls++;
        if (this.source.onForced?.(options[0]!.key) === ABANDON) {
          this.abandoned = true;
          return this.endLoop();
        }
      }
      if (choice === count) {
        this.stall(deadline, choice, n);
        this.checkInvariant();
        continue;
      }
      const op = options[choice < 0 ? 0 : choice]!;
      const preempted = continues && op.actor !== last;
      if (preempted) this.preemptions++;
      return this.beginStep(op, choice, n, preempted);
    }
  };

  /**
   * Fair scheduling (Coyote's fair schedules, Loom's yield): an actor that yielded more than
   * {@link SPIN_BOUND} times while no other actor took a step is not offered its next yield before
   * every other runnable actor has had a step, so a correct polling loop finishes under any strategy
   * and `step-limit` means a real livelock.
   */
  private holdBackSpinners(runnable: PendingOp[], count: number): number {
    let j = 0;
    for (let i = 0; i < count; i++) {
      const op = runnable[i]!;
      const a = op.actor;
      let held = false;
      if (a.fairFrom >= 0 && op.spin === true) {
        for (let x = 0; x < count; x++) {
          const other = runnable[x]!.actor;
          if (other !== a && other.lastStep < a.fairFrom) {
            held = true;
            break;
          }
        }
      }
      if (!held) runnable[j++] = op;
    }
    // Everyone else had a turn, or nobody else can run: the spinners go on.
    return j === 0 ? count : j;
  }

  private touchesOf(options: PendingOp[], count: number, stall: boolean): string[] {
    const out: string[] = [];
    const real = this.realCode();
    for (let i = 0; i < count; i++) out.push(real ? '*' : touchOf(options[i]!));
    if (stall) out.push('*');
    return out;
  }

  /** Whether the run executes real modules (see beginStep's footprints). */
  private realCode(): boolean {
    return this.tracked || this.uninstall !== undefined;
  }

  private endLoop(): void {
    const end = this.loopEnded;
    this.loopEnded = null;
    end?.();
  }

  private checkInvariant(): void {
    if (this.invariant === null || this.failure || this.stale || this.abandoned || this.escalation !== undefined) return;
    this.inInvariant = true;
    try {
      this.invariant();
    } catch (e) {
      if (e instanceof AsyncInvariantError) this.misuse ??= e;
      else this.fail({ kind: 'invariant', message: `invariant failed: ${describe(e)}`, error: e });
    } finally {
      this.inInvariant = false;
    }
  }

  private ready(op: PendingOp, now: number): boolean {
    if (op.deadline !== undefined && now >= op.deadline) return true;
    if (op.enabled !== undefined) return op.enabled();
    return op.deadline === undefined;
  }

  private stall(deadline: number, choice: number, n: number): void {
    const from = this.clock.now;
    this.steps.push({ step: this.steps.length, time: from, actor: '(clock)', actorId: STALL, op: 'stall', args: [deadline - from], choice, options: n, preempted: false });
    this.clock.advanceTo(deadline);
    this.stepReports++;
    this.source.onStep?.(STALL_FOOTPRINT, STALL);
  }

  private beginStep(op: PendingOp, choice: number, n: number, preempted: boolean): void {
    const actor = op.actor;
    if (actor.more === null) actor.op = null;
    else this.takeOp(actor, op);
    const index = this.steps.length;
    const prev = this.last;
    const entry: TraceEntry = { step: index, time: this.clock.now, actor: actor.name, actorId: actor.id, op: op.label, args: op.args ?? NO_ARGS, choice, options: n, preempted };
    this.steps.push(entry);
    this.entry = entry;
    this.cur = actor;
    this.last = actor;
    this.stepper = actor;
    actor.steps++;
    actor.lastStep = index;
    // Spin steps count within an unbroken streak of this actor's steps: another actor's step ends
    // the streak (and a hold, which is only ever lifted by the others having had their turns).
    if (prev !== actor && actor.spins !== 0) {
      actor.spins = 0;
      if (actor.fairFrom >= 0) {
        actor.fairFrom = -1;
        this.spinners--;
      }
    }
    if (op.spin === true && ++actor.spins > SPIN_BOUND) {
      if (actor.fairFrom < 0) this.spinners++;
      actor.fairFrom = index;
    }
    // A tracked step, or one on installed globals, runs real code, whose shared state (a library's
    // lock, a cache) no model declares: it may conflict with anything, so reduction treats it as
    // touching everything.
    if (this.source.wantsFootprints) this.footprint = this.realCode() ? ['*'] : [touchOf(op)];
    this.stepping = true;
    if (this.tracked) this.stepEnd!.arm();
    else if (!sentinel.armed) armSentinel();
    if (actor.cancelPending && op.noCancel !== true) {
      actor.cancelPending = false;
      op.reject(new CancelledError(actor.cancelReason));
    } else if (op.effect !== undefined) {
      // sim.op: the model's effect runs here, at the start of the step, and the actor resumes with
      // its value — one promise hop instead of an async model method awaiting sim.point.
      let value: unknown;
      try {
        value = op.effect();
      } catch (e) {
        op.reject(e);
        if (this.tracked) this.cur = null;
        return;
      }
      if (entry.result === undefined) entry.result = value;
      op.resolve(value);
    } else {
      op.resolve();
    }
    // Tracked runs: past the effect, who runs is whoever's async context the code is in.
    if (this.tracked) this.cur = null;
  }

  /** Removes `op` from an actor with several operations in flight (tracked runs). */
  private takeOp(actor: Actor, op: PendingOp): void {
    const more = actor.more!;
    if (actor.op === op) actor.op = more.shift() ?? null;
    else more.splice(more.indexOf(op), 1);
    if (more.length === 0) actor.more = null;
  }

  private afterStep(): void {
    const actor = this.stepper!;
    this.stepper = null;
    this.cur = null;
    if (this.realWork !== undefined) {
      const w = this.realWork;
      this.fail(escape(w.actor, w.types, w.entry));
    }
    if (this.footprint !== null) {
      this.stepReports++;
      this.source.onStep?.(this.footprint, actor.id);
      this.footprint = null;
    }
    this.checkInvariant();
  }

  /** Fast runs: the running step is over — its actor parked, finished, threw, or escaped. */
  private finishStep(): void {
    if (this.stepping && !this.tracked) {
      this.stepping = false;
      // A native promise reaction: cheaper than queueMicrotask, which wraps every callback.
      void RESOLVED.then(this.advance);
    }
  }

  /** Tracked runs: everything the step set off has run. */
  private readonly stepOver = (): void => {
    this.stepping = false;
    actorContext.exit(this.advance);
  };

  /** Fast runs: stop, and let `executeRun` run this schedule again tracked. */
  escalate(reason: string): void {
    if (this.tracked || this.phase === 'closed') return;
    if (this.escalation === undefined) {
      this.escalation = reason;
      if (this.stepping) {
        this.stepping = false;
        void RESOLVED.then(this.advance);
      }
    }
  }

  /** Fast runs: the process ran out of promise jobs while this run was stepping (`fastWatch.ts`). */
  onPause(): void {
    if (this.phase !== 'steps' || this.inExternal) return;
    const who = this.stepping && this.cur !== null ? `actor "${this.cur.name}"` : 'a step';
    this.escalate(`${who} stopped at a promise no model settles (or at real work)`);
  }

  // ── what the tracking hook reports (tracked runs) ───────────────────────────────────────────

  deferred(kind: 'tick' | 'immediate', resource: object): void {
    if (this.phase !== 'steps' || !this.stepping) return;
    if (kind === 'tick') this.stepEnd!.tick(resource as { callback?: unknown });
    else this.stepEnd!.immediate(resource as { _onImmediate?: unknown });
  }

  realResource(type: string, frame: Frame): void {
    if (this.phase !== 'steps' || this.inExternal) return;
    if (this.realWork === undefined) this.realWork = { types: [type], actor: frame.actor, entry: this.entry };
    else if (frame.actor === this.realWork.actor && !this.realWork.types.includes(type)) this.realWork.types.push(type);
  }

  promise(promise: Promise<unknown>, parent: Promise<unknown> | undefined, frame: Frame): void {
    if (this.phase === 'steps') this.sites?.record(promise, parent, frame.actor);
  }

  private choose(point: ChoicePoint): number {
    let c = this.source.choose(point);
    if (c === ABANDON) {
      this.abandoned = true;
      return -1;
    }
    if (!Number.isInteger(c) || c < 0 || c >= point.n) {
      if (this.strict) {
        this.stale ??= `replay does not fit: choice #${point.index} is ${c} but the ${point.kind} choice "${point.label}" at step ${this.steps.length} has only ${point.n} options`;
        return -1;
      }
      c = Number.isInteger(c) && c > 0 ? c % point.n : 0;
    }
    this.choices.push(c);
    this.scheduling.push(point.kind === 'schedule');
    this.owners.push(point.kind === 'schedule' ? point.actors![c]! : (this.actorNow()?.id ?? -3));
    return c;
  }

  // ── failures ────────────────────────────────────────────────────────────────────────────────

  private fail(f: RunFailure): void {
    this.failure ??= f;
  }

  private checkLeaks(): void {
    const found = this.probes.map((probe) => probe()).filter((x): x is string => typeof x === 'string');
    if (found.length > 0) this.fail(leaks(found, this.actors));
  }

  leakProbe(probe: () => string | undefined): void {
    this.probes.push(probe);
  }

  private outcome(params: unknown): RunResult {
    const r: RunResult = { ok: !this.failure, trace: new RunTrace(this.steps, this.events), choices: this.choices, params, steps: this.steps.length, preemptions: this.preemptions, owners: this.owners, scheduling: this.scheduling, tracked: this.tracked };
    if (this.escalation !== undefined) {
      r.escalate = this.escalation;
      r.sourceLog = { forced: this.forcedCalls, stepReports: this.stepReports };
      r.ok = true;
      delete r.failure;
    } else if (this.failure) r.failure = this.failure;
    if (this.abandoned) r.abandoned = true;
    return r;
  }

  // ── the Sim surface ─────────────────────────────────────────────────────────────────────────

  /**
   * Misuse after the run ended throws. Code the run left behind (an escaped actor resuming when its
   * real I/O completes, a fast attempt's actors) is stopped silently instead: the run has reported.
   */
  private checkOpen(what: string): boolean {
    if (this.phase !== 'closed') return true;
    if (this.leftBehind()) return false;
    throw new UsageError(`${what} was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check');
  }

  /** Whether the caller is code the run left behind when it ended. */
  private leftBehind(): boolean {
    return this.failure?.kind === 'escape' || this.escalation !== undefined || (this.tracked && actorContext.getStore()?.run === this);
  }

  /** A fast run's step is over (its actor parked), yet the run's code is still calling in. */
  private lateInFastStep(what: string): boolean {
    if (this.tracked || this.stepping || this.phase !== 'steps' || this.inInvariant) return false;
    this.escalate(`${what} was called after its step ended`);
    return true;
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
    return actor;
  }

  private trackedBody<T>(actor: Actor, fn: () => Promise<T> | T): () => void {
    const frame: Frame = { run: this, actor };
    actor.frame = frame;
    return () => actorContext.run(frame, () => void this.body(actor as Actor<T>, fn));
  }

  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean): Actor<void> {
    return this.spawn(name, fn, { daemon });
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

  private finished(actor: Actor): void {
    if (!actor.daemon) this.live--;
    this.touch(`actor:${actor.id}`);
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
        return Promise.reject(new UsageError(`"${label}" was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check'));
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
    op.effect = effect;
    op.resolve = captured.resolve;
    op.reject = captured.reject;
    if (a.op === null) a.op = op;
    else (a.more ??= []).push(op);
    this.finishStep();
    return parked;
  }

  result(value: unknown): void {
    if (this.entry === undefined || !this.stepping) return;
    if (this.tracked ? this.actorNow() !== this.stepper : this.cur === null) return;
    this.entry.result = value;
  }

  touch(obj: string, read = false): void {
    if (this.footprint === null) return;
    this.footprint.push(obj === '*' ? '*' : (read ? 'r:' : 'w:') + obj);
  }

  yield(label = 'yield'): Promise<void> {
    return this.point(label, { yields: true, spin: true, obj: `yield:${this.actorNow()?.id ?? -1}` });
  }

  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`sim.sleep(${ms}): the duration must be a finite number ≥ 0`);
    const a = this.actorNow();
    return this.point('sleep', { args: [ms], deadline: this.clock.now + ms, obj: `sleep:${a?.id ?? -1}`, ...(ms === 0 ? { spin: true } : {}) });
  }

  async external<T>(label: string, fn: () => Promise<T> | T, options?: { obj?: string; args?: readonly unknown[]; read?: boolean }): Promise<T> {
    await this.point(label, { obj: options?.obj ?? 'external', args: options?.args ?? NO_ARGS, ...(options?.read ? { read: true } : {}) });
    this.inExternal = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const hang = new Promise<never>((_, reject) => {
        timer = real.setTimeout(() => reject(new UsageError(`sim.external("${label}") did not settle within ${this.externalTimeoutMs} ms of real time`, 'the real call hangs: check the adapter, or raise externalTimeoutMs')), this.externalTimeoutMs);
      });
      const v = await Promise.race([Promise.resolve().then(fn), hang]);
      this.result(v);
      return v;
    } finally {
      real.clearTimeout(timer);
      this.inExternal = false;
      if (this.stepping) {
        if (this.tracked) this.stepEnd!.arm();
        else if (!sentinel.armed) armSentinel();
      }
    }
  }

  port<T extends object>(name: string, obj: T, options?: PortOptions): Port<T> {
    return makePort(this, name, obj, options);
  }

  pick<T>(label: string, options: readonly T[]): T {
    if (!Array.isArray(options) || options.length === 0) throw new UsageError(`sim.pick("${label}") needs a non-empty array of options`);
    if (options.length === 1) return options[0]!;
    return options[this.data(label, options.length)]!;
  }

  maybe(label: string): boolean {
    return this.data(label, 2) === 1;
  }

  int(label: string, min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new UsageError(`sim.int("${label}", ${min}, ${max}): min and max must be integers with min ≤ max`);
    }
    return max === min ? min : min + this.data(label, max - min + 1);
  }

  private data(label: string, n: number): number {
    if (!this.checkOpen(`sim choice "${label}"`)) return 0;
    if (this.lateInFastStep(`sim choice "${label}"`)) return 0;
    if (this.stale || this.abandoned || this.escalation !== undefined) return 0;
    const point = this.point0;
    point.kind = 'data';
    point.n = n;
    point.label = label;
    point.actors = undefined;
    point.continues = undefined;
    point.touches = undefined;
    point.index = this.choices.length;
    const c = this.choose(point);
    if (c < 0) return 0;
    if (this.entry !== undefined && (this.tracked ? this.stepping : this.cur !== null)) (this.entry.picks ??= []).push(`${label}=${c}`);
    return c;
  }

  id(prefix = 'id'): string {
    const n = (this.ids.get(prefix) ?? 0) + 1;
    this.ids.set(prefix, n);
    return `${prefix}-${n}`;
  }

  log(kind: string, data?: unknown): void {
    if (!this.checkOpen(`sim.log("${kind}")`)) return;
    if (this.lateInFastStep(`sim.log("${kind}")`)) return;
    const a = this.actorNow();
    const inStep = this.tracked ? this.stepping : a !== null;
    this.events.push({ step: inStep ? this.steps.length - 1 : -1, time: this.clock.now, actor: a?.name ?? '(setup)', kind, data });
    this.touch('log');
  }

  installGlobals(): void {
    if (!this.checkOpen('sim.installGlobals()')) return;
    if (this.uninstall) return;
    this.uninstall = installGlobals(this);
  }

  // ── actor handles ───────────────────────────────────────────────────────────────────────────

  async joinActor<T>(target: Actor<T>): Promise<T> {
    await this.point(`join ${target.name}`, {
      obj: `actor:${target.id}`,
      read: true,
      enabled: () => target.done,
      waitsFor: () => `actor "${target.name}" to finish${target.op ? ` (it waits at "${target.op.label}")` : target.done ? '' : ' (it waits on a promise)'}`,
    });
    if (target.state === 'killed') throw new ActorKilledError(target.name);
    if (target.state === 'failed' || target.state === 'cancelled') throw target.error;
    return target.value as T;
  }

  cancelActor(target: Actor, reason: unknown): boolean {
    if (!this.checkOpen(`cancel of "${target.name}"`)) return false;
    if (target.done) return false;
    this.lateInFastStep(`cancel of "${target.name}"`);
    this.touch('*');
    if (target.state === 'new') {
      // asyncio: a task cancelled before its first step never runs its body.
      target.state = 'cancelled';
      target.error = new CancelledError(reason);
      target.op = null;
      this.finished(target);
      return true;
    }
    target.cancelPending = true;
    target.cancelReason = reason;
    return true;
  }

  killActor(target: Actor): void {
    if (!this.checkOpen(`kill of "${target.name}"`)) return;
    if (target.done) return;
    this.lateInFastStep(`kill of "${target.name}"`);
    this.touch('*');
    target.state = 'killed';
    target.op = null;
    target.more = null;
    this.finished(target);
  }
}
