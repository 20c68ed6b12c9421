import { neonConfig, Pool } from '@neondatabase/serverless';
import { NeonDatabase, NeonSession } from 'drizzle-orm/neon-serverless';
import type { DatabaseHandle } from '../db';
import { describedDatabase, perRequestPool } from './per-request';

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
  const pool = perRequestPool(new Pool({ connectionString: options.connectionString, max: 4 }));
  const db = describedDatabase(pool, NeonDatabase, NeonSession);
  return { db, close: () => pool.end() };
}
