import { createServer } from 'node:net';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Two free loopback ports for the workers project's embedded Postgres socket and its WebSocket bridge. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
process.env.SHEQU_TEST_PGLITE_PORT ??= String(await freePort());
process.env.SHEQU_TEST_BRIDGE_PORT ??= String(await freePort());

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['test/support/global-setup-node.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                APP_ENV: 'test',
                DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${process.env.SHEQU_TEST_PGLITE_PORT}/postgres`,
                DATABASE_WS_PROXY: `127.0.0.1:${process.env.SHEQU_TEST_BRIDGE_PORT}`,
                PLATFORM_TOKEN: 'test-platform-token-0123456789abcdef',
                DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          globalSetup: ['test/support/global-setup-workers.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'bundle',
          include: ['test/bundle/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
