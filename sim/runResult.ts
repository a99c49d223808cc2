/** What one run is given (its config and settings) and what it gives back (its result). */
import type { ChoiceSource } from './choices.js';
import type { RunFailure } from './runFailures.js';
import type { Trace } from './trace.js';

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
  /** Real time ran out on one of its calls (a hang): re-running it waits the deadline out again. */
  hung?: boolean;
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
  /** Track async contexts from the start (see `runLoop.ts`). */
  tracked?: boolean;
  /** Tracked runs: remember where each promise was created, for a deadlock's message. */
  diagnose?: boolean;
}
