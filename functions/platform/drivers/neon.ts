import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import * as schema from '../../../schema';
import type { DatabaseHandle } from '../db';
import { deferBegin } from './deferred-begin';

export interface NeonOptions {
  connectionString: string;
  /**
   * `host:port` of a WebSocket→TCP bridge in front of a plain Postgres (local runs and tests).
   * Unset in production, where Neon's own proxy terminates the WebSocket.
   */
  wsProxy?: string | undefined;
  /** Node has no global WebSocket before 22; pass `ws` there. */
  webSocketConstructor?: unknown;
}

/** Opens a Neon pool; on Workers, open one per request and close it when the request ends. */
export function openNeon(options: NeonOptions): DatabaseHandle {
  if (options.webSocketConstructor) {
    neonConfig.webSocketConstructor = options.webSocketConstructor as typeof WebSocket;
  }
  if (options.wsProxy) {
    const proxy = options.wsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: options.connectionString, max: 4 });
  // A pool per request: a named statement would be prepared for one request and then dropped, and
  // behind a pooler or the embedded database's socket it may collide with another connection's.
  pool.on('connect', (client: unknown) => deferBegin(client as never, { namedStatements: false }));
  // A connection that drops while idle is reported on the pool (errors of running queries reach
  // their callers); the next query opens another. Unheard, it would be an uncaught error. workerd
  // cuts a request's sockets as the pool closes ("Network connection lost"): expected, not logged.
  pool.on('error', (error: Error) => {
    if (!/Network connection lost/.test(error.message))
      console.warn('database connection lost while idle:', error.message);
  });
  const db = drizzle({ client: pool, schema });
  return { db, close: () => pool.end() };
}
