/**
 * The `interleave` command line: `explore`, `replay`, `list` and `check-history`. Returns the exit code instead of
 * exiting, so tests can drive it in-process: 0 ok, 1 a failure was found (or a registry row did not
 * match), 2 bad input — always one line `error: <what happened> — <what to do>`, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { InterleaveError } from '../sim/errors.js';
import type { CheckHistoryFlags } from './checkHistoryCommand.js';
import type { ExploreFlags } from './exploreCommand.js';
import { type Io, processIo } from './io.js';
import type { ReplayFlags } from './replayCommand.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command('interleave')
    .description('Deterministic concurrency simulation testing: explore interleavings, replay a failure from its token.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => {} })
    .showSuggestionAfterError(true);

  program
    .command('explore')
    .description('explore scenarios (all bundled ones when none is named) and report the first failure of each')
    .argument('[scenario...]', 'scenario names (see `interleave list`)')
    .option('--file <path>', 'a .ts/.js module that exports scenarios (loaded through tsx)')
    .option('--strategy <name>', 'portfolio | random | pct | pos | dfs | fast-check')
    .option('--runs <n>', 'most schedules per scenario')
    .option('--seed <seed>', 'exploration seed (default: random; the registry run uses 1)')
    .option('--depth <d>', 'PCT depth')
    .option('--max-steps <n>', 'steps per run before step-limit')
    .option('--json', 'print JSON instead of text (no progress bar)')
    .option('--report <dir>', 'write HTML, Markdown and JSON reports of each failure into dir')
    .option('--shard <i/n>', 'run only shard i of n of each campaign (deterministic; for CI matrices)')
    .option('--workers <n>', 'explore on n worker threads')
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

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      io.err(`${e.message.replace(/^error: /, 'error: ').split('\n')[0]} — run \`interleave --help\` for usage`);
      return 2;
    }
    if (e instanceof InterleaveError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
