/**
 * The scheduler loop of one run (docs/architecture.md, "Execution model"): between two steps it asks
 * the choice source which pending operation goes next, then resumes it. Two ways to tell when a
 * step is over, one semantics:
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
import { type Actor, deadlineOf, type PendingOp, touchOf } from './actor.js';
import { ABANDON, STALL } from './choices.js';
import { CancelledError } from './errors.js';
import { holdBackClock, holdBackSpinners, SPIN_BOUND } from './fairness.js';
import { armSentinel, sentinel } from './fastWatch.js';
import { RunBooks, type RunConfig } from './runBooks.js';
import { deadlock, escape, stepLimit } from './runFailures.js';
import { StepEnd } from './stepEnd.js';
import type { TraceEntry } from './trace.js';
import { actorContext } from './tracking.js';

const RESOLVED = Promise.resolve();
const NO_ARGS: readonly unknown[] = [];
const STALL_FOOTPRINT = ['*'];


export abstract class RunLoop extends RunBooks {
  protected readonly stepEnd: StepEnd | undefined;

  /**
   * The scheduler loop, as a state machine rather than an async loop: it runs until it has resumed
   * an actor, and the step's end queues it again. One microtask hop per step and no per-step
   * closures keep the fast path close to a bare resume loop.
   */
  protected readonly advance = (): void => {
    if (this.stepper !== null) this.afterStep();
    for (;;) {
      if (this.failure || this.stale || this.abandoned || this.misuse || this.escalation !== undefined) return this.endLoop();
      const runnable = this.runnable;
      let count = 0;
      // The next deadline a stall may jump to, and the next one of all (instant actors' included).
      let deadline = Infinity;
      let idleDeadline = Infinity;
      let timed = false;
      const now = this.clock.now;
      let lastFirst: PendingOp | null = null;
      // Once every actor function has settled, the run goes on while work they started and did not
      // await (a fire-and-forget write, a timer still referenced) can go on: in Node that work still
      // completes. Work only daemons or blocked leftovers hold does not keep it alive.
      const leftover = this.live === 0;
      let alive = !leftover;
      const last = this.last;
      const actors = this.actors;
      for (let i = 0; i < actors.length; i++) {
        const a = actors[i]!;
        let op = a.op;
        if (op === null) continue;
        const more = a.more;
        for (let k = -1; ; ) {
          // Read once per choice: a model's deadline function may walk its state.
          const d = deadlineOf(op);
          if ((a.cancelPending && op.noCancel !== true) || this.ready(op, now, d)) {
            runnable[count++] = op;
            if (a === last && lastFirst === null) lastFirst = op;
            if (!a.instant) timed = true;
            if (leftover && !a.daemon) alive = true;
          } else if (d !== undefined) {
            if (d < idleDeadline) idleDeadline = d;
            if (d < deadline && !a.instant) deadline = d;
            if (leftover && !a.daemon) alive = true;
          }
          if (more === null || ++k >= more.length) break;
          op = more[k]!;
        }
      }
      if (!alive) return this.endLoop();
      if (this.steps.length >= this.maxSteps) {
        this.fail(stepLimit(this.maxSteps, this.actors, this.steps));
        return this.endLoop();
      }
      if (this.spinners > 0) {
        count = holdBackSpinners(runnable, count);
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
      if (!timed || (deadline !== Infinity && holdBackClock(runnable, count))) deadline = Infinity;
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
        for (let i = 0; i < count; i++) options[i]!.actor.passedOver++;
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

  /** `d`: the op's deadline, read for this choice. */
  protected ready(op: PendingOp, now: number, d: number | undefined): boolean {
    if (d !== undefined && now >= d) return true;
    if (op.enabled !== undefined) return op.enabled();
    return d === undefined;
  }

  protected stall(deadline: number, choice: number, n: number): void {
    const from = this.clock.now;
    this.steps.push({ step: this.steps.length, time: from, actor: '(clock)', actorId: STALL, op: 'stall', args: [deadline - from], choice, options: n, preempted: false });
    this.clock.advanceTo(deadline);
    this.stepReports++;
    this.source.onStep?.(STALL_FOOTPRINT, STALL);
  }

  protected beginStep(op: PendingOp, choice: number, n: number, preempted: boolean): void {
    const actor = op.actor;
    if (actor.more === null) actor.op = null;
    else this.takeOp(actor, op);
    const index = this.steps.length;
    const entry: TraceEntry = { step: index, time: this.clock.now, actor: actor.name, actorId: actor.id, op: op.label, args: op.args ?? NO_ARGS, choice, options: n, preempted };
    this.steps.push(entry);
    this.entry = entry;
    this.cur = actor;
    this.last = actor;
    this.stepper = actor;
    actor.steps++;
    actor.lastStep = index;
    actor.passedOver = 0;
    // Spin steps count within a streak that another actor's step which may change state (neither
    // a read, a spin nor a failed compare-and-set) ends, and with it any hold. Other pollers' steps
    // do not end it: two actors spinning by turns would otherwise reset each other for ever and
    // starve the one they wait for. An op that may change nothing (`unchanged`) counts after its effect.
    const mayChange = op.spin !== true && op.read !== true;
    if (actor.spins !== 0 && this.changes - actor.streakBase > actor.ownChanges) {
      actor.spins = 0;
      if (actor.fairFrom >= 0) {
        actor.fairFrom = -1;
        this.spinners--;
      }
    }
    if (mayChange && op.unchanged === undefined) this.countChange(actor);
    if (op.spin === true) {
      if (actor.spins === 0) {
        actor.streakBase = this.changes;
        actor.ownChanges = 0;
      }
      if (++actor.spins > SPIN_BOUND) {
        if (actor.fairFrom < 0) this.spinners++;
        actor.fairFrom = index;
      }
    }
    // A tracked step, or one on installed globals, runs real code, whose shared state (a library's
    // lock, a cache) no model declares: it may conflict with anything, so its footprint holds `*`
    // (reduction treats it as touching everything) next to the object its operation declares (what
    // the heuristics — POS's races, coverage's pairs — go by).
    if (this.source.wantsFootprints) {
      const touch = touchOf(op);
      this.footprint = !this.realCode() ? [touch] : touch === '*' ? ['*'] : [touch, '*'];
      this.blocking = op.enabled !== undefined;
    }
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
      if (mayChange && op.unchanged !== undefined && !op.unchanged(value)) this.countChange(actor);
      op.resolve(value);
    } else {
      // A point's model records its result as the step runs: whether it changed anything is
      // judged on that at the step's end (a failed tryLock, an empty tryRecv).
      if (mayChange && op.unchanged !== undefined) this.judgeAtEnd = op.unchanged;
      op.resolve();
    }
    // Tracked runs: past the effect, who runs is whoever's async context the code is in.
    if (this.tracked) this.cur = null;
  }

  /** A step that may have changed state: it ends other actors' spin streaks (fair scheduling). */
  private countChange(actor: Actor): void {
    this.changes++;
    if (actor.spins !== 0) actor.ownChanges++;
  }

  /** Removes `op` from an actor with several operations in flight (tracked runs). */
  protected takeOp(actor: Actor, op: PendingOp): void {
    const more = actor.more!;
    if (actor.op === op) actor.op = more.shift() ?? null;
    else more.splice(more.indexOf(op), 1);
    if (more.length === 0) actor.more = null;
  }

  protected afterStep(): void {
    const actor = this.stepper!;
    this.stepper = null;
    this.cur = null;
    if (this.judgeAtEnd !== undefined) {
      if (!this.judgeAtEnd(this.entry?.result)) this.countChange(actor);
      this.judgeAtEnd = undefined;
    }
    if (this.realWork !== undefined) {
      const w = this.realWork;
      this.fail(escape(w.actor, w.types, w.entry));
    }
    if (this.footprint !== null) {
      this.stepReports++;
      this.source.onStep?.(this.footprint, actor.id, this.blocking, this.disabled ?? undefined);
      this.footprint = null;
      this.disabled = null;
    }
    this.checkInvariant();
  }

  /** Fast runs: the running step is over — its actor parked, finished, threw, or escaped. */
  protected finishStep(): void {
    if (this.stepping && !this.tracked) {
      this.stepping = false;
      // A native promise reaction: cheaper than queueMicrotask, which wraps every callback.
      void RESOLVED.then(this.advance);
    }
  }

  /** Tracked runs: everything the step set off has run. */
  protected readonly stepOver = (): void => {
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

  constructor(config: RunConfig) {
    super(config);
    if (this.tracked) this.stepEnd = new StepEnd(this.stepOver, () => this.inExternal);
  }
}
