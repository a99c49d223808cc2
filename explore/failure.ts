import { render, type ReportFormat, type ReportView } from '../reports/render.js';
import type { FailureKind, RunFailure } from '../sim/run.js';
import type { Trace } from '../sim/trace.js';

/**
 * A failure as explore reports it: what the run detected (a {@link RunFailure}), the minimal
 * schedule, and how to replay it — itself the view every renderer draws (a {@link ReportView}).
 */
export interface Failure extends RunFailure, ReportView {
  kind: FailureKind;
  message: string;
  scenario: string;
  /** 1-based index of the schedule that first failed. */
  firstFoundAt: number;
  /** The strategy (portfolio member) whose schedule failed first. */
  foundBy: string;
  /** The exploration's seed. */
  seed: string;
  token: string;
  /** The exact command that replays this failure. */
  replayCommand: string;
  /** The trace of the minimal (shrunk) schedule. */
  trace: Trace;
  params: unknown;
  choices: number[];
  stepsBeforeShrink: number;
  steps: number;
  preemptionsBeforeShrink: number;
  preemptions: number;
  /** Accepted shrink steps and candidate runs tried. */
  shrinks: number;
  shrinkRuns: number;
  /** Renders the failure: a per-actor text timeline (default), Markdown, HTML or JSON. */
  report(format?: ReportFormat): string;
}

export function withReport<T extends Omit<Failure, 'report'>>(f: T): T & Pick<Failure, 'report'> {
  const out = f as T & Pick<Failure, 'report'>;
  Object.defineProperty(out, 'report', { value: (format: ReportFormat = 'text') => render(out, format), enumerable: false });
  return out;
}
