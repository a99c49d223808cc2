import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
    passWithNoTests: false,
    // CI (.ci/run) reads the JSON results to print its one-line summary.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
