/**
 * The books of one run: what it has recorded (steps, events, choices and who drew them), its phase,
 * the failure it found, and the data choices and events the `Sim` records. The loop (`runLoop.ts`)
 * and the `Sim` surface (`run.ts`) build on it; the messages of the failures it finds are in
 * `runFailures.ts`.
 */
import { type Actor, type PendingOp, touchOf } from './actor.js';
import { ABANDON, type ChoicePoint, type ChoiceSource } from './choices.js';
import { VirtualClock } from './clock.js';
import { DEFAULTS } from './defaults.js';
import { AsyncInvariantError, isHang, UsageError } from './errors.js';
import type { FastWatch } from './fastWatch.js';
import { PromiseSites } from './promiseSites.js';
import { LeftWork } from './leftWork.js';
import { describe, leaks, type RunFailure } from './runFailures.js';
import { RunTrace, type SimEvent, type TraceEntry } from './trace.js';
import { actorContext, type Frame, type TrackedRun } from './tracking.js';

export type { FailureKind, RunConfig, RunFailure, RunResult, RunSettings } from './runResult.js';
import type { RunConfig, RunResult } from './runResult.js';

export type Phase = 'setup' | 'steps' | 'check' | 'closed';

export abstract class RunBooks implements TrackedRun {
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
  protected phase: Phase = 'setup';
  /** Fast runs: the actor whose step is running. Tracked runs: the actor whose operation's effect runs. */
  protected cur: Actor | null = null;
  protected last: Actor | null = null;
  protected live = 0;
  protected entry: TraceEntry | undefined;
  /** True from resuming an actor until its step is over. */
  stepping = false;
  /** The actor of the step in progress (or just ended, until `advance` has done its books). */
  protected stepper: Actor | null = null;
  protected loopEnded: (() => void) | null = null;
  protected invariant: (() => void) | null = null;
  protected inInvariant = false;
  protected readonly runnable: PendingOp[] = [];
  protected readonly options: PendingOp[] = [];
  /** One choice point, and one id list per option count, reused: sources must copy what they keep (ChoiceSource). */
  protected readonly optionIds: number[][] = [];
  protected readonly point0: { -readonly [K in keyof ChoicePoint]: ChoicePoint[K] } = { kind: 'data', n: 0, label: '', index: 0 };
  protected inExternal = false;
  protected footprint: string[] | null = null;
  /** Whether the running step's operation could block (has an `enabled` condition), for reduction. */
  protected blocking = false;
  /** The running point's `unchanged`, judged on the step's result when it ends (fair scheduling). */
  protected judgeAtEnd: ((value: unknown) => boolean) | undefined = undefined;
  /** Actors whose pending operation the running step took away (a kill), for reduction. */
  protected disabled: number[] | null = null;
  protected stale: string | undefined;
  protected abandoned = false;
  protected escalation: string | undefined;
  protected preemptions = 0;

  /**
   * A model reached through a step's result (a `Cell` inside a returned object) holds its sim: the
   * trace shows it as `<sim>` instead of writing out the run's state, which differs between the fast
   * and the tracked loop and would make one schedule's fingerprints differ.
   */
  toJSON(): string {
    return '<sim>';
  }
  /** Calls made to the source's onForced and onStep (for a re-run that continues this one). */
  protected forcedCalls = 0;
  protected stepReports = 0;
  /** Actors held back by fair scheduling (fairFrom ≥ 0). */
  protected spinners = 0;
  /** Steps so far that may have changed state (neither a read, a spin nor a failed compare-and-set), for fair scheduling. */
  protected changes = 0;
  protected ids = new Map<string, number>();
  protected names = new Set<string>();
  protected uninstall: (() => void) | undefined;
  protected readonly source: ChoiceSource;
  protected readonly strict: boolean;
  protected readonly maxSteps: number;
  protected readonly externalTimeoutMs: number;
  protected readonly leakCheck: boolean;
  protected readonly probes: Array<() => string | undefined> = [];
  readonly tracked: boolean;
  protected readonly frame: Frame;
  protected readonly sites: PromiseSites | undefined;
  protected realWork: { types: string[]; actor: Actor | null; entry: TraceEntry | undefined } | undefined;
  protected watch: FastWatch | undefined;
  protected readonly leftWork = new LeftWork();
  /** Real time ran out on a call of the run (`HangError`). */
  protected hung = false;
  /** Misuse found mid-run (an async invariant): thrown from `execute` once the run is closed. */
  protected misuse: UsageError | undefined;

  constructor(config: RunConfig) {
    this.source = config.source;
    this.strict = config.strict ?? false;
    this.maxSteps = config.maxSteps ?? DEFAULTS.maxSteps;
    this.externalTimeoutMs = config.externalTimeoutMs ?? DEFAULTS.externalTimeoutMs;
    this.leakCheck = config.leakCheck ?? false;
    this.tracked = config.tracked ?? false;
    this.frame = { run: this, actor: null };
    if (this.tracked && config.diagnose) this.sites = new PromiseSites();
  }

  get now(): number {
    return this.clock.now;
  }

  get current(): Actor | undefined {
    return this.actorNow() ?? undefined;
  }

  /** The actor whose code is running: the step's in a fast run, the async context's in a tracked one. */
  protected actorNow(): Actor | null {
    if (!this.tracked || this.cur !== null) return this.cur;
    const f = actorContext.getStore();
    return f !== undefined && f.run === this ? f.actor : null;
  }

  /** Whether the run executes real modules (see beginStep's footprints). */
  protected realCode(): boolean {
    return this.tracked || this.uninstall !== undefined;
  }

  protected endLoop(): void {
    const end = this.loopEnded;
    this.loopEnded = null;
    end?.();
  }

  protected checkInvariant(): void {
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

  protected choose(point: ChoicePoint): number {
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

  protected fail(f: RunFailure): void {
    this.failure ??= f;
  }

  protected checkLeaks(): void {
    const found = this.probes.map((probe) => probe()).filter((x): x is string => typeof x === 'string');
    if (found.length > 0) this.fail(leaks(found, this.actors));
  }

  leakProbe(probe: () => string | undefined): void {
    this.probes.push(probe);
  }

  protected outcome(params: unknown): RunResult {
    const r: RunResult = { ok: !this.failure, trace: new RunTrace(this.steps, this.events, params), choices: this.choices, params, steps: this.steps.length, preemptions: this.preemptions, owners: this.owners, scheduling: this.scheduling, tracked: this.tracked };
    if (this.escalation !== undefined) {
      r.escalate = this.escalation;
      r.sourceLog = { forced: this.forcedCalls, stepReports: this.stepReports };
      r.ok = true;
      delete r.failure;
    } else if (this.failure) r.failure = this.failure;
    if (this.abandoned) r.abandoned = true;
    if (this.hung || isHang(this.failure?.error)) r.hung = true;
    return r;
  }

  // ── the Sim surface ─────────────────────────────────────────────────────────────────────────

  /**
   * Misuse after the run ended throws. Code the run left behind (an escaped actor resuming when its
   * real I/O completes, a fast attempt's actors) is stopped silently instead: the run has reported.
   */
  protected checkOpen(what: string): boolean {
    if (this.phase !== 'closed') return true;
    if (this.leftBehind()) return false;
    throw new UsageError(`${what} was called after the run ended`, 'models and the sim belong to one run; keep them inside setup, actors, invariant and check');
  }

  /** Whether the caller is code the run left behind when it ended. */
  protected leftBehind(): boolean {
    return this.failure?.kind === 'escape' || this.escalation !== undefined || this.leftWork.any || (this.tracked && actorContext.getStore()?.run === this);
  }

  /** A fast run's step is over (its actor parked), yet the run's code is still calling in. */
  protected lateInFastStep(what: string): boolean {
    if (this.tracked || this.stepping || this.phase !== 'steps' || this.inInvariant) return false;
    this.escalate(`${what} was called after its step ended`);
    return true;
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

  protected data(label: string, n: number): number {
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

  realResource(type: string, frame: Frame, resource: object): void {
    if (this.phase === 'closed' || this.inExternal) return;
    this.leftWork.seen(type, resource, this.phase);
    if (this.phase !== 'steps') return;
    if (this.realWork === undefined) this.realWork = { types: [type], actor: frame.actor, entry: this.entry };
    else if (frame.actor === this.realWork.actor && !this.realWork.types.includes(type)) this.realWork.types.push(type);
  }

  promise(promise: Promise<unknown>, parent: Promise<unknown> | undefined, frame: Frame): void {
    if (this.phase === 'steps') this.sites?.record(promise, parent, frame.actor);
  }

  touch(obj: string, read = false): void {
    if (this.footprint === null) return;
    this.footprint.push(obj === '*' ? '*' : (read ? 'r:' : 'w:') + obj);
  }

  /** Fast runs: stop, and let `executeRun` run this schedule again tracked (see `runLoop.ts`). */
  abstract escalate(reason: string): void;
  abstract deferred(kind: 'tick' | 'immediate', resource: object, frame: Frame): void;

  result(value: unknown): void {
    if (this.entry === undefined || !this.stepping) return;
    if (this.tracked ? this.actorNow() !== this.stepper : this.cur === null) return;
    this.entry.result = value;
  }

  protected finished(actor: Actor): void {
    if (!actor.daemon) this.live--;
    this.touch(`actor:${actor.id}`);
  }

  protected touchesOf(options: PendingOp[], count: number, stall: boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(touchOf(options[i]!));
    if (stall) out.push('*');
    return out;
  }
}
