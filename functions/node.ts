import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import type { AppConfig } from './platform/config';
import type { Database } from './platform/db';
import { memoryPageCache, type PageCache } from './platform/page-cache';

const publicDir = fileURLToPath(new URL('../web/public', import.meta.url));

/**
 * The same app in Node, sharing one database handle across requests (CLI, benchmarks,
 * `npm run start:node`). Static assets are served from web/public as Workers' assets would be.
 */
export function createNodeApp(options: {
  db: Database;
  config: AppConfig;
  now?: () => Date;
  /** Public-page cache; in memory by default, `null` for none. */
  pageCache?: PageCache | null;
}) {
  return createApp({
    openDatabase: () => ({ db: options.db, close: async () => {} }),
    config: () => options.config,
    // The socket's peer; a forwarding header is the client's word, not the platform's.
    clientAddress: (c) =>
      (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress,
    staticAssets: serveStatic({ root: publicDir }),
    ...(options.pageCache === null ? {} : { pageCache: options.pageCache ?? memoryPageCache() }),
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
