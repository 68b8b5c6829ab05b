import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'scenarios/*/*.test.ts', 'test/fixtures/scenarios/*/lesson.test.ts'],
          environment: 'node',
        },
      },
      {
        // Real processes: give each test room, and do not run files in parallel so that
        // CPU measurements on this 2-core machine are not disturbed by other suites.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/chaos/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
