import { defineConfig } from 'vitest/config';

// For child runs of fixtures only: no JSON reporter, so the parent run's results file is untouched.
export default defineConfig({
  test: { include: ['e2e/simTest.fixture.ts'], reporters: ['default'], pool: 'forks' },
});
