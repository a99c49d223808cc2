/**
 * A self-contained HTML page with SVG swimlanes: one lane (column) per actor, steps as rows down the
 * page with the virtual time marked where it moves, context switches drawn between lanes
 * (preemptions dashed), the failing step marked, and each step's arguments and result on hover.
 * The lanes share the width of a normal viewport, however many steps, for up to 16 actors (lanes
 * narrow to MIN_LANE and names take two lines); with more, the timeline scrolls inside its own box
 * with the names and the step gutter in place, and the page keeps its width. The page opens scrolled
 * to the failing step (`#failing-step`). No external assets, so a CI artifact opens anywhere.
 */
import { pictureOfViolation } from '../properties/linearizabilityPicture.js';
import { LINEARIZABILITY_SCRIPT, LINEARIZABILITY_STYLE, linearizabilitySection } from './linearizabilityHtml.js';
import { repeatsLine, showValue, summaryLine, timeline } from './timeline.js';
import type { ReportView } from './render.js';
import { wrapToWidth } from './displayWidth.js';
import { esc, fit } from './htmlText.js';
import { displayView } from './displayView.js';

/** The widest the timeline gets while lanes can shrink: a 1280-px viewport less the page's margins. */
const FIT_W = 1180;
const GUTTER_W = 100;
const MIN_LANE = 64;
const MAX_LANE = 280;
const ROW_H = 30;
const BOX_H = 24;
/** What a second line of a label adds to its box and row. */
const LINE_H = 14;
const BREAK_AFTER: ReadonlySet<string> = new Set([' ', '.', '(', ',', ':']);
const PAD = 6;
/** The band under the failing step that says what failed. */
const FAIL_H = 24;
const HEAD_H = 30;
const CHAR_W = 7.2;

/** Lanes side by side, as wide as the page allows (narrower lanes for more actors, down to MIN_LANE). */
function laneWidth(lanes: number): number {
  return Math.max(MIN_LANE, Math.min(MAX_LANE, Math.floor((FIT_W - GUTTER_W) / Math.max(1, lanes))));
}

/** Where everything goes: one computation shared by the four pieces of the timeline. */
interface Layout {
  tl: ReturnType<typeof timeline>;
  laneW: number;
  /** The lanes' width, the gutter not included. */
  width: number;
  height: number;
  boxW: number;
  labels: string[][];
  boxH: number[];
  ys: number[];
  /** The actor names over the lanes, wrapped to them, and the header's height. */
  head: { lines: string[][]; height: number };
  /** More lanes than fit the page at MIN_LANE: the timeline scrolls inside its own box. */
  wide: boolean;
}

function layout(v: ReportView): Layout {
  const tl = timeline(v);
  const laneW = laneWidth(tl.lanes.length);
  const width = tl.lanes.length * laneW;
  const boxW = laneW - 2 * PAD;
  // A label that does not fit its box takes a second line (and is cut with … after that).
  const labels = tl.rows.map((r) => wrapToWidth(r.label, Math.floor((boxW - 10) / CHAR_W), { maxLines: 2, breakAfter: BREAK_AFTER }));
  const boxH = labels.map((l) => BOX_H + (l.length - 1) * LINE_H);
  const ys: number[] = [];
  let acc = PAD;
  tl.rows.forEach((r, i) => {
    ys.push(acc);
    acc += boxH[i]! + ROW_H - BOX_H + (r.failing ? FAIL_H : 0);
  });
  // A name too long for its lane takes a second line (narrow lanes: many actors), cut with … after it.
  const perLine = Math.max(1, Math.floor((laneW - 2 * PAD) / (CHAR_W * 1.1)));
  const lines = tl.lanes.map((name) => wrapToWidth(name, perLine, { maxLines: 2, breakAfter: BREAK_AFTER }));
  const head = { lines, height: HEAD_H + (lines.some((x) => x.length > 1) ? LINE_H : 0) };
  return { tl, laneW, width, height: acc + PAD, boxW, labels, boxH, ys, head, wide: GUTTER_W + width > FIT_W };
}

const mid = (l: Layout, i: number) => l.ys[i]! + (ROW_H - BOX_H) / 2 + l.boxH[i]! / 2;
const failY = (l: Layout, i: number) => l.ys[i]! + l.boxH[i]! + ROW_H - BOX_H + 2;

/**
 * Steps as rows, top to bottom, one column (lane) per actor: a long timeline grows down the page,
 * which scrolls, instead of into one strip thousands of pixels wide.
 */
function lanesSvg(v: ReportView, l: Layout): string {
  const { tl, laneW, width, height, boxW, labels, boxH, ys } = l;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="swimlanes" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="per-actor swimlanes of ${esc(v.scenario)}">`);
  parts.push(`<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#888"/></marker></defs>`);
  tl.lanes.forEach((name, i) => {
    parts.push(`<g class="lane" data-actor="${esc(name)}"><rect x="${i * laneW}" y="0" width="${laneW}" height="${height}" fill="${i % 2 ? '#f7f7fa' : '#ffffff'}"/></g>`);
  });
  const x = (lane: number) => lane * laneW + PAD;
  tl.rows.forEach((r, i) => {
    if (!r.switched) return;
    const prev = tl.rows[i - 1]!;
    const right = r.lane > prev.lane;
    const from = x(prev.lane) + (right ? boxW : 0);
    const to = x(r.lane) + (right ? 0 : boxW);
    parts.push(`<path class="switch${r.entry.preempted ? ' preempt' : ''}" d="M${from} ${mid(l, i - 1)} L${to} ${mid(l, i)}" stroke="${r.entry.preempted ? '#e67e22' : '#888'}" stroke-width="1.5"${r.entry.preempted ? ' stroke-dasharray="5 3"' : ''} fill="none" marker-end="url(#arrow)"/>`);
  });
  tl.rows.forEach((r, i) => {
    const s = r.entry;
    const detail = [
      `step ${s.step} · ${s.actor} · +${r.at} ms`,
      `op: ${s.op}`,
      `args: ${showValue(s.args, 400)}`,
      ...(s.result !== undefined ? [`result: ${showValue(s.result, 400)}`] : []),
      ...(s.picks?.length ? [`picks: ${s.picks.join(' ')}`] : []),
      s.choice < 0 ? 'the only runnable step (no choice)' : `choice ${s.choice} of ${s.options}${s.preempted ? ' (preemption)' : ''}`,
      ...(r.failing ? [`✗ failure detected after this step: ${v.kind}`] : []),
    ].join('\n');
    const cls = `step${r.failing ? ' failing' : ''}${s.preempted ? ' preempted' : ''}`;
    const top = ys[i]! + (ROW_H - BOX_H) / 2;
    parts.push(
      `<g class="${cls}"${r.failing ? ' id="failing-step"' : ''} data-step="${s.step}" data-actor="${esc(s.actor)}" data-detail="${esc(detail)}" tabindex="0"><title>${esc(detail)}</title>` +
        `<rect x="${x(r.lane)}" y="${top}" width="${boxW}" height="${boxH[i]}" rx="5"/>` +
        labels[i]!.map((line, k) => `<text x="${x(r.lane) + 6}" y="${top + BOX_H / 2 + 4 + k * LINE_H}">${esc(line)}</text>`).join('') +
        '</g>',
    );
    if (r.failing) {
      const y = failY(l, i);
      parts.push(`<line class="failing-mark" x1="0" y1="${y}" x2="${width - 8}" y2="${y}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="2 3"/>`);
      // Left-aligned at the failing lane, or ending at its right edge when the room to the right is short.
      const said = `${v.kind ?? 'failure'} — detected after step ${s.step}`;
      const right = width - x(r.lane) - 8;
      const toLeft = (said.length + 2) * CHAR_W > right && x(r.lane) + boxW > right;
      const room = toLeft ? x(r.lane) + boxW - 8 : right;
      parts.push(`<text class="failing-label" x="${toLeft ? x(r.lane) + boxW : x(r.lane)}" y="${y + 15}"${toLeft ? ' text-anchor="end"' : ''}>✗ ${esc(fit(said, room, CHAR_W))}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Step numbers and virtual time down the left: a column of its own, so a wide timeline keeps it in view. */
function gutterSvg(l: Layout): string {
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="gutter-marks" width="${GUTTER_W}" height="${l.height}">`];
  let lastAt = -1;
  l.tl.rows.forEach((r, i) => {
    const time = r.at !== lastAt ? `<text class="time" x="${GUTTER_W - 8}" y="${mid(l, i) + 4}" text-anchor="end">+${r.at} ms</text>` : '';
    lastAt = r.at;
    parts.push(`<text class="tick" x="8" y="${mid(l, i) + 4}">${r.entry.step}</text>${time}`);
    if (r.failing) parts.push(`<line class="failing-mark" x1="8" y1="${failY(l, i)}" x2="${GUTTER_W}" y2="${failY(l, i)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="2 3"/>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The actor names over the lanes, in a header that stays at the top while the steps scroll. */
function namesSvg(l: Layout): string {
  const { lines, height } = l.head;
  const y = HEAD_H / 2 + 5;
  const heads = l.tl.lanes.map((_, i) => lines[i]!.map((line, k) => `<text x="${i * l.laneW + PAD}" y="${y + k * LINE_H}" class="lane-name">${esc(line)}</text>`).join(''));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="names" width="${l.width}" height="${height}">${heads.join('')}</svg>`;
}

/** Over the gutter: what its two columns are. */
function cornerSvg(l: Layout): string {
  const y = HEAD_H / 2 + 5;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="axes" width="${GUTTER_W}" height="${l.head.height}"><text class="axis-name" x="8" y="${y}">step</text><text class="axis-name" x="${GUTTER_W - 8}" y="${y}" text-anchor="end">time</text></svg>`;
}

/**
 * The timeline as a grid: names on top and the gutter on the left stay in place (sticky) while the
 * steps scroll under them. Up to 16 actors it is as wide as the page and the header sticks to the
 * window; with more, the timeline scrolls inside its own box, both ways, and the page keeps its width.
 */
function timelineHtml(v: ReportView): string {
  const l = layout(v);
  return `<div class="timeline${l.wide ? ' wide' : ''}"><div class="corner">${cornerSvg(l)}</div><div class="head">${namesSvg(l)}</div><div class="gutter">${gutterSvg(l)}</div><div class="lanes">${lanesSvg(v, l)}</div></div>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h1.fail { color: #c0392b; } h1.pass { color: #27ae60; }
pre { background: #f4f4f6; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
.timeline { border: 1px solid #ddd; border-radius: 6px; margin: 12px 0; width: max-content; max-width: 100%; display: grid; grid-template-columns: ${GUTTER_W}px max-content; }
.timeline.wide { overflow: auto; max-height: calc(100vh - 11em); }
.timeline .corner, .timeline .head { position: sticky; top: 0; background: #fbfbfd; border-bottom: 1px solid #ddd; }
.timeline .corner { left: 0; z-index: 3; }
.timeline .head { z-index: 2; }
.timeline .gutter { position: sticky; left: 0; z-index: 1; background: #ffffff; }
.timeline svg { display: block; }
svg text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #222; }
svg .lane-name { font-weight: 600; font-size: 13px; }
svg .step rect { fill: #dfe9f7; stroke: #6c8ebf; cursor: default; }
svg .step:hover rect, svg .step:focus rect { fill: #bcd3f2; }
svg .step.preempted rect { stroke: #e67e22; stroke-width: 2; }
svg .step.failing rect { fill: #f9d6d2; stroke: #c0392b; stroke-width: 2.5; }
svg .failing-label { fill: #c0392b; font-weight: 700; }
svg .failing-mark, svg .failing-label, svg .switch { pointer-events: none; }
svg .tick, svg .time, svg .axis-name { fill: #666; font-size: 11px; }
svg .failing-label { font-size: 12px; }
#detail { min-height: 5.5em; max-height: 9em; overflow-y: auto; position: sticky; bottom: 0; margin: 0; box-shadow: 0 -2px 6px rgba(0, 0, 0, 0.08); }
svg .step:target rect, svg .step.failing:focus rect { fill: #f4b9b2; }
.legend span { margin-right: 18px; } .meta td { padding: 2px 12px 2px 0; vertical-align: top; }
`;

/** Hover or focus shows a step's details; the page opens on the failing step, its details shown. */
const SCRIPT = `
const detail = document.getElementById('detail');
for (const g of document.querySelectorAll('#swimlanes .step')) {
  const show = () => { detail.textContent = g.getAttribute('data-detail'); };
  g.addEventListener('mouseenter', show);
  g.addEventListener('focus', show);
}
const failing = document.getElementById('failing-step');
const box = document.querySelector('.timeline.wide');
if (failing && box) {
  // The timeline scrolls in its own box: bring the box into view, header and all, then centre the
  // failing step inside it (clear of the sticky names and gutter).
  box.scrollIntoView({ block: 'start' });
  const b = box.getBoundingClientRect();
  const f = failing.getBoundingClientRect();
  const head = box.querySelector('.head').getBoundingClientRect().height;
  const gutter = box.querySelector('.gutter').getBoundingClientRect().width;
  box.scrollTop += f.top - b.top - head - (box.clientHeight - head - f.height) / 2;
  box.scrollLeft += f.left - b.left - gutter - (box.clientWidth - gutter - f.width) / 2;
} else if (failing) failing.scrollIntoView({ block: 'center', inline: 'nearest' });
if (failing) detail.textContent = failing.getAttribute('data-detail');
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
  const tl = timeline(v);
  const repeats = repeatsLine(v, tl);
  const failingStep = tl.failing >= 0 ? tl.rows[tl.failing]!.entry.step : undefined;
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
${failingStep !== undefined ? `<p><a href="#failing-step">↓ the failing step (step ${failingStep})</a></p>` : ''}
${timelineHtml(v)}
${repeats ? `<p class="repeats">${esc(repeats)}</p>` : ''}
<p class="legend"><span>▭ a step (hover or focus it for its arguments and result)</span><span style="color:#e67e22">⇢ dashed: preemption</span><span style="color:#888">→ switch after block or end</span><span style="color:#c0392b">✗ the step after which the failure was detected</span><span style="color:#666">time: virtual time since the first step, in ms</span></p>
<pre id="detail">Hover a step for its arguments and result.</pre>
${picture ? `<h2>Linearizability</h2>\n${linearizabilitySection(picture)}` : ''}
${events.length ? `<h2>Events</h2><pre class="events">${esc(events.join('\n'))}</pre>` : ''}
<script>${SCRIPT}${picture ? LINEARIZABILITY_SCRIPT : ''}</script>
</body></html>
`;
}
