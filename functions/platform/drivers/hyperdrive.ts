import { NodePgDatabase, NodePgSession } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { TablesRelationalConfig } from 'drizzle-orm/relations';
import pg from 'pg';
import type { Database, DatabaseHandle } from '../db';
import { deferBegin } from './deferred-begin';
import { relationalSchema } from './relational';

/**
 * The Worker's database through Cloudflare Hyperdrive (a `HYPERDRIVE` binding): `pg` over a TCP
 * socket (`cloudflare:sockets`) to a pooled connection near the Worker, instead of the Neon driver's
 * WebSocket to the database. Hyperdrive keeps the server sessions and the TLS to the database, so a
 * request opens only a plain socket to it. A pool per request, as with Neon (sockets cannot outlive
 * a request); statements unnamed (Hyperdrive pools in transaction mode).
 */
export function openHyperdrive(connectionString: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on('connect', (client) => deferBegin(client as never, { namedStatements: false }));
  pool.on('error', (error: Error) => {
    if (!/Network connection lost|Connection terminated|socket has been closed/.test(error.message))
      console.warn('database connection lost while idle:', error.message);
  });
  const dialect = new PgDialect();
  const described = relationalSchema();
  const db = new NodePgDatabase<TablesRelationalConfig>(
    dialect,
    new NodePgSession(pool, dialect, described),
    described as never,
  );
  return { db: Object.assign(db, { $client: pool }) as unknown as Database, close: () => pool.end() };
}
