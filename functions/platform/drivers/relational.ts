import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  type RelationalSchemaConfig,
  type TablesRelationalConfig,
} from 'drizzle-orm/relations';
import * as schema from '../../../schema';

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
