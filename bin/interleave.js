#!/usr/bin/env node
/**
 * The `interleave` command. In a checkout of interleave (its TypeScript sources beside this file) it
 * runs the sources through tsx, so a replay runs the code as it is checked out, with no build to
 * forget after switching branches; in an installed package (no sources) it runs the compiled dist/.
 * This file is committed, not built: npx links a project's bin when it first meets the project, and
 * a bin whose target did not exist yet then stayed unlinked in npx's cache for good.
 */
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const source = new URL('../cli/cli.ts', import.meta.url);
try {
  if (existsSync(source)) {
    const { register } = await import('tsx/esm/api');
    register();
    await import(source.href);
  } else {
    await import(new URL('../dist/cli/cli.js', import.meta.url).href);
  }
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  console.error(`error: ${String(e.message).split('\n')[0]} — run \`npm install\` first (in a checkout of interleave), or reinstall the package`);
  process.exit(2);
}
