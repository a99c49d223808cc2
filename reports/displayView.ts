/**
 * A report view whose one-line fields (scenario, kind, actor and operation names, picks, event
 * kinds, the seed, the token and replay command) are safe to show: control characters, CR/LF, line
 * separators and bidi controls escaped by the one sanitiser (`sanitise.ts`). Every renderer but JSON
 * (which is data, and escapes what JSON must) draws this view, then escapes for its own format.
 * Values (args, results, event data, params) are shown as JSON, which escapes C0 controls itself;
 * what JSON leaves raw (DEL, C1, U+2028, bidi) the renderers pass through the sanitiser.
 */
import type { SimEvent, Trace, TraceEntry } from '../sim/trace.js';
import type { ReportView } from './render.js';
import { isTerminalSafe, terminalText } from './sanitise.js';

const safe = (s: string): string => (isTerminalSafe(s) ? s : terminalText(s));
const safeOpt = (s: string | undefined): string | undefined => (s === undefined ? undefined : safe(String(s)));

function safeStep(s: TraceEntry): TraceEntry {
  if (isTerminalSafe(s.actor) && isTerminalSafe(s.op) && (!s.picks || s.picks.every(isTerminalSafe))) return s;
  return { ...s, actor: safe(s.actor), op: safe(s.op), ...(s.picks ? { picks: s.picks.map(safe) } : {}) };
}

function safeEvent(e: SimEvent): SimEvent {
  return isTerminalSafe(e.actor) && isTerminalSafe(e.kind) ? e : { ...e, actor: safe(e.actor), kind: safe(e.kind) };
}

const views = new WeakSet<ReportView>();

export function displayView(v: ReportView): ReportView {
  if (views.has(v)) return v;
  const trace: Trace = { steps: v.trace.steps.map(safeStep), events: v.trace.events.map(safeEvent), fingerprint: v.trace.fingerprint };
  const out: ReportView = {
    ...v,
    scenario: safe(String(v.scenario)),
    kind: safeOpt(v.kind),
    message: v.message === undefined ? undefined : terminalText(String(v.message), { keepNewlines: true }),
    actor: safeOpt(v.actor),
    trace,
    token: safeOpt(v.token),
    replayCommand: safeOpt(v.replayCommand),
    seed: safeOpt(v.seed),
  };
  views.add(out);
  return out;
}
