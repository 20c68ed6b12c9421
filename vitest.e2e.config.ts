import { defineConfig } from 'vitest/config';

/**
 * Browser tests (`npm run test:e2e`): the real server (`scripts/start.ts`: wrangler dev + embedded
 * Postgres, seeded with the four cities) on scratch data and free ports, driven through Debian's
 * chromium by playwright-core, every page checked by axe-core. Kept out of `npm test` because it
 * needs the chromium package (`.ci/run` installs it).
 */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/support/global-setup.ts'],
    // One server and one browser for the whole run: files take turns.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
  },
});
