import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../../../schema';
import type { DatabaseHandle } from '../db';
import { deferBegin } from './deferred-begin';
import { migrationsFolder } from './migrations-folder';

/** A real Postgres server from Node (tests with TEST_DATABASE_URL, CLI and benchmarks). */
export function openNodePostgres(connectionString: string, max = 8): DatabaseHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', (error) => console.error('postgres: idle connection lost:', error.message));
  // A long-lived pool on a real server: hot statements are prepared once per connection.
  pool.on('connect', (client) => deferBegin(client as never, { namedStatements: true }));
  const db = drizzle({ client: pool, schema });
  return { db, pool, close: () => pool.end() };
}

export async function migrateNodePostgres(connectionString: string): Promise<void> {
  const handle = openNodePostgres(connectionString, 1);
  try {
    await migrate(drizzle({ client: handle.pool }), { migrationsFolder });
  } finally {
    await handle.close();
  }
}
