import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import type { AppConfig } from './env';
import type { Database } from './platform/db';

const publicDir = fileURLToPath(new URL('../web/public', import.meta.url));

/**
 * The same app in Node, sharing one database handle across requests (CLI, benchmarks,
 * `npm run start:node`). Static assets are served from web/public as Workers' assets would be.
 */
export function createNodeApp(options: { db: Database; config: AppConfig; now?: () => Date }) {
  return createApp({
    openDatabase: () => ({ db: options.db, close: async () => {} }),
    config: () => options.config,
    staticAssets: serveStatic({ root: publicDir }),
    ...(options.now ? { now: options.now } : {}),
  });
}

export function serveNode(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  port: number,
  hostname = '127.0.0.1',
) {
  return serve({ fetch: app.fetch, port, hostname });
}
