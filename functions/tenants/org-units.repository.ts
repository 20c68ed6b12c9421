import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { orgUnitLineage, orgUnits, reforms } from '../../schema';
import type { Executor } from '../platform/db';

export type OrgUnitRow = typeof orgUnits.$inferSelect;
export type ReformRow = typeof reforms.$inferSelect;

/** Units that exist on `asOf`: opened on or before it, and not yet closed. */
export function existsOn(asOf: string): SQL {
  return and(
    or(isNull(orgUnits.validFrom), lte(orgUnits.validFrom, asOf)),
    or(isNull(orgUnits.validTo), gt(orgUnits.validTo, asOf)),
  ) as SQL;
}

export async function listUnitsAsOf(
  db: Executor,
  tenantId: string,
  query: {
    asOf: string;
    level?: string | undefined;
    parentId?: string | undefined;
    after?: string | undefined;
    limit: number;
  },
): Promise<OrgUnitRow[]> {
  return db
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.tenantId, tenantId),
        existsOn(query.asOf),
        query.level ? eq(orgUnits.level, query.level) : undefined,
        query.parentId ? eq(orgUnits.parentId, query.parentId) : undefined,
        query.after ? gt(orgUnits.code, query.after) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.code))
    .limit(query.limit);
}

export async function countUnitsByLevelAsOf(
  db: Executor,
  tenantId: string,
  asOf: string,
  parentId?: string,
): Promise<Record<string, number>> {
  const rows = await db
    .select({ level: orgUnits.level, n: count() })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.tenantId, tenantId),
        existsOn(asOf),
        parentId ? eq(orgUnits.parentId, parentId) : undefined,
      ),
    )
    .groupBy(orgUnits.level);
  return Object.fromEntries(rows.map((row) => [row.level, Number(row.n)]));
}

/** For each unit of `rootLevel` (districts), how many units of each level sit anywhere below it on `asOf`. */
export async function descendantCountsAsOf(
  db: Executor,
  tenantId: string,
  asOf: string,
  rootLevel: string,
): Promise<Map<string, Record<string, number>>> {
  const live = sql`(u.valid_from is null or u.valid_from <= ${asOf}::date) and (u.valid_to is null or u.valid_to > ${asOf}::date)`;
  const result = await db.execute(sql`
    with recursive tree as (
      select u.id as root_id, u.id from org_units u
       where u.tenant_id = ${tenantId} and u.level = ${rootLevel} and ${live}
      union all
      select t.root_id, u.id from org_units u join tree t on u.parent_id = t.id
       where u.tenant_id = ${tenantId} and ${live}
    )
    select t.root_id, u.level, count(*)::int as n
      from tree t join org_units u on u.id = t.id
     where u.id <> t.root_id
     group by t.root_id, u.level`);
  const counts = new Map<string, Record<string, number>>();
  for (const row of (result as unknown as { rows: { root_id: string; level: string; n: number }[] }).rows) {
    const entry = counts.get(row.root_id) ?? {};
    entry[row.level] = Number(row.n);
    counts.set(row.root_id, entry);
  }
  return counts;
}

export async function findUnit(db: Executor, tenantId: string, id: string): Promise<OrgUnitRow | undefined> {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, id)))
    .limit(1);
  return row;
}

export async function updateUnit(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Partial<Pick<OrgUnitRow, 'nameZh' | 'nameEn' | 'attributes'>>,
): Promise<OrgUnitRow> {
  if (Object.keys(changes).length === 0) {
    const unchanged = await findUnit(db, tenantId, id);
    if (!unchanged) throw new Error('unit vanished');
    return unchanged;
  }
  const [row] = await db
    .update(orgUnits)
    .set(changes)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, id)))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

/** The root of the tenant's tree (the city): the one unit without a parent. */
export async function loadAllUnits(db: Executor, tenantId: string): Promise<OrgUnitRow[]> {
  return db.select().from(orgUnits).where(eq(orgUnits.tenantId, tenantId));
}

export async function insertUnits(
  db: Executor,
  rows: (typeof orgUnits.$inferInsert)[],
): Promise<OrgUnitRow[]> {
  if (rows.length === 0) return [];
  return db.insert(orgUnits).values(rows).returning();
}

export async function closeUnits(
  db: Executor,
  tenantId: string,
  unitIds: string[],
  on: string,
  reformId: string,
): Promise<void> {
  if (unitIds.length === 0) return;
  await db
    .update(orgUnits)
    .set({ validTo: on, closedByReformId: reformId })
    .where(and(eq(orgUnits.tenantId, tenantId), inArray(orgUnits.id, unitIds), isNull(orgUnits.validTo)));
}

export async function insertLineage(
  db: Executor,
  rows: (typeof orgUnitLineage.$inferInsert)[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(orgUnitLineage).values(rows);
}

export async function insertReform(db: Executor, row: typeof reforms.$inferInsert): Promise<ReformRow> {
  const [inserted] = await db.insert(reforms).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function findReformByCode(db: Executor, tenantId: string, code: string) {
  const [row] = await db
    .select({ id: reforms.id })
    .from(reforms)
    .where(and(eq(reforms.tenantId, tenantId), eq(reforms.code, code)))
    .limit(1);
  return row;
}

export async function findReform(db: Executor, tenantId: string, id: string): Promise<ReformRow | undefined> {
  const [row] = await db
    .select()
    .from(reforms)
    .where(and(eq(reforms.tenantId, tenantId), eq(reforms.id, id)))
    .limit(1);
  return row;
}

export async function listReforms(db: Executor, tenantId: string): Promise<ReformRow[]> {
  return db
    .select()
    .from(reforms)
    .where(eq(reforms.tenantId, tenantId))
    .orderBy(asc(reforms.effectiveOn), asc(reforms.code));
}

/** How many units of each level every reform closed and opened. */
export async function reformUnitCounts(db: Executor, tenantId: string) {
  const closed = await db
    .select({ reformId: orgUnits.closedByReformId, level: orgUnits.level, n: count() })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), isNotNull(orgUnits.closedByReformId)))
    .groupBy(orgUnits.closedByReformId, orgUnits.level);
  const opened = await db
    .select({ reformId: orgUnits.openedByReformId, level: orgUnits.level, n: count() })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), isNotNull(orgUnits.openedByReformId)))
    .groupBy(orgUnits.openedByReformId, orgUnits.level);
  const result = new Map<string, { closed: Record<string, number>; opened: Record<string, number> }>();
  const entry = (id: string) => {
    let value = result.get(id);
    if (!value) {
      value = { closed: {}, opened: {} };
      result.set(id, value);
    }
    return value;
  };
  for (const row of closed) if (row.reformId) entry(row.reformId).closed[row.level] = Number(row.n);
  for (const row of opened) if (row.reformId) entry(row.reformId).opened[row.level] = Number(row.n);
  return result;
}

export async function reformUnits(db: Executor, tenantId: string, reformId: string) {
  const units = await db
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.tenantId, tenantId),
        or(eq(orgUnits.closedByReformId, reformId), eq(orgUnits.openedByReformId, reformId)),
      ),
    )
    .orderBy(asc(orgUnits.code));
  const lineage = await db
    .select()
    .from(orgUnitLineage)
    .where(and(eq(orgUnitLineage.tenantId, tenantId), eq(orgUnitLineage.reformId, reformId)));
  return { units, lineage };
}

/** Predecessors and successors of one unit, across all reforms. */
export async function unitLineage(db: Executor, tenantId: string, unitId: string) {
  return db
    .select({
      reformId: orgUnitLineage.reformId,
      predecessorId: orgUnitLineage.predecessorId,
      successorId: orgUnitLineage.successorId,
      otherCode: orgUnits.code,
      otherNameZh: orgUnits.nameZh,
      otherNameEn: orgUnits.nameEn,
    })
    .from(orgUnitLineage)
    .innerJoin(
      orgUnits,
      sql`${orgUnits.id} = case when ${orgUnitLineage.predecessorId} = ${unitId} then ${orgUnitLineage.successorId} else ${orgUnitLineage.predecessorId} end`,
    )
    .where(
      and(
        eq(orgUnitLineage.tenantId, tenantId),
        or(eq(orgUnitLineage.predecessorId, unitId), eq(orgUnitLineage.successorId, unitId)),
      ),
    );
}
