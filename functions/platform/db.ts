import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from '../../schema';
import type { LogKey } from './crypto';
import { errors } from './errors';
import { isUuid } from './ids';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction on it: what repositories take. */
export type Executor = Database | Transaction;

/** What one request (or CLI run, or cron sweep) holds open; `close` releases it. */
export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

/**
 * Hot statements, prepared once per connection: on a pooled server connection, a statement whose
 * text starts with this comment is sent as a named prepared statement (named after a digest of its
 * text; see `drivers/deferred-begin.ts`), so the server parses and plans it once per connection
 * rather than on every call. Only for statements of fixed text (every variable part a parameter).
 */
export const PREPARED = '/* prepared */';

/** Transactions already scoped to a tenant, so nested `withTenant` calls reuse them. */
const tenantOf = new WeakMap<object, string>();

/**
 * Runs tenant work in one transaction as the application role with `app.tenant_id` set, so the
 * row-level-security policies hold even if a query forgets its tenant filter. Inside an outer
 * `withTenant` for the same tenant, the outer transaction is reused.
 */
export async function withTenant<T>(
  ctx: { db: Executor; tenantId: string },
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const outer = tenantOf.get(ctx.db);
  if (outer !== undefined) {
    if (outer !== ctx.tenantId) throw new Error('withTenant: nested call for a different tenant');
    return fn(ctx.db as Transaction);
  }
  return ctx.db.transaction(async (tx) => {
    await enterTenant(tx, ctx.tenantId);
    return fn(tx);
  });
}

/**
 * Switches an open transaction to the application role and tenant (both reset at commit). The
 * tenant id is checked to be a UUID and written into the statement, so it has no parameters and
 * can travel with the transaction's `begin` (see `drivers/deferred-begin.ts`).
 */
export async function enterTenant(tx: Transaction, tenantId: string): Promise<void> {
  if (!isUuid(tenantId)) throw new Error('enterTenant: the tenant id is not a UUID');
  await tx.execute(
    sql.raw(`select set_config('role', 'shequ_app', true), set_config('app.tenant_id', '${tenantId}', true)`),
  );
  tenantOf.set(tx, tenantId);
}

/** A transaction as the connecting role, for platform work (tenant lookup, onboarding). */
export async function withTransaction<T>(db: Executor, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (tenantOf.has(db) || isTransaction(db)) return fn(db as Transaction);
  return db.transaction(fn);
}

function isTransaction(db: Executor): boolean {
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

/**
 * The log key each database handle writes and verifies the logs with, bound by the entry that
 * opened it (`bindLogKey`), so that every verb appending an audit row or an access-log row finds it
 * without carrying it. Keyed by the drizzle dialect object: a database and every transaction opened
 * on it (by `withTenant`, `withTransaction` or `db.transaction`, nested or not) share that one
 * object, and two databases never do.
 */
const logKeys = new WeakMap<object, LogKey>();

function dialectOf(db: Executor): object {
  const dialect = (db as unknown as { dialect?: object }).dialect;
  if (!dialect) throw new Error('logKeyOf: not a drizzle database or transaction');
  return dialect;
}

/** Binds the log key to a database handle (and so to its transactions); a no-op without a key. */
export function bindLogKey<D extends Database>(db: D, key: LogKey | undefined): D {
  if (key) logKeys.set(dialectOf(db), key);
  return db;
}

/** The log key bound to this database or transaction; refuses when none is (no unkeyed log rows). */
export function logKeyOf(db: Executor): LogKey {
  const key = logKeys.get(dialectOf(db));
  if (!key) throw errors.error(503, 'config.audit_key_missing');
  return key;
}
