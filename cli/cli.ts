#!/usr/bin/env node
/** What the `interleave` command (bin/interleave.js) runs, from source or compiled; everything else is in main.ts. */
import { main } from './main.js';
import { terminalText } from '../reports/sanitise.js';

let finished = false;
let exitCalled: unknown;
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  if (!finished) exitCalled = code ?? 0;
  return exit(code as number | undefined);
}) as typeof process.exit;

// The process ends before the command does: a --file module (or the code under test) called
// process.exit, or nothing is left that could settle what the command awaits. Either way a silent
// exit 0 would read as "no failure": say so, and exit 2.
process.on('exit', (code) => {
  if (finished) return;
  const why =
    exitCalled !== undefined
      ? `process.exit(${terminalText(String(exitCalled))}) was called before interleave finished (by a --file module or the code under test)`
      : `the process ran out of work before interleave finished (exit code ${code}): something it awaited can never settle`;
  process.stderr.write(`error: ${why} — a scenario module must not exit the process; remove the call, or run the module with node to see where it exits\n`);
  process.exitCode = 2;
});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (e: unknown) => {
    finished = true;
    // Not an input error: a bug in interleave or in the scenario. Keep the stack for the bug report.
    process.stderr.write(`internal error: ${terminalText(e instanceof Error ? (e.stack ?? e.message) : String(e), { keepNewlines: true })}\n`);
    process.exitCode = 3;
  },
);
