/** The one home of every default a run or a campaign falls back on (docs/architecture.md). */
export const DEFAULTS = {
  /** Steps per run before `step-limit`. */
  maxSteps: 10_000,
  /** Real time one `sim.external` call may take before it is a hang. */
  externalTimeoutMs: 30_000,
  /** Real time one adapter call of a contract suite may take before it is a hang. */
  callTimeoutMs: 5_000,
  /** Schedules `explore` runs. */
  runs: 1000,
  /** PCT's depth. */
  depth: 3,
  /** Schedules a contract suite explores per property. */
  contractRuns: 300,
  /** Candidate runs the shrinker may try. */
  shrinkBudget: 5000,
  /** Real time the shrinker may take before it reports the smallest repro so far. */
  shrinkTimeMs: 120_000,
} as const;
