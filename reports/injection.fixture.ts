/**
 * Injection payloads in every user-controlled field a report shows (issue 17): actor names, cell
 * names (hence operation labels), yield labels, values written and read, picks, event kinds and
 * data, the failure message, params, the seed, the --file path of the replay command. A renderer
 * that lets one through runs a script (each payload's script raises a dialog and counts a hit),
 * breaks a Markdown table row, or forges a terminal line.
 */
import fc from 'fast-check';
import { explore } from '../explore/explore.js';
import type { Failure } from '../explore/failure.js';
import { Cell } from '../models/memory/Cell.js';
import { defineScenario } from '../sim/scenario.js';
import type { ReportView } from './render.js';
import { reviewView } from './reviewView.js';

const hit = `window.__hits=(window.__hits||0)+1;alert(1)`;

/** Each one an attack on a renderer: markup, attribute breaking, Markdown structure, terminal control. */
export const PAYLOADS: readonly string[] = [
  `<img src=x onerror="${hit}">`,
  `<script>${hit}</script>`,
  `"><svg onload="${hit}">`,
  `'><iframe srcdoc="<script>parent.${hit}</script>">`,
  `</pre></code></td></tr></table><img src=x onerror=${hit}>`,
  `\`<img src=x onerror=${hit}>\``,
  `\`\`\`\n<img src=x onerror=${hit}>\n\`\`\``,
  `a|b||c\\|d`,
  `cr\r| 99 | +0 | <img src=x onerror=${hit}> |`,
  `lf\n| 98 | +0 | <img src=x onerror=${hit}> |`,
  `ls\u2028ps\u2029<img src=x onerror=${hit}>`,
  `[click](javascript:${hit})`,
  `<a href="javascript:${hit}">x</a>`,
  `**bold** _em_ ~~s~~ # h <details open>`,
  `\u001b[2K\rerror: none; replay OK`,
  `nul\u0000bel\u0007del\u007fcsi\u009b31m`,
  `bidi\u202eevil\u2066x\u2069`,
  `&lt;img src=x onerror=${hit}&gt;`,
  `<!-- <img src=x onerror=${hit}> -->`,
  `<style>body{display:none}</style>`,
];

/** A failing scenario whose every user-controlled field carries the payloads. */
export const hostile = defineScenario({
  name: 'hostile',
  params: fc.constant({ note: PAYLOADS.join(' '), list: PAYLOADS }),
  setup(sim, params) {
    const cells = PAYLOADS.slice(0, 4).map((p) => new Cell(sim, p, p));
    const actors = PAYLOADS.map((p, i) =>
      sim.spawn(p, async () => {
        const cell = cells[i % cells.length]!;
        const seen = await cell.get();
        sim.log(p, { seen, p });
        sim.pick(p, [p, `${p}!`]);
        await sim.yield(p);
        await cell.set(`${seen}${p}`);
        if (i === PAYLOADS.length - 1) throw new Error(`failed with ${params.list.join(' / ')}`);
      }),
    );
    return { actors };
  },
});

export const HOSTILE_SEED = PAYLOADS[0]!;
export const HOSTILE_FILE = `/tmp/${PAYLOADS[8]!}.ts`;

/** The failure as explore reports it, and the view the CLI writes with --report (the seed, the --file). */
export async function hostileFailure(): Promise<{ failure: Failure; view: ReportView }> {
  const r = await explore(hostile, { seed: HOSTILE_SEED, runs: 20, corpus: false });
  const f = r.failure;
  if (!f) throw new Error('hostile: expected a failure');
  const view: ReportView = {
    ...reviewView(f.scenario, { failure: f, trace: f.trace, steps: f.steps, preemptions: f.preemptions }, f.token, f.params, HOSTILE_FILE),
    stepsBeforeShrink: f.stepsBeforeShrink,
    preemptionsBeforeShrink: f.preemptionsBeforeShrink,
    firstFoundAt: f.firstFoundAt,
    seed: f.seed,
  };
  return { failure: f, view };
}
