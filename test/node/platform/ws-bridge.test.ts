import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { neonConfig, Pool } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsBridge } from '../../../scripts/ws-bridge';

/**
 * The WebSocket→TCP bridge `npm start` and the workers tests use. pglite-socket never hangs up
 * on its own, so a bridge that waited for the server would leak one connection per request
 * until the embedded database refused all of them.
 */
let db: PGlite;
let server: PGLiteSocketServer;
let bridge: Awaited<ReturnType<typeof startWsBridge>>;
const MAX_CONNECTIONS = 4;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: MAX_CONNECTIONS });
  await server.start();
  const port = Number(server.getServerConn().split(':')[1]);
  bridge = await startWsBridge({ port: 0, target: { host: '127.0.0.1', port } });
  neonConfig.webSocketConstructor = createRequire(import.meta.url)('ws');
  neonConfig.wsProxy = (host, p) => `127.0.0.1:${bridge.port}/v2?address=${host}:${p}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
});
afterAll(async () => {
  await bridge.close();
  await server.stop();
  await db.close();
});

describe('the WebSocket→TCP bridge', () => {
  it('releases the connection when a pool ends, so many more pools than connections all work', async () => {
    for (let i = 0; i < MAX_CONNECTIONS * 3; i++) {
      const pool = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:5432/postgres` });
      const { rows } = await pool.query('select $1::int as n', [i]);
      expect(rows[0]?.n).toBe(i);
      await pool.end();
      // Give the sockets a moment to close on both sides.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(server.getStats().activeConnections).toBeLessThanOrEqual(1);
  });
});
