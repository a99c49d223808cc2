/**
 * Renderers of a failure, one per format. Each takes the same view of a failure (or of a replayed
 * run) and returns a string.
 */
import { UsageError } from '../sim/errors.js';
import type { Trace } from '../sim/trace.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export type ReportFormat = 'text' | 'md' | 'html' | 'json';

/** What every renderer needs: a failure, or a replayed run that may have passed. */
export interface ReportView {
  scenario: string;
  kind?: string | undefined;
  message?: string | undefined;
  /** The actor that failed, when one did: its last step is the one highlighted. */
  actor?: string | undefined;
  trace: Trace;
  token?: string | undefined;
  replayCommand?: string | undefined;
  params?: unknown;
  steps?: number;
  preemptions?: number;
  stepsBeforeShrink?: number;
  preemptionsBeforeShrink?: number;
  firstFoundAt?: number;
  seed?: string;
  /** A livelock's repeating steps (step-limit): timelines stop after one round of the cycle. */
  cycle?: { from: number; length: number } | undefined;
  /** What the failing check threw: a `linearizable` violation adds its picture to the HTML report. */
  error?: unknown;
}

export interface RenderOptions {
  /** Terminal columns for the text format (default 120); the other formats ignore it. */
  width?: number;
}

const renderers: Record<ReportFormat, (v: ReportView, options: RenderOptions) => string> = {
  text: renderText,
  md: (v) => renderMarkdown(v),
  html: (v) => renderHtml(v),
  json: (v) => renderJson(v),
};

export function render(view: ReportView, format: ReportFormat = 'text', options: RenderOptions = {}): string {
  const fn = renderers[format];
  if (!fn) throw new UsageError(`unknown report format "${format}"`, 'use one of: text, md, html, json');
  return fn(view, options);
}
