/**
 * `interleave corpus list|prune|merge`: the failure corpus (explore/corpus.ts) from the command line.
 * `list` reads it, `prune` replays every saved token against the code as it is and removes the
 * ones that no longer fail, `merge` combines the corpora CI shards saved as artifacts into one and
 * names each scenario's first failure — the one the unsharded campaign would have reported.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { ensureDirectory } from '../explore/outputPath.js';
import { terminalText } from '../reports/sanitise.js';
import { basename, join } from 'node:path';
import { allSaved, corpusDir, DEFAULT_CORPUS, type FoundRecord, foundRecord, judgeToken, removeToken, scenarioFolder } from '../explore/corpus.js';
import { replayCommandLine } from '../reports/replayCommandLine.js';
import { plural } from '../reports/timeline.js';
import { UsageError } from '../sim/errors.js';
import type { Io } from './io.js';
import { allScenarios } from './scenarioSource.js';

export interface CorpusFlags {
  dir?: string;
  file?: string;
  json?: boolean;
  into?: string;
  dryRun?: boolean;
}

function dirOf(flags: CorpusFlags): string {
  return flags.dir ?? corpusDir() ?? DEFAULT_CORPUS;
}

/** A name or message from a file in the corpus, safe to print: no control characters, bounded. */
/** What a corpus file says, as a terminal may show it: cut, control characters escaped (the one sanitiser). */
function printable(text: string, max = 200): string {
  const cut = String(text).length > max ? `${String(text).slice(0, max - 1)}…` : String(text);
  return terminalText(cut);
}

function foundAt(r: FoundRecord | undefined): string {
  if (!r) return 'how it was found is not recorded';
  const where = r.firstFoundAt === 0 ? 'replayed from the corpus' : `schedule ${r.firstFoundAt}`;
  const shard = r.shard ? `, shard ${r.shard.index + 1}/${r.shard.count}` : '';
  return `${printable(r.kind, 40)} at ${where} (${printable(r.strategy, 40)}, seed ${printable(r.seed, 40)}${shard})`;
}

export function corpusList(flags: CorpusFlags, io: Io): number {
  const dir = dirOf(flags);
  const all = allSaved(dir);
  if (flags.json) {
    const rows = all.flatMap(({ scenario, saved }) => saved.map((s) => ({ scenario, token: s.token, file: s.file, found: foundRecord(s.file) ?? null })));
    for (const row of rows) io.out(JSON.stringify({ schema: 1, type: 'saved', ...row }));
    return 0;
  }
  if (all.length === 0) {
    io.out(`no saved failures in ${dir} — explore saves every failure it finds there`);
    return 0;
  }
  for (const { scenario, saved, unreadable } of all) {
    io.out(`${printable(scenario || '(unreadable)')}: ${plural(saved.length, 'saved failure')}${unreadable.length ? `, ${unreadable.length} unreadable (corpus prune removes them)` : ''}`);
    for (const s of saved) io.out(`  ${basename(s.file)}  ${foundAt(foundRecord(s.file))}`);
  }
  const count = all.reduce((n, s) => n + s.saved.length, 0);
  io.out(`\n${plural(count, 'saved failure')} of ${plural(all.length, 'scenario')} in ${dir}. Check them against the code: interleave corpus prune${flags.file ? ` --file ${flags.file}` : ''}`);
  return 0;
}

/** Replays every saved token; removes the fixed, the stale and the unreadable ones. Exit 1 while some still fail. */
export async function corpusPrune(flags: CorpusFlags, io: Io): Promise<number> {
  const dir = dirOf(flags);
  const all = allSaved(dir);
  const scenarios = new Map((await allScenarios(flags.file)).map((f) => [f.scenario.name, f.scenario]));
  const counts = { failing: 0, removed: 0, unchecked: 0 };
  const remove = (file: string) => {
    counts.removed++;
    if (!flags.dryRun) removeToken(file);
  };
  for (const { scenario: name, saved, unreadable } of all) {
    for (const file of unreadable) {
      io.out(`  removed  ${file}: not a replay token`);
      remove(file);
    }
    const scenario = scenarios.get(name);
    if (!scenario) {
      counts.unchecked += saved.length;
      if (saved.length) io.out(`${printable(name)}: ${plural(saved.length, 'token')} not checked — ${flags.file ? `${flags.file} does not export it` : 'not a bundled scenario: pass --file'}`);
      continue;
    }
    for (const s of saved) {
      const v = await judgeToken(scenario, s.token);
      const label = `${printable(name)} ${basename(s.file)}`;
      if (v.verdict === 'fails') {
        counts.failing++;
        io.out(`  fails    ${label}: ${v.sameTrace ? 'reproduced' : 'still failing, on another trace'} — kept`);
      } else if (v.verdict === 'fixed') {
        io.out(`  fixed    ${label}: the schedule now runs clean — removed`);
        remove(s.file);
      } else {
        io.out(`  stale    ${label}: ${v.reason}${v.lenient.ok ? '' : ' (a neighbouring schedule still fails: explore saves a fresh token)'} — removed`);
        remove(s.file);
      }
    }
  }
  const did = flags.dryRun ? 'would remove' : 'removed';
  io.out(`${counts.failing} still failing, ${did} ${counts.removed}${counts.unchecked ? `, ${counts.unchecked} not checked` : ''} (${dir})`);
  return counts.failing > 0 ? 1 : 0;
}

interface Merged {
  scenario: string;
  token: string;
  record?: FoundRecord;
}

/**
 * Copies every saved token of `dirs` into `--into`, then names each scenario's first failure: of the
 * failures one campaign (strategy, seed, runs) found across its shards, the one at the smallest
 * schedule index — schedule i of a sharded campaign is the unsharded campaign's schedule i.
 */
export function corpusMerge(dirs: string[], flags: CorpusFlags, io: Io): number {
  const into = flags.into ?? dirOf(flags);
  ensureDirectory(into, flags.into ? '--into' : 'corpus merge: the corpus directory');
  const merged: Merged[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`corpus merge: ${dir} is not a directory`, 'pass the corpus directories the shards saved (each job\'s .interleave/ artifact)');
    for (const { scenario, saved } of allSaved(dir)) {
      for (const s of saved) {
        const to = scenarioFolder(into, scenario);
        ensureDirectory(to, '--into');
        const json = s.file.replace(/\.token$/, '.json');
        copyFileSync(s.file, join(to, basename(s.file)));
        if (existsSync(json)) copyFileSync(json, join(to, basename(json)));
        merged.push({ scenario, token: s.token, record: foundRecord(s.file) });
      }
    }
  }
  const firsts = firstFailures(merged);
  if (flags.json) {
    for (const f of firsts) io.out(JSON.stringify({ schema: 1, type: 'failure', scenario: f.scenario, token: f.token, replayCommand: replayCommandLine(f.token, flags.file), found: f.record ?? null }));
    io.out(JSON.stringify({ schema: 1, type: 'summary', merged: merged.length, scenarios: firsts.length, into }));
  } else {
    for (const f of firsts) {
      io.out(`✗ ${printable(f.scenario)}: ${foundAt(f.record)}${f.record ? ` — ${printable(f.record.message)}` : ''}`);
      io.out(`  replay: ${replayCommandLine(f.token, flags.file)}`);
    }
    io.out(`merged ${plural(merged.length, 'saved failure')} from ${dirs.length === 1 ? '1 corpus' : `${dirs.length} corpora`} into ${into}${firsts.length ? `: ${plural(firsts.length, 'scenario')} failed` : ': no failures'}`);
  }
  return firsts.length ? 1 : 0;
}

/** Per scenario, the failure found at the smallest schedule index (0: replayed from a corpus; unrecorded: last). */
function firstFailures(merged: Merged[]): Merged[] {
  const byScenario = new Map<string, Merged[]>();
  for (const m of merged) byScenario.set(m.scenario, [...(byScenario.get(m.scenario) ?? []), m]);
  const out: Merged[] = [];
  for (const [, list] of [...byScenario].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const at = (m: Merged) => m.record?.firstFoundAt ?? Number.MAX_SAFE_INTEGER;
    out.push(list.sort((a, b) => at(a) - at(b) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0))[0]!);
  }
  return out;
}
