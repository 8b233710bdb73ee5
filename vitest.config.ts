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
