import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import { type BlobStore, memoryBlobStore } from './platform/blob-store';
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
  /** Evidence storage: in memory by default (tests), a folder for `npm run start:node`. */
  blobs?: BlobStore;
}) {
  const blobs = options.blobs ?? memoryBlobStore();
  return createApp({
    openDatabase: () => ({ db: options.db, close: async () => {} }),
    config: () => options.config,
    // The socket's peer; a forwarding header is the client's word, not the platform's.
    clientAddress: (c) =>
      (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress,
    staticAssets: serveStatic({ root: publicDir }),
    blobs: () => blobs,
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

/** Evidence kept in a folder (Node runs): one file per key, its type beside it. */
export function folderBlobStore(dir: string): BlobStore {
  const pathOf = (key: string) => join(dir, ...key.split('/').filter((part) => /^[A-Za-z0-9-]+$/.test(part)));
  return {
    put: async (key, body, contentType) => {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
      await writeFile(`${path}.type`, contentType);
    },
    get: async (key) => {
      const path = pathOf(key);
      try {
        return {
          body: new Uint8Array(await readFile(path)),
          contentType: await readFile(`${path}.type`, 'utf8'),
        };
      } catch {
        return undefined;
      }
    },
  };
}
