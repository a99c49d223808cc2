/**
 * Markdown for a PR comment: the verdict and the replay command up top, the minimal schedule open as
 * a per-actor table, and the full trace (every field, the logged events) in a collapsed `<details>`.
 */
import type { ReportView } from './render.js';
import { renderText } from './text.js';
import { repeatsLine, showValue, shownSteps, summaryLine, timeline } from './timeline.js';
import { displayView } from './displayView.js';
import { markdownCode as code, markdownFence as fence, markdownText as cell } from './sanitise.js';

export function renderMarkdown(view: ReportView): string {
  const v = displayView(view);
  const tl = timeline(v);
  const out: string[] = [];
  if (v.kind !== undefined) {
    out.push(`### ✗ ${code(v.scenario)}: ${cell(v.kind)}`);
    out.push('');
    out.push(fence(v.message ?? ''));
  } else {
    out.push(`### ✓ ${code(v.scenario)}: no failure in this run`);
  }
  out.push('');
  const summary = summaryLine(v);
  if (summary) out.push(`**Minimal schedule:** ${cell(summary)}`, '');
  if (v.token) out.push('Replay it:', '', fence(v.replayCommand ?? `npx interleave replay ${v.token}`, 'sh'), '');
  out.push(`| step | time | ${tl.lanes.map(cell).join(' | ')} |`);
  out.push(`|---:|---:|${tl.lanes.map(() => '---').join('|')}|`);
  for (const r of tl.rows) {
    const mark = r.entry.preempted ? '⇢ ' : '';
    const cells = tl.lanes.map((_, i) => (i === r.lane ? `${mark}${r.failing ? `**${code(r.label)} ✗**` : code(r.label)}` : ''));
    const step = r.failing ? `**▶ ${r.entry.step}**` : String(r.entry.step);
    out.push(`| ${step} | +${cell(String(r.at))} | ${cells.join(' | ')} |`);
  }
  const repeats = repeatsLine(v, tl);
  if (repeats) out.push(`| … | | ${cell(repeats)} |${tl.lanes.slice(1).map(() => ' |').join('')}`);
  out.push('');
  out.push(`<sub>⇢ preemption · ▶ ✗ the step after which the failure was detected · \`op(written) → read\`${v.params !== undefined ? ` · params ${cell(showValue(v.params, 200))}` : ''}</sub>`);
  out.push('');
  out.push('<details><summary>Full trace: every step with its choice, and the logged events</summary>');
  out.push('');
  const full = shownSteps(v).map((s) => `${String(s.step).padStart(4)} +${s.time - (v.trace.steps[0]?.time ?? 0)} ${s.actor}: ${s.op} args=${showValue(s.args, 200)}${s.result !== undefined ? ` result=${showValue(s.result, 200)}` : ''} choice=${s.choice < 0 ? 'forced' : `${s.choice}/${s.options}`}${s.preempted ? ' preempted' : ''}${s.picks?.length ? ` picks=${s.picks.join(',')}` : ''}`);
  const events = v.trace.events.map((e) => `  @${e.step} ${e.actor}: ${e.kind}${e.data === undefined ? '' : ` ${showValue(e.data, 200)}`}`);
  out.push(fence([...full, ...(repeats ? [repeats] : []), ...(events.length ? ['events:', ...events] : []), `fingerprint ${v.trace.fingerprint}`].join('\n')));
  out.push('');
  out.push('Per-actor timeline:');
  out.push('');
  out.push(fence(renderText({ ...v, token: undefined })));
  out.push('');
  out.push('</details>');
  return out.join('\n');
}
