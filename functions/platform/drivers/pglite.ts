import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../../../schema';
import type { DatabaseHandle } from '../db';
import { migrationsFolder } from './migrations-folder';

/** The embedded Postgres: in memory (tests) or persisted in a directory (`.data/`). */
export async function openPglite(options: {
  dataDir?: string;
  loadDataDir?: Blob | File;
}): Promise<DatabaseHandle & { client: PGlite }> {
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzle({ client, schema });
  return { db, client, close: () => client.close() };
}

export async function migratePglite(client: PGlite): Promise<void> {
  await migrate(drizzle({ client }), { migrationsFolder });
}
