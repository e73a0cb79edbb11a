import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (beside the code), `integration` (the real relay over real sockets,
 * real LevelDB, real WebRTC in Node) and `e2e` (Chromium via playwright-core against a built app).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'relay/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'modules/*/test/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own relay and browser; running them one at a time keeps the
          // two-core CI machine from timing out WebRTC negotiations.
          fileParallelism: false,
        },
      },
    ],
  },
});
