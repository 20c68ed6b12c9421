import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp } from './app';
import type { AppConfig } from './env';
import type { Database } from './platform/db';

const publicDir = fileURLToPath(new URL('../web/public', import.meta.url));

/**
 * The same app in Node, sharing one database handle across requests (CLI, benchmarks,
 * `npm run start:node`). Static assets are served from web/public as Workers' assets would be.
 */
export function createNodeApp(options: { db: Database; config: AppConfig; now?: () => Date }) {
  const app = createApp({
    openDatabase: () => ({ db: options.db, close: async () => {} }),
    config: () => options.config,
    ...(options.now ? { now: options.now } : {}),
  });
  const outer = new Hono();
  outer.use('/vendor/*', serveStatic({ root: publicDir, rewriteRequestPath: (path) => path }));
  outer.use('/static/*', serveStatic({ root: publicDir }));
  outer.route('/', app);
  return outer;
}

export function serveNode(app: Hono, port: number, hostname = '127.0.0.1') {
  return serve({ fetch: app.fetch, port, hostname });
}

export async function readPublicFile(path: string) {
  return readFile(`${publicDir}/${path}`);
}
