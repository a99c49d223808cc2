/**
 * The `interleave` command line: `explore`, `replay`, `list` and `check-history`. Returns the exit code instead of
 * exiting, so tests can drive it in-process: 0 ok, 1 a failure was found (or a registry row did not
 * match), 2 bad input — always one line `error: <what happened> — <what to do>`, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { InterleaveError } from '../sim/errors.js';
import { terminalText } from '../reports/sanitise.js';
import type { CheckHistoryFlags } from './checkHistoryCommand.js';
import type { CorpusFlags } from './corpusCommand.js';
import type { ExploreFlags } from './exploreCommand.js';
import { type Io, paintErr, processIo } from './io.js';
import type { ReplayFlags } from './replayCommand.js';

/** The version in interleave's own package.json (two levels up when compiled into dist/cli/, one from source). */
function packageVersion(): string {
  for (const up of ['..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(`${up}/package.json`, import.meta.url)), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'interleave' && pkg.version) return pkg.version;
    } catch {
      // Not here: try the next level.
    }
  }
  return 'unknown';
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command('interleave')
    .description('Deterministic concurrency simulation testing: explore interleavings, replay a failure from its token.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => {} })
    .showSuggestionAfterError(true)
    .version(packageVersion(), '-V, --version', 'print the version of interleave');

  program
    .command('explore')
    .description('explore scenarios (all bundled ones when none is named) and report the first failure of each')
    .argument('[scenario...]', 'scenario names (see `interleave list`)')
    .option('--file <path>', 'a .ts/.js module that exports scenarios (loaded through tsx)')
    .option('--strategy <name>', 'portfolio | random | preempt | pct | pos | rff | dfs | fast-check')
    .option('--runs <n>', 'most schedules per scenario')
    .option('--seed <seed>', 'exploration seed (default: random; the registry run uses 1)')
    .option('--depth <d>', 'PCT depth')
    .option('--max-steps <n>', 'steps per run before step-limit')
    .option('--no-reduction', 'dfs: no partial-order reduction (a proof that also holds when actors share plain state)')
    .option('--json', 'print JSON instead of text (no progress bar)')
    .option('--report <dir>', 'write HTML, Markdown and JSON reports of each failure into dir')
    .option('--shard <i/n>', 'run only shard i of n of each campaign (deterministic; for CI matrices)')
    .option('--workers <n>', 'explore on n worker threads (at most the core count, unless --workers-force)')
    .option('--workers-force', 'run --workers n threads even when n is more than the cores')
    .option('--corpus <dir>', 'where failures are saved and replayed first (default .interleave, or $INTERLEAVE_CORPUS)')
    .option('--no-corpus', 'neither replay saved failures nor save new ones')
    .action(async (names: string[], flags: ExploreFlags) => {
      // Each command loads what it needs when it runs: `check-history` never loads the explorer.
      const { exploreCommand } = await import('./exploreCommand.js');
      code = await exploreCommand(names, flags, io);
    });

  program
    .command('replay')
    .description('re-run the schedule a token recorded: reproduced (exit 1), fixed (exit 0), stale or malformed (exit 2)')
    .argument('<token>', 'the token printed by explore (il1.…)')
    .option('--file <path>', 'the module that defines the scenario, when it is not bundled')
    .option('--format <format>', 'text | md | html | json', 'text')
    .option('--bisect', 'exit codes for `git bisect run`: a commit the token does not fit (or where the scenario is missing) is skipped (125)')
    .action(async (token: string, flags: ReplayFlags) => {
      const { replayCommand } = await import('./replayCommand.js');
      code = await replayCommand(token, flags, io);
    });

  program
    .command('list')
    .description('name the bundled scenarios (or those of --file)')
    .option('--file <path>', 'list the scenarios this module exports')
    .option('--json', 'print JSON')
    .action(async (flags: { file?: string; json?: boolean }) => {
      const { listCommand } = await import('./listCommand.js');
      code = await listCommand(flags, io);
    });

  const corpus = program
    .command('corpus')
    .description(`the failures explore saved (default ${'`'}.interleave/${'`'}, or $INTERLEAVE_CORPUS): list, prune, merge`);
  corpus
    .command('list')
    .description('name the saved failures of each scenario and how each was found')
    .option('--dir <dir>', 'the corpus directory')
    .option('--json', 'one JSON object per saved failure (NDJSON)')
    .action(async (flags: CorpusFlags) => {
      const { corpusList } = await import('./corpusCommand.js');
      code = corpusList(flags, io);
    });
  corpus
    .command('prune')
    .description('replay every saved token; remove the fixed and stale ones (exit 1 while some still fail)')
    .option('--dir <dir>', 'the corpus directory')
    .option('--file <path>', 'the module that defines the scenarios, when they are not bundled')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .action(async (flags: CorpusFlags) => {
      const { corpusPrune } = await import('./corpusCommand.js');
      code = await corpusPrune(flags, io);
    });
  corpus
    .command('merge')
    .description("combine the corpora of a campaign's shards and name each scenario's first failure (exit 1 if any)")
    .argument('<dirs...>', 'the corpus directories the shards saved')
    .option('--into <dir>', 'where the merged corpus goes (default: the corpus directory)')
    .option('--file <path>', 'the module that defines the scenarios, for the printed replay commands')
    .option('--json', 'NDJSON: one failure event per scenario, then a summary')
    .action(async (dirs: string[], flags: CorpusFlags) => {
      const { corpusMerge } = await import('./corpusCommand.js');
      code = corpusMerge(dirs, flags, io);
    });

  program
    .command('check-history')
    .description('check a recorded history (JSON Lines, Jepsen shape) for linearizability; exit 0 yes, 1 no, 2 bad input, 4 unknown')
    .argument('<file>', 'one {"process","type":"invoke|ok|fail|info","f","key"?,"value"} object per line')
    .requiredOption('--spec <spec>', 'register | kv | path of a .ts/.js module exporting a SequentialSpec')
    .option('--time-limit <ms>', 'give up with verdict unknown after this long (default 60000)')
    .option('--budget <steps>', 'give up with verdict unknown after this many search steps per partition')
    .option('--html <file>', 'also write the picture (lanes, bars, prefix, breaking operation) as HTML')
    .option('--rows <n>', 'most rows of the printed table (default 40)')
    .option('--json', 'print the verdict as JSON')
    .action(async (file: string, flags: CheckHistoryFlags) => {
      const { checkHistoryCommand } = await import('./checkHistoryCommand.js');
      code = await checkHistoryCommand(file, flags, io);
    });

  if (argv.length === 0) {
    // Bare `interleave`: what it can do, on stdout, and a clean exit (it is a question, not a mistake).
    io.out(program.helpInformation().trimEnd());
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, --version, and a bare group (`interleave corpus`) have printed what was asked.
      if (e.exitCode === 0 || e.code === 'commander.help' || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      io.err(`${terminalText(e.message.split('\n')[0]!).replace(/^error: /, `${paintErr(io).red('error:')} `)} — run \`interleave --help\` for usage`);
      return 2;
    }
    if (e instanceof InterleaveError) {
      // Messages echo user input (a token, a path, a name): one line, every control character escaped.
      io.err(`${paintErr(io).red('error:')} ${terminalText(e.message)}`);
      return 2;
    }
    throw e;
  }
}
