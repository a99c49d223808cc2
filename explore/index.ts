/**
 * interleave — deterministic concurrency simulation testing. The public API of docs/architecture.md, "Layers".
 */
export { Actor, type ActorState } from '../sim/actor.js';
export { EPOCH } from '../sim/clock.js';
export { type ChoicePoint, type ChoiceSource, type Footprint, STALL } from '../sim/choices.js';
export { ActorKilledError, CancelledError, HangError, InterleaveError, StaleReplayError, UsageError } from '../sim/errors.js';
export { explore, type ExploreResult } from './explore.js';
export type { CoverageReport } from './coverage.js';
export type { Failure } from './failure.js';
export { type ExploreOptions, STRATEGIES, type StrategyName } from './options.js';
export type { ShrinkProgress } from './shrink/shrinker.js';
export { replay, type ReplayResult } from './replay.js';
export { type FailureKind, type RunFailure, type RunResult } from '../sim/run.js';
export { runOnce, type RunOnceOptions } from './runOnce.js';
export { defineScenario, isScenario, type Scenario, type ScenarioSpec } from '../sim/scenario.js';
export { schedule, type Schedule } from './schedule.js';
export type { PointOptions, Sim } from '../sim/sim.js';
export { type Exhausted } from './strategies/strategy.js';
export { decodeToken, encodeToken, type ReplayToken } from './token.js';
export type { SimEvent, Trace, TraceEntry } from '../sim/trace.js';
