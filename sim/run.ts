/**
 * One run: the scheduler loop, the actors, the clock and the checks of ARCHITECTURE §1–4. A `Run` is
 * the `Sim` that setup, actors and models see. One actor runs at a time; between two steps the run
 * asks its choice source which pending operation goes next.
 */
import { Actor, type ActorHost, type PendingOp } from './actor.js';
import { ABANDON, type ChoicePoint, type ChoiceSource, STALL } from './choices.js';
import { VirtualClock } from './clock.js';
import { ActorKilledError, CancelledError, StaleReplayError, UsageError } from './errors.js';
import { installGlobals } from './globals.js';
import type { Scenario } from './scenario.js';
import type { PointOptions, Sim } from './sim.js';
import { RunTrace, type SimEvent, type Trace, type TraceEntry } from './trace.js';
import { armWatchdog, real, releaseWatchdog, type Watched } from './watchdog.js';

export type FailureKind = 'error' | 'invariant' | 'check' | 'deadlock' | 'step-limit' | 'escape' | 'nondeterminism';

export interface RunFailure {
  kind: FailureKind;
  message: string;
  /** The actor that failed, when one did. */
  actor?: string;
  /** The thrown value, for `error`, `invariant` and `check`. */
  error?: unknown;
}

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
  /** Per choice: the actor it scheduled or whose step drew it (for schedule-level shrinking). */
  owners: number[];
  /** Per choice: whether it was a schedule choice. */
  scheduling: boolean[];
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

type Phase = 'setup' | 'steps' | 'check' | 'closed';

/** What a pending operation touches, for reduction: no object, or `*`, means everything. */
function touchOf(op: PendingOp): string {
  return op.obj === undefined || op.obj === '*' ? '*' : (op.read ? 'r:' : 'w:') + op.obj;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export class Run implements Sim, ActorHost, Watched {
  readonly clock = new VirtualClock();
  readonly actors: Actor[] = [];
  readonly events: SimEvent[] = [];
  readonly steps: TraceEntry[] = [];
  readonly choices: number[] = [];
  /** Per choice: the actor it scheduled (schedule choices) or the actor whose step drew it (data). */
  readonly owners: number[] = [];
  /** Per choice: whether it was a schedule choice. */
  readonly scheduling: boolean[] = [];
  failure: RunFailure | undefined;
  private phase: Phase = 'setup';
  private cur: Actor | null = null;
  private last: Actor | null = null;
  private live = 0;
  private entry: TraceEntry | undefined;
  /** True from resuming an actor until it parks, finishes, throws or escapes. */
  private stepping = false;
  /** The watchdog is armed for this run until a macrotask fires it (see onMacrotask). */
  private watched = false;
  /** The actor of the step in progress (or just ended, until `advance` has done its books). */
  private stepper: Actor | null = null;
  private loopEnded: (() => void) | null = null;
  private invariant: (() => void) | null = null;
  private inInvariant = false;
  private readonly runnable: Actor[] = [];
  private readonly options: Actor[] = [];
  /** One choice point, and one id list per option count, reused: sources must copy what they keep (ChoiceSource). */
  private readonly optionIds: number[][] = [];
  private readonly point0: { -readonly [K in keyof ChoicePoint]: ChoicePoint[K] } = { kind: 'data', n: 0, label: '', index: 0 };
  private inExternal = false;
  private footprint: string[] | null = null;
  private stale: string | undefined;
  private abandoned = false;
  private preemptions = 0;
  private ids = new Map<string, number>();
  private names = new Set<string>();
  private uninstall: (() => void) | undefined;
  private readonly source: ChoiceSource;
  private readonly strict: boolean;
  private readonly maxSteps: number;
  private readonly externalTimeoutMs: number;
  private readonly leakCheck: boolean;
  private readonly probes: Array<() => string | undefined> = [];

  constructor(config: RunConfig) {
    this.source = config.source;
    this.strict = config.strict ?? false;
    this.maxSteps = config.maxSteps ?? 10_000;
    this.externalTimeoutMs = config.externalTimeoutMs ?? 30_000;
    this.leakCheck = config.leakCheck ?? false;
  }

  get now(): number {
    return this.clock.now;
  }

  get current(): Actor | undefined {
    return this.cur ?? undefined;
  }

  // ── the loop ────────────────────────────────────────────────────────────────────────────────

  async execute<W, P>(scenario: Scenario<W, P>, params: P): Promise<RunResult> {
    let world!: W;
    try {
      world = await scenario.setup(this, params);
    } catch (e) {
      this.fail({ kind: 'error', message: `setup threw ${describe(e)}`, error: e });
    }
    try {
      this.phase = 'steps';
      if (!this.failure && !this.stale) {
        const invariant = scenario.invariant;
        if (invariant) this.invariant = () => invariant(world, this);
        await new Promise<void>((resolve) => {
          this.loopEnded = resolve;
          this.advance();
        });
      }
      if (this.stale) throw new StaleReplayError(this.stale, 'the scenario changed since this token was recorded; run explore again to get a fresh token');
      if (!this.failure && !this.abandoned && scenario.check) {
        this.phase = 'check';
        try {
          await scenario.check(world, this);
        } catch (e) {
          this.fail({ kind: 'check', message: `check failed: ${describe(e)}`, error: e });
        }
      }
      if (!this.failure && !this.abandoned && this.leakCheck) this.checkLeaks();
    } finally {
      this.phase = 'closed';
      releaseWatchdog(this);
      this.uninstall?.();
    }
    return this.outcome(params);
  }

  /**
   * The scheduler loop, as a state machine rather than an async loop: it runs until it has resumed
   * an actor, and `finishStep` queues it again once that actor parks, finishes or throws. One
   * microtask hop per step and no per-step closures keep the hot path close to a bare resume loop.
   */
  private readonly advance = (): void => {
    if (this.stepper !== null) this.afterStep();
    for (;;) {
      if (this.failure || this.stale || this.abandoned || this.live === 0) return this.endLoop();
      if (this.steps.length >= this.maxSteps) {
        this.failStepLimit();
        return this.endLoop();
      }
      const runnable = this.runnable;
      let count = 0;
      // The next deadline a stall may jump to, and the next one of all (instant actors' included).
      let deadline = Infinity;
      let idleDeadline = Infinity;
      let timed = false;
      const now = this.clock.now;
      let lastRunnable = false;
      const last = this.last;
      const actors = this.actors;
      for (let i = 0; i < actors.length; i++) {
        const a = actors[i]!;
        const op = a.op;
        if (op === null) continue;
        if ((a.cancelPending && op.noCancel !== true) || this.ready(op, now)) {
          runnable[count++] = a;
          if (a === last) lastRunnable = true;
          if (!a.instant) timed = true;
        } else if (op.deadline !== undefined) {
          if (op.deadline < idleDeadline) idleDeadline = op.deadline;
          if (op.deadline < deadline && !a.instant) deadline = op.deadline;
        }
      }
      if (count === 0) {
        if (idleDeadline !== Infinity) {
          this.clock.advanceTo(idleDeadline);
          continue;
        }
        this.failDeadlock();
        return this.endLoop();
      }
      if (!timed) deadline = Infinity;
      const continues = lastRunnable && last!.op!.yields !== true;
      const options = this.options;
      if (continues) {
        options[0] = last!;
        let j = 1;
        for (let i = 0; i < count; i++) if (runnable[i] !== last) options[j++] = runnable[i]!;
      } else {
        // Round-robin after the actor that ran last, so a spin-wait that yields never starves the
        // actor it waits for in the all-zeros schedule.
        let k = 0;
        if (last !== null) {
          while (k < count && runnable[k]!.id <= last.id) k++;
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
        for (let i = 0; i < count; i++) ids[i] = options[i]!.id;
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
      } else if (this.source.onForced?.(options[0]!.id) === ABANDON) {
        this.abandoned = true;
        return this.endLoop();
      }
      if (choice === count) {
        this.stall(deadline, choice, n);
        this.checkInvariant();
        continue;
      }
      const actor = options[choice < 0 ? 0 : choice]!;
      const preempted = continues && choice > 0;
      if (preempted) this.preemptions++;
      return this.beginStep(actor, choice, n, preempted);
    }
  };

  private touchesOf(options: Actor[], count: number, stall: boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      out.push(touchOf(options[i]!.op!));
    }
    if (stall) out.push('*');
    return out;
  }

  private endLoop(): void {
    const end = this.loopEnded;
    this.loopEnded = null;
    end?.();
  }

  private checkInvariant(): void {
    if (this.invariant === null || this.failure || this.stale || this.abandoned) return;
    this.inInvariant = true;
    try {
      this.invariant();
    } catch (e) {
      this.fail({ kind: 'invariant', message: `invariant failed: ${describe(e)}`, error: e });
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
    this.source.onStep?.(STALL_FOOTPRINT, STALL);
  }

  private beginStep(actor: Actor, choice: number, n: number, preempted: boolean): void {
    const op = actor.op!;
    actor.op = null;
    const entry: TraceEntry = { step: this.steps.length, time: this.clock.now, actor: actor.name, actorId: actor.id, op: op.label, args: op.args ?? NO_ARGS, choice, options: n, preempted };
    this.steps.push(entry);
    this.entry = entry;
    this.cur = actor;
    this.last = actor;
    this.stepper = actor;
    actor.steps++;
    if (this.source.wantsFootprints) this.footprint = [touchOf(op)];
    this.stepping = true;
    if (!this.watched) {
      armWatchdog(this);
      this.watched = true;
    }
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
        return;
      }
      if (entry.result === undefined) entry.result = value;
      op.resolve(value);
    } else {
      op.resolve();
    }
  }

  private afterStep(): void {
    const actor = this.stepper!;
    this.stepper = null;
    this.cur = null;
    if (this.footprint !== null) {
      this.source.onStep?.(this.footprint, actor.id);
      this.footprint = null;
    }
    this.checkInvariant();
  }

  /** The running step is over: its actor parked, finished, threw, or escaped. */
  private finishStep(): void {
    if (this.stepping) {
      this.stepping = false;
      // A native promise reaction: cheaper than queueMicrotask, which wraps every callback.
      void RESOLVED.then(this.advance);
    }
  }

  onMacrotask(): void {
    this.watched = false;
    if (!this.stepping || this.inExternal || this.phase !== 'steps') return;
    const a = this.cur!;
    this.fail({
      kind: 'escape',
      actor: a.name,
      message:
        `actor "${a.name}" escaped the simulation after its scheduling point "${this.entry?.op}" (step ${this.entry?.step}): ` +
        'it neither reached another scheduling point nor finished before a real macrotask turn passed, so it is awaiting ' +
        'something outside the simulation (a real timer, real I/O, or a promise no model controls). Route it through a ' +
        'model, call sim.installGlobals() for timers, or wrap an atomic real call in sim.external(label, fn).',
    });
    this.finishStep();
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
    this.owners.push(point.kind === 'schedule' ? point.actors![c]! : (this.cur?.id ?? -3));
    return c;
  }

  // ── failures ────────────────────────────────────────────────────────────────────────────────

  private fail(f: RunFailure): void {
    this.failure ??= f;
  }

  private failDeadlock(): void {
    const lines: string[] = [];
    for (const a of this.actors) {
      if (a.done || a.op === null) continue;
      const what = a.op.waitsFor?.() ?? 'an operation that never became runnable';
      lines.push(`  ${a.name} waits at "${a.op.label}" for ${what}`);
    }
    this.fail({
      kind: 'deadlock',
      message: `deadlock: no actor can run and no timer is pending.\n${lines.join('\n')}\nEach actor above waits for something only another blocked actor can give.`,
    });
  }

  private checkLeaks(): void {
    const leaks = this.probes.map((probe) => probe()).filter((x): x is string => typeof x === 'string');
    const killed = this.actors.filter((a) => a.state === 'killed').map((a) => a.name);
    if (leaks.length === 0) return;
    this.fail({
      kind: 'check',
      message: `leak check: ${leaks.join('; ')}${killed.length ? ` (killed actors: ${killed.join(', ')})` : ''} — release every resource on every path (try/finally), or turn leakCheck off if holding it past the run is intended`,
    });
  }

  leakProbe(probe: () => string | undefined): void {
    this.probes.push(probe);
  }

  private failStepLimit(): void {
    const per = this.actors.filter((a) => a.steps > 0).sort((a, b) => b.steps - a.steps).slice(0, 8).map((a) => `${a.name} ${a.steps}`);
    this.fail({
      kind: 'step-limit',
      message: `exceeded maxSteps (${this.maxSteps}) without finishing — this might be caused by a spin loop or a livelock. Steps per actor: ${per.join(', ')}. If the scenario legitimately needs more, raise maxSteps.`,
    });
  }

  private outcome(params: unknown): RunResult {
    const r: RunResult = { ok: !this.failure, trace: new RunTrace(this.steps, this.events), choices: this.choices, params, steps: this.steps.length, preemptions: this.preemptions, owners: this.owners, scheduling: this.scheduling };
    if (this.failure) r.failure = this.failure;
    if (this.abandoned) r.abandoned = true;
    return r;
  }

  // ── the Sim surface ─────────────────────────────────────────────────────────────────────────

  private checkOpen(what: string): void {
    if (this.phase === 'closed') throw new UsageError(`${what} was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check');
  }

  spawn<T>(name: string, fn: () => Promise<T> | T, options?: { daemon?: boolean }): Actor<T> {
    this.checkOpen(`sim.spawn("${name}")`);
    if (typeof fn !== 'function') throw new UsageError(`sim.spawn("${name}") needs a function as its second argument`);
    let unique = name;
    for (let i = 2; this.names.has(unique); i++) unique = `${name}#${i}`;
    this.names.add(unique);
    const actor = new Actor<T>(this, this.actors.length, unique, options?.daemon ?? false);
    this.actors.push(actor as Actor);
    if (!actor.daemon) this.live++;
    actor.op = {
      label: 'start',
      obj: `actor:${actor.id}`,
      resolve: () => void this.body(actor, fn),
      reject: () => {},
    };
    return actor;
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
    if (this.cur === actor) this.finishStep();
  }

  private finished(actor: Actor): void {
    if (!actor.daemon) this.live--;
    this.touch(`actor:${actor.id}`);
  }

  point(label: string, options?: PointOptions): Promise<void> {
    return this.op(label, options, undefined) as Promise<void>;
  }

  op<T>(label: string, options: PointOptions | undefined, effect: (() => T) | undefined): Promise<T> {
    const a = this.cur;
    // Misuse surfaces as a rejected promise, as it would from an async model method.
    if (this.phase !== 'steps' || a === null) {
      if (this.phase === 'setup' || this.phase === 'check' || this.inInvariant) {
        const where = this.phase === 'setup' ? 'setup' : this.inInvariant ? 'invariant' : 'check';
        return Promise.reject(new UsageError(`"${label}" was called from ${where}`, `model operations are scheduling points: call them inside an actor (sim.spawn), and read state in ${where} through the model's plain getters`));
      }
      if (this.phase === 'closed' && this.failure?.kind !== 'escape') {
        return Promise.reject(new UsageError(`"${label}" was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check'));
      }
      if (this.phase === 'steps') {
        this.fail({ kind: 'escape', message: `"${label}" was called between steps, outside any actor: a detached promise chain is running outside the simulation. Await every model call inside the actor that makes it.` });
      }
      return NEVER;
    }
    if (a.op !== null) {
      return Promise.reject(new UsageError(`actor "${a.name}" started "${label}" while "${a.op.label}" was still pending`, 'one actor runs one operation at a time: await each call, or spawn another actor for concurrent work'));
    }
    if (a.state === 'killed') {
      this.finishStep();
      return NEVER;
    }
    a.lastPoint = label;
    const parked = new Promise<T>(capture);
    const o = options ?? NO_OPTIONS;
    const op = a.slot;
    op.label = label;
    op.args = o.args;
    op.obj = o.obj;
    op.read = o.read;
    op.enabled = o.enabled;
    op.deadline = o.deadline;
    op.waitsFor = o.waitsFor;
    op.yields = o.yields;
    op.noCancel = o.noCancel;
    op.effect = effect;
    op.resolve = captured.resolve;
    op.reject = captured.reject;
    a.op = op;
    this.finishStep();
    return parked;
  }

  result(value: unknown): void {
    if (this.entry !== undefined && this.cur !== null) this.entry.result = value;
  }

  touch(obj: string, read = false): void {
    if (this.footprint === null) return;
    this.footprint.push(obj === '*' ? '*' : (read ? 'r:' : 'w:') + obj);
  }

  yield(label = 'yield'): Promise<void> {
    return this.point(label, { yields: true, obj: `yield:${this.cur?.id ?? -1}` });
  }

  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`sim.sleep(${ms}): the duration must be a finite number ≥ 0`);
    const a = this.cur;
    return this.point('sleep', { args: [ms], deadline: this.clock.now + ms, obj: `sleep:${a?.id ?? -1}` });
  }

  async external<T>(label: string, fn: () => Promise<T> | T, options?: { obj?: string; args?: readonly unknown[] }): Promise<T> {
    await this.point(label, { obj: options?.obj ?? 'external', args: options?.args ?? NO_ARGS });
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
        armWatchdog(this);
        this.watched = true;
      }
    }
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
    this.checkOpen(`sim choice "${label}"`);
    if (this.stale || this.abandoned) return 0;
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
    if (this.entry !== undefined && this.cur !== null) (this.entry.picks ??= []).push(`${label}=${c}`);
    return c;
  }

  id(prefix = 'id'): string {
    const n = (this.ids.get(prefix) ?? 0) + 1;
    this.ids.set(prefix, n);
    return `${prefix}-${n}`;
  }

  log(kind: string, data?: unknown): void {
    this.checkOpen(`sim.log("${kind}")`);
    this.events.push({ step: this.cur ? this.steps.length - 1 : -1, time: this.clock.now, actor: this.cur?.name ?? '(setup)', kind, data });
    this.touch('log');
  }

  installGlobals(): void {
    this.checkOpen('sim.installGlobals()');
    if (this.uninstall) return;
    this.uninstall = installGlobals(this);
  }

  // ── actor handles ───────────────────────────────────────────────────────────────────────────

  async joinActor<T>(target: Actor<T>): Promise<T> {
    await this.point(`join ${target.name}`, {
      obj: `actor:${target.id}`,
      read: true,
      enabled: () => target.done,
      waitsFor: () => `actor "${target.name}" to finish${target.op ? ` (it waits at "${target.op.label}")` : ''}`,
    });
    if (target.state === 'killed') throw new ActorKilledError(target.name);
    if (target.state === 'failed' || target.state === 'cancelled') throw target.error;
    return target.value as T;
  }

  cancelActor(target: Actor, reason: unknown): boolean {
    this.checkOpen(`cancel of "${target.name}"`);
    if (target.done) return false;
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
    this.checkOpen(`kill of "${target.name}"`);
    if (target.done) return;
    this.touch('*');
    target.state = 'killed';
    target.op = null;
    this.finished(target);
  }
}
