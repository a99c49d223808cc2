import { defineConfig } from 'vitest/config';

// For child runs of fixtures only: no JSON reporter, so the parent run's results file is untouched.
// FIXTURE names the one fixture file a suite runs (default: simTest's).
export default defineConfig({
  test: { include: [process.env.FIXTURE ?? 'e2e/simTest.fixture.ts'], reporters: ['default'], pool: 'forks' },
});
