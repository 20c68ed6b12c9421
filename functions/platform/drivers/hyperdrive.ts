import { NodePgDatabase, NodePgSession } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { DatabaseHandle } from '../db';
import { describedDatabase, perRequestPool } from './per-request';

/**
 * The Worker's database through Cloudflare Hyperdrive (a `HYPERDRIVE` binding): `pg` over a TCP
 * socket (`cloudflare:sockets`) to a pooled connection near the Worker, instead of the Neon driver's
 * WebSocket to the database. Hyperdrive keeps the server sessions and the TLS to the database, so a
 * request opens only a plain socket to it. A pool per request, as with Neon (sockets cannot outlive
 * a request).
 */
export function openHyperdrive(connectionString: string): DatabaseHandle {
  const pool = perRequestPool(new pg.Pool({ connectionString, max: 4 }));
  return { db: describedDatabase(pool, NodePgDatabase, NodePgSession), close: () => pool.end() };
}
