import { defineConfig } from 'vitest/config';

// Two projects: the server's unit and API tests, and the browser tests against the built console.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // Two files at a time: vitest's default on a 2-core machine is one (cores − 1), and most files
          // wait on a database or a child process part of the time. The browser tests (fileParallelism
          // false) run after these, one file at a time.
          maxWorkers: 2,
          isolate: false,
          // One installed database, copied by every test file (server/src/test/global-setup.ts).
          globalSetup: ['server/src/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      'web/vitest.config.ts',
    ],
  },
});
