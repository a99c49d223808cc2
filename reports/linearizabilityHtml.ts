/**
 * The linearizability view in HTML, Porcupine's visualizer redrawn as static SVG: one lane per
 * client, each operation a bar from call to return (dashed to the edge when it never returned), the
 * longest linearizable prefix in green and numbered in its order, and the operation where every
 * order breaks in red with a line at its return. Instants are drawn by rank, not to scale: only
 * their order matters to linearizability, and a long quiet gap should not squeeze the busy parts.
 * Hovering or focusing a bar shows the whole operation. No external assets.
 */
import { pictureWindow, type LinearizabilityPicture, type PictureOperation } from '../properties/linearizabilityPicture.js';
import { esc, fit } from './htmlText.js';

/** Most operations drawn: a browser stays responsive, and the breaking one is what matters. */
const MAX_DRAWN = 600;
const LANE_H = 36;
const BAR_H = 22;
const TOP = 34;
const NAMES_W = 120;
const CHAR_W = 7;



function detail(p: LinearizabilityPicture, o: PictureOperation): string {
  return [
    `${o.actor}: ${o.label}`,
    `call ${o.call}, ${o.ret === undefined ? 'never returned (may have taken effect at any instant after its call, or never)' : `return ${o.ret}`}`,
    o.breaking ? '✗ every order breaks here: no linearization of the operations before its return explains it' : o.order ? `#${o.order} of ${p.prefix.length} in the longest linearizable prefix` : 'not in the longest linearizable prefix',
  ].join('\n');
}

function svg(p: LinearizabilityPicture): { body: string; width: number; height: number } {
  const instants = [...new Set(p.operations.flatMap((o) => (o.ret === undefined ? [o.call] : [o.call, o.ret])))].sort((a, b) => a - b);
  const rank = new Map(instants.map((t, i) => [t, i]));
  // Wide enough for a short label on a bar that spans one instant, unless the history is huge.
  const step = Math.max(10, Math.min(40, Math.floor(12_000 / Math.max(1, instants.length))));
  const x = (t: number) => 12 + rank.get(t)! * step;
  const width = 12 + instants.length * step + 40;
  const height = TOP + p.lanes.length * LANE_H + 16;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="linearizability" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="operations per client, call to return">`);
  p.lanes.forEach((name, i) => {
    parts.push(`<g class="lane" data-actor="${esc(name)}"><rect x="0" y="${TOP + i * LANE_H}" width="${width}" height="${LANE_H}" fill="${i % 2 ? '#f7f7fa' : '#ffffff'}"/></g>`);
  });
  p.operations.forEach((o, i) => {
    const x1 = x(o.call);
    const x2 = o.ret === undefined ? width - 8 : Math.max(x(o.ret), x1 + 6);
    const y = TOP + o.lane * LANE_H + (LANE_H - BAR_H) / 2;
    const cls = ['op', o.order ? 'in-prefix' : '', o.breaking ? 'breaking' : '', o.ret === undefined ? 'pending' : ''].filter(Boolean).join(' ');
    const text = `${o.breaking ? '✗ ' : o.order ? `${o.order}. ` : ''}${o.label}`;
    const d = detail(p, o);
    parts.push(
      `<g class="${cls}" data-index="${i}" data-actor="${esc(o.actor)}"${o.order ? ` data-order="${o.order}"` : ''} data-detail="${esc(d)}" tabindex="0"><title>${esc(d)}</title>` +
        `<rect x="${x1}" y="${y}" width="${x2 - x1}" height="${BAR_H}" rx="4"/>` +
        `<text x="${x1 + 4}" y="${y + BAR_H / 2 + 4}">${esc(fit(text, x2 - x1 - 6, CHAR_W))}</text></g>`,
    );
    if (o.breaking && o.ret !== undefined) {
      parts.push(`<line class="breaking-mark" x1="${x2}" y1="${TOP - 4}" x2="${x2}" y2="${height - 4}"/>`);
      parts.push(`<text class="breaking-label" x="${x2}" y="${TOP - 10}" text-anchor="middle">✗ every order breaks here</text>`);
    }
  });
  parts.push('</svg>');
  return { body: parts.join('\n'), width, height };
}

function names(p: LinearizabilityPicture, height: number): string {
  const rows = p.lanes.map((name, i) => `<text x="10" y="${TOP + i * LANE_H + LANE_H / 2 + 4}" class="lane-name">${esc(fit(name, NAMES_W - 16, CHAR_W))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="lin-names" width="${NAMES_W}" height="${height}">${rows.join('')}</svg>`;
}

export const LINEARIZABILITY_STYLE = `
.lin-view { display: flex; border: 1px solid #ddd; border-radius: 6px; margin: 12px 0; }
.lin-view .lin-names { flex: none; border-right: 1px solid #ddd; background: #fbfbfd; }
.lin-lanes { overflow-x: auto; flex: 1; }
#linearizability text, .lin-names text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #222; }
.lin-names .lane-name { font-weight: 600; font-size: 13px; }
#linearizability .op rect { fill: #e4e4ea; stroke: #9a9aa8; }
#linearizability .op.in-prefix rect { fill: #d3efd9; stroke: #2e8b57; }
#linearizability .op.pending rect { stroke-dasharray: 5 3; fill-opacity: 0.55; }
#linearizability .op.breaking rect { fill: #f9d6d2; stroke: #c0392b; stroke-width: 2.5; }
#linearizability .op:hover rect, #linearizability .op:focus rect { stroke-width: 2.5; }
#linearizability .breaking-mark { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 2 3; pointer-events: none; }
#linearizability .breaking-label { fill: #c0392b; font-weight: 700; pointer-events: none; }
#lin-detail { min-height: 4.5em; background: #f4f4f6; padding: 10px 12px; border-radius: 6px; white-space: pre-wrap; }
.lin-legend span { margin-right: 18px; }
`;

export const LINEARIZABILITY_SCRIPT = `
(() => {
  const detail = document.getElementById('lin-detail');
  const breaking = document.querySelector('#linearizability .op.breaking rect');
  const lanes = document.querySelector('.lin-lanes');
  if (breaking && lanes) lanes.scrollLeft = Math.max(0, Number(breaking.getAttribute('x')) - lanes.clientWidth / 2);
  for (const g of document.querySelectorAll('#linearizability .op')) {
    const show = () => { detail.textContent = g.getAttribute('data-detail'); };
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
  }
})();
`;

/** The view as a fragment (lanes, legend, detail box) for a page that includes {@link LINEARIZABILITY_STYLE} and {@link LINEARIZABILITY_SCRIPT}. */
/** The picture cut to the operations drawn, lanes renumbered for those. */
function drawn(p: LinearizabilityPicture): { shown: LinearizabilityPicture; omitted: string } {
  const { from, to } = pictureWindow(p, MAX_DRAWN);
  if (from === 0 && to === p.operations.length) return { shown: p, omitted: '' };
  const lanes: string[] = [];
  const operations = p.operations.slice(from, to).map((o) => {
    if (!lanes.includes(o.actor)) lanes.push(o.actor);
    return { ...o, lane: lanes.indexOf(o.actor) };
  });
  const index = (i: number) => (i >= from && i < to ? i - from : -1);
  const shown = { ...p, lanes, operations, prefix: p.prefix.map(index).filter((i) => i >= 0), breaking: index(p.breaking) };
  return { shown, omitted: `Drawn: operations ${from + 1}–${to} of ${p.operations.length} (in call order), around the one where every order breaks.` };
}

export function linearizabilitySection(p: LinearizabilityPicture): string {
  const { shown, omitted } = drawn(p);
  const { body, height } = svg(shown);
  p = shown;
  return `<p class="lin-summary">${esc(p.summary)}</p>${omitted ? `\n<p class="lin-omitted">${esc(omitted)}</p>` : ''}
<div class="lin-view">${names(p, height)}<div class="lin-lanes">${body}</div></div>
<p class="lin-legend"><span style="color:#2e8b57">▭ green, numbered: the longest linearizable prefix, in its order</span><span style="color:#c0392b">✗ red: the operation where every order breaks</span><span style="color:#777">▭ grey: not in the prefix; dashed: never returned</span></p>
<pre id="lin-detail">Hover an operation for its call, return and place.</pre>`;
}

/** A self-contained page showing one check's picture (what `check-history --html` writes). */
export function renderLinearizabilityHtml(p: LinearizabilityPicture, title: string): string {
  const failed = p.verdict !== 'linearizable';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h1.fail { color: #c0392b; } h1.pass { color: #27ae60; } h1.unknown { color: #b9770e; }
${LINEARIZABILITY_STYLE}</style></head>
<body>
<h1 class="${p.verdict === 'unknown' ? 'unknown' : failed ? 'fail' : 'pass'}">${esc(title)}</h1>
${linearizabilitySection(p)}
<script>${LINEARIZABILITY_SCRIPT}</script>
</body></html>
`;
}
