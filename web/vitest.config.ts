import { defineConfig } from 'vitest/config';

// Browser tests start the built server and drive Chromium, so files run one at a time; the console's
// pure logic (src/**/*.test.ts) runs here too.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // One first start of the server, copied by every file (e2e/global-setup.ts).
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
