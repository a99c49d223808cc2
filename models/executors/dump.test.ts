import { it } from 'vitest';
import { modelOutcomes } from './programs/harness.fixture.js';
import { cpythonOutcomes } from './programs/cpython.fixture.js';
import { threadPrograms } from './programs/threads.fixture.js';
import { cancellationPrograms } from './programs/cancellation.fixture.js';
import { syncPrograms } from './programs/sync.fixture.js';
const all = [...threadPrograms, ...cancellationPrograms, ...syncPrograms];
it('dump', async () => {
  const sel = all.filter((p) => new RegExp(process.env.P ?? '.').test(p.name));
  const py = await cpythonOutcomes('python3', sel.map((p) => ({ name: p.name, python: p.python, runs: Number(process.env.RUNS ?? p.runs ?? 400) })));
  for (const p of sel) {
    const m = await modelOutcomes(p);
    if (m.outcomes.size < 2 && Object.keys(py[p.name]!).length < 2 && !process.env.ALL) continue;
    console.log(p.name, '\n  model:', [...m.outcomes].sort().join('  '), '\n  cpython:', JSON.stringify(py[p.name]));
  }
}, 600000);
