import { neonConfig, Pool } from '@neondatabase/serverless';
import { NeonDatabase, NeonSession } from 'drizzle-orm/neon-serverless';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { TablesRelationalConfig } from 'drizzle-orm/relations';
import type { Database, DatabaseHandle } from '../db';
import { deferBegin } from './deferred-begin';
import { relationalSchema } from './relational';

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

/** What `drizzle({ client, schema })` builds, with the schema's description reused. */
function neonDatabase(pool: Pool): Database {
  const dialect = new PgDialect();
  const described = relationalSchema();
  const db = new NeonDatabase<TablesRelationalConfig>(
    dialect,
    new NeonSession(pool, dialect, described),
    described as never,
  );
  return Object.assign(db, { $client: pool }) as unknown as Database;
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
  const db = neonDatabase(pool);
  return { db, close: () => pool.end() };
}
