import { PgDialect } from 'drizzle-orm/pg-core';
import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  type RelationalSchemaConfig,
  type TablesRelationalConfig,
} from 'drizzle-orm/relations';
import * as schema from '../../../schema';
import type { Database } from '../db';
import { deferBegin } from './deferred-begin';

/**
 * Drizzle's relational description of the schema, worked out once per isolate. `drizzle({ schema })`
 * works it out again on every call — 0.6–1.1 ms of CPU in Node for our ~100 tables — and the Worker
 * opens a database per request, so it was paid on every request (issue 17). It is plain data about
 * the tables, the same for every connection.
 */
let relational: RelationalSchemaConfig<TablesRelationalConfig> | undefined;
export function relationalSchema() {
  if (!relational) {
    const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
    relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  }
  return relational;
}

type DrizzleClass = new (...args: never[]) => object;

/**
 * What `drizzle({ client, schema })` builds — Drizzle's database over its session for `client` —
 * with the schema's description reused: `Db` and `Session` are the driver's classes (Neon's or
 * node-postgres').
 */
export function describedDatabase(client: object, Db: DrizzleClass, Session: DrizzleClass): Database {
  const dialect = new PgDialect();
  const described = relationalSchema();
  const make = <T>(Class: DrizzleClass, ...args: unknown[]) =>
    new (Class as new (...a: unknown[]) => T)(...args);
  const db = make<object>(Db, dialect, make(Session, client, dialect, described), described);
  return Object.assign(db, { $client: client }) as unknown as Database;
}

/** Either driver's pool, as far as its events go (their listener types differ in detail). */
interface EventPool {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/**
 * A pool opened for one Worker request. Statements go unnamed: a named statement would be prepared
 * for one request and dropped, and behind a pooler (Neon's, Hyperdrive) or the embedded database's
 * socket it may collide with another connection's. A connection that drops while idle is reported
 * on the pool (errors of running queries reach their callers) and the next query opens another;
 * unheard it would be an uncaught error. workerd cuts a request's sockets as the pool closes:
 * expected, not logged.
 */
export function perRequestPool<P extends EventPool>(pool: P): P {
  pool.on('connect', (client: never) => deferBegin(client, { namedStatements: false }));
  pool.on('error', (error: Error) => {
    if (!/Network connection lost|Connection terminated|socket has been closed/.test(error.message))
      console.warn('database connection lost while idle:', error.message);
  });
  return pool;
}
