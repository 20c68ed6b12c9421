import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Transaction } from './db';

/**
 * Something that lives on an org unit — a resident's address, a staff role, a grid-staff listing, a
 * unit-limited grant, an open case — and must move when a reform closes the unit. Each domain
 * declares its own (they sit above the tree), and the app hands the list to the reform verb, so the
 * tree itself never imports the domains.
 */
export interface UnitDweller {
  /** A stable name, used in previews, refusals and the reform's audit row: `residents`, `roles`, …. */
  key: string;
  /** How many live on each of the units (units with none are absent). */
  count(tx: Transaction, tenantId: string, unitIds: string[]): Promise<Map<string, number>>;
  /** Moves those living on one unit to another; returns how many moved. */
  move(tx: Transaction, tenantId: string, fromUnitId: string, toUnitId: string): Promise<number>;
}

/**
 * A dweller that is one unit column of one table (`residents.address_unit_id`), optionally limited to
 * live rows (`status <> 'revoked'`). The table must have a `tenant_id` column.
 */
export function columnDweller(
  key: string,
  table: PgTable & { tenantId: AnyPgColumn },
  column: AnyPgColumn,
  live?: SQL,
): UnitDweller {
  return {
    key,
    async count(tx, tenantId, unitIds) {
      if (unitIds.length === 0) return new Map();
      const rows = await tx
        .select({ unit: sql<string>`${column}`, n: sql<number>`count(*)::int` })
        .from(table)
        .where(and(eq(table.tenantId, tenantId), inArray(column, unitIds), live))
        .groupBy(column);
      return new Map(rows.map((row) => [row.unit, row.n]));
    },
    async move(tx, tenantId, fromUnitId, toUnitId) {
      const where = and(eq(table.tenantId, tenantId), eq(column, fromUnitId), live);
      const result = (await tx.execute(
        sql`update ${table} set ${sql.identifier(column.name)} = ${toUnitId} where ${where} returning 1`,
      )) as unknown as { rows: unknown[] };
      return result.rows.length;
    },
  };
}
