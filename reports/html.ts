/**
 * A self-contained HTML page with SVG swimlanes: one lane per actor, steps in order along the axis
 * with the virtual time marked where it moves, context switches drawn between lanes (preemptions
 * dashed), the failing step marked, and each step's arguments and result on hover. No external
 * assets, so a CI artifact opens anywhere.
 */
import { pictureOfViolation } from '../properties/linearizabilityPicture.js';
import { LINEARIZABILITY_SCRIPT, LINEARIZABILITY_STYLE, linearizabilitySection } from './linearizabilityHtml.js';
import { repeatsLine, showValue, summaryLine, timeline } from './timeline.js';
import type { ReportView } from './render.js';
import { esc, fit } from './htmlText.js';
import { displayView } from './displayView.js';

const LANE_H = 56;
const MIN_BOX = 64;
const MAX_BOX = 240;
const GAP = 14;
const LEFT = 16;
const NAMES_W = 140;
const TOP = 40;
const CHAR_W = 7.2;



function svg(v: ReportView): string {
  const tl = timeline(v);
  // Each step is as wide as its label (within limits), so most labels show whole.
  const widths = tl.rows.map((r) => Math.min(MAX_BOX, Math.max(MIN_BOX, Math.ceil(r.label.length * CHAR_W) + 14)));
  const xs: number[] = [];
  let acc = LEFT;
  for (const w of widths) {
    xs.push(acc);
    acc += w + GAP;
  }
  const width = acc + 20;
  const height = TOP + tl.lanes.length * LANE_H + 50;
  const axisY = TOP + tl.lanes.length * LANE_H + 8;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="swimlanes" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="per-actor swimlanes of ${esc(v.scenario)}">`);
  parts.push(`<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#888"/></marker></defs>`);
  tl.lanes.forEach((name, i) => {
    const y = TOP + i * LANE_H;
    parts.push(`<g class="lane" data-actor="${esc(name)}"><rect x="0" y="${y}" width="${width}" height="${LANE_H}" fill="${i % 2 ? '#f7f7fa' : '#ffffff'}"/></g>`);
  });
  const x = (i: number) => xs[i]!;
  const w = (i: number) => widths[i]!;
  const y = (lane: number) => TOP + lane * LANE_H + 10;
  const boxH = LANE_H - 20;
  tl.rows.forEach((r, i) => {
    if (!r.switched) return;
    const prev = tl.rows[i - 1]!;
    const from = y(prev.lane) + (r.lane > prev.lane ? boxH : 0);
    const to = y(r.lane) + (r.lane > prev.lane ? 0 : boxH);
    parts.push(`<path class="switch${r.entry.preempted ? ' preempt' : ''}" d="M${x(i - 1) + w(i - 1)} ${from} L${x(i)} ${to}" stroke="${r.entry.preempted ? '#e67e22' : '#888'}" stroke-width="1.5"${r.entry.preempted ? ' stroke-dasharray="5 3"' : ''} fill="none" marker-end="url(#arrow)"/>`);
  });
  let lastAt = -1;
  tl.rows.forEach((r, i) => {
    const s = r.entry;
    const detail = [
      `step ${s.step} · ${s.actor} · +${r.at} ms`,
      `op: ${s.op}`,
      `args: ${showValue(s.args, 400)}`,
      ...(s.result !== undefined ? [`result: ${showValue(s.result, 400)}`] : []),
      ...(s.picks?.length ? [`picks: ${s.picks.join(' ')}`] : []),
      `choice ${s.choice} of ${s.options}${s.preempted ? ' (preemption)' : ''}`,
      ...(r.failing ? [`✗ failure detected after this step: ${v.kind}`] : []),
    ].join('\n');
    const cls = `step${r.failing ? ' failing' : ''}${s.preempted ? ' preempted' : ''}`;
    parts.push(
      `<g class="${cls}" data-step="${s.step}" data-actor="${esc(s.actor)}" data-detail="${esc(detail)}" tabindex="0"><title>${esc(detail)}</title>` +
        `<rect x="${x(i)}" y="${y(r.lane)}" width="${w(i)}" height="${boxH}" rx="5"/>` +
        `<text x="${x(i) + 6}" y="${y(r.lane) + boxH / 2 + 4}">${esc(fit(r.label, w(i) - 10, CHAR_W))}</text></g>`,
    );
    if (r.failing) {
      parts.push(`<line class="failing-mark" x1="${x(i) + w(i) / 2}" y1="${TOP - 6}" x2="${x(i) + w(i) / 2}" y2="${axisY}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="2 3"/>`);
      parts.push(`<text class="failing-label" x="${x(i) + w(i) / 2}" y="${TOP - 12}" text-anchor="middle">✗ ${esc(v.kind ?? 'failure')}</text>`);
    }
    const tick = `<text class="tick" x="${x(i) + w(i) / 2}" y="${axisY + 16}" text-anchor="middle">${s.step}</text>`;
    const time = r.at !== lastAt ? `<text class="time" x="${x(i) + w(i) / 2}" y="${axisY + 32}" text-anchor="middle">+${r.at} ms</text>` : '';
    lastAt = r.at;
    parts.push(tick + time);
  });
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${width - 10}" y2="${axisY}" stroke="#999"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** The actor names beside the lanes, outside the scrolling area so they stay in view. */
function names(v: ReportView): string {
  const tl = timeline(v);
  const height = TOP + tl.lanes.length * LANE_H + 50;
  const axisY = TOP + tl.lanes.length * LANE_H + 8;
  const rows = tl.lanes.map((name, i) => `<text x="10" y="${TOP + i * LANE_H + LANE_H / 2 + 4}" class="lane-name">${esc(fit(name, NAMES_W - 16, CHAR_W))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="names" width="${NAMES_W}" height="${height}">${rows.join('')}<text class="axis-name" x="10" y="${axisY + 16}">step</text><text class="axis-name" x="10" y="${axisY + 32}">virtual time</text></svg>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h1.fail { color: #c0392b; } h1.pass { color: #27ae60; }
pre { background: #f4f4f6; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
.timeline { display: flex; border: 1px solid #ddd; border-radius: 6px; margin: 12px 0; }
.timeline .names { flex: none; border-right: 1px solid #ddd; background: #fbfbfd; }
.lanes { overflow-x: auto; flex: 1; }
svg text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #222; }
svg .lane-name { font-weight: 600; font-size: 13px; }
svg .step rect { fill: #dfe9f7; stroke: #6c8ebf; cursor: default; }
svg .step:hover rect, svg .step:focus rect { fill: #bcd3f2; }
svg .step.preempted rect { stroke: #e67e22; stroke-width: 2; }
svg .step.failing rect { fill: #f9d6d2; stroke: #c0392b; stroke-width: 2.5; }
svg .failing-label { fill: #c0392b; font-weight: 700; }
svg .failing-mark, svg .failing-label, svg .switch { pointer-events: none; }
svg .tick, svg .time, svg .axis-name { fill: #666; font-size: 11px; }
#detail { min-height: 7.5em; }
.legend span { margin-right: 18px; } .meta td { padding: 2px 12px 2px 0; vertical-align: top; }
`;

const SCRIPT = `
const detail = document.getElementById('detail');
for (const g of document.querySelectorAll('#swimlanes .step')) {
  const show = () => { detail.textContent = g.getAttribute('data-detail'); };
  g.addEventListener('mouseenter', show);
  g.addEventListener('focus', show);
}
`;

export function renderHtml(view: ReportView): string {
  const v = displayView(view);
  const failed = v.kind !== undefined;
  const title = failed ? `✗ ${v.scenario}: ${v.kind}` : `✓ ${v.scenario}: no failure in this run`;
  const summary = summaryLine(v);
  const meta: [string, string][] = [];
  if (summary) meta.push(['minimal schedule', summary]);
  if (v.params !== undefined) meta.push(['params', showValue(v.params, 400)]);
  meta.push(['fingerprint', v.trace.fingerprint]);
  const repeats = repeatsLine(v, timeline(v));
  const events = v.trace.events.map((e) => `@${e.step} ${e.actor}: ${e.kind}${e.data === undefined ? '' : ` ${showValue(e.data, 200)}`}`);
  const picture = pictureOfViolation(v.error);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}${picture ? LINEARIZABILITY_STYLE : ''}</style></head>
<body>
<h1 class="${failed ? 'fail' : 'pass'}">${esc(title)}</h1>
${failed ? `<pre class="message">${esc(v.message ?? '')}</pre>` : ''}
<table class="meta">${meta.map(([k, val]) => `<tr><td>${esc(k)}</td><td>${esc(val)}</td></tr>`).join('')}</table>
${v.token ? `<p>Replay it:</p><pre class="replay">${esc(v.replayCommand ?? `npx interleave replay ${v.token}`)}</pre>` : ''}
<div class="timeline">${names(v)}<div class="lanes">${svg(v)}</div></div>
${repeats ? `<p class="repeats">${esc(repeats)}</p>` : ''}
<p class="legend"><span>▭ a step (hover or focus it for its arguments and result)</span><span style="color:#e67e22">⇢ dashed: preemption</span><span style="color:#888">→ switch after block or end</span><span style="color:#c0392b">✗ the step after which the failure was detected</span></p>
<pre id="detail">Hover a step for its arguments and result.</pre>
${picture ? `<h2>Linearizability</h2>\n${linearizabilitySection(picture)}` : ''}
${events.length ? `<h2>Events</h2><pre class="events">${esc(events.join('\n'))}</pre>` : ''}
<script>${SCRIPT}${picture ? LINEARIZABILITY_SCRIPT : ''}</script>
</body></html>
`;
}
