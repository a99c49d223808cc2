import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // .scratch/ holds a developer's own experiments (git-ignored): not the kit's suite.
    exclude: ['**/node_modules/**', '**/dist/**', '.scratch/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default leaves one core to its main process, which only waits: on a 2-core CI machine
    // that ran the files one at a time. The tests are CPU-bound, so use every core.
    maxWorkers: '100%',
    passWithNoTests: false,
    // The kit's own suites must not replay each other's failures: the corpus is off unless a test turns it on.
    env: { INTERLEAVE_CORPUS: 'off' },
    // CI (.ci/run) reads the JSON results to print its one-line summary.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
