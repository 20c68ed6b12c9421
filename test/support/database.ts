import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { bindLogKey, type DatabaseHandle } from '../../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../../functions/platform/drivers/node-postgres';
import { openPglite } from '../../functions/platform/drivers/pglite';
import { testLogKey } from './fixtures';

export interface TestDatabase extends DatabaseHandle {
  kind: 'pglite' | 'postgres';
  /** The connection string, for tests that need connections of their own (real server only). */
  url?: string;
  /** Runs raw SQL as the connecting (owner) role, outside any tenant: for asserting what was stored. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Records the text of every statement sent outside a transaction until `stop` (what a request
   * costs the database, e.g. a page-cache hit); statements inside transactions are not seen.
   */
  record(): { stop(): string[] };
}

function recorder(target: { query: (...args: never[]) => unknown }) {
  return () => {
    const seen: string[] = [];
    const original = target.query;
    target.query = ((...args: unknown[]) => {
      const [first] = args;
      seen.push(typeof first === 'string' ? first : String((first as { text?: string })?.text));
      return (original as (...a: unknown[]) => unknown).apply(target, args);
    }) as never;
    return {
      stop() {
        target.query = original;
        return seen;
      },
    };
  };
}

/**
 * A fresh, migrated database for one test file: a copy of the migrated PGlite snapshot, or a new
 * database on TEST_DATABASE_URL's server (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const snapshot = readFileSync(inject('pgliteSnapshot'));
    const handle = await openPglite({ loadDataDir: new Blob([snapshot]) });
    return {
      kind: 'pglite',
      db: bindLogKey(handle.db, testLogKey()),
      close: handle.close,
      query: async <T>(text: string, params?: unknown[]) => (await handle.client.query<T>(text, params)).rows,
      record: recorder(handle.client as never),
    };
  }
  const name = `shequ_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateNodePostgres(url.toString());
  const handle = openNodePostgres(url.toString(), 8);
  return {
    kind: 'postgres',
    url: url.toString(),
    db: bindLogKey(handle.db, testLogKey()),
    query: async <T>(text: string, params?: unknown[]) => (await handle.pool.query(text, params)).rows as T[],
    record: recorder(handle.pool as never),
    close: async () => {
      // Connections still closing must not surface as uncaught errors when the database goes.
      handle.pool.on('error', () => {});
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      for (let attempt = 0; ; attempt++) {
        try {
          await cleanup.query(`drop database if exists ${name}${attempt >= 20 ? ' with (force)' : ''}`);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await cleanup.end();
    },
  };
}
