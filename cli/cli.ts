#!/usr/bin/env node
/** What the `interleave` command (bin/interleave.js) runs, from source or compiled; everything else is in main.ts. */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Not an input error: a bug in interleave or in the scenario. Keep the stack for the bug report.
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
