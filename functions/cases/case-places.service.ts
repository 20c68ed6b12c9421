import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { cases, orgUnits } from '../../schema';
import type { ServiceContext } from '../auth/context';
import { actsOnEveryCity } from '../auth/principal';
import type { Action } from '../auth/roles';
import { withTenant } from '../platform/db';
import { actsForDepartment, departmentsOf, inSubtrees, requireCity, unitGrants } from './case-access';
import { PLACE_LEVELS } from './cases.service';
import { LOOP_OF_LEVEL } from './loops';

/**
 * The units a form offers: where a person may collect a case, where they may raise a
 * deadline-bound request from, and the names of the units a list shows. Reads only; the verbs
 * still decide.
 */

export interface PlaceRow {
  id: string;
  code: string;
  level: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
}

/** A city has a few thousand units at most; a form lists no more than this. */
const MOST = 3000;

const columns = {
  id: orgUnits.id,
  code: orgUnits.code,
  level: orgUnits.level,
  parentId: orgUnits.parentId,
  nameZh: orgUnits.nameZh,
  nameEn: orgUnits.nameEn,
};

async function currentUnits(ctx: ServiceContext, levels: string[], within: SQL | undefined) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select(columns)
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.tenantId, ctx.tenant.id),
          isNull(orgUnits.validTo),
          inArray(orgUnits.level, levels),
          within,
        ),
      )
      .orderBy(asc(orgUnits.code))
      .limit(MOST),
  );
}

/** Current units of `levels` in the subtrees of the actor's grants that hold `action`. */
function underGrants(ctx: ServiceContext, action: Action, levels: string[]) {
  if (actsOnEveryCity(ctx.actor)) return currentUnits(ctx, levels, undefined);
  return currentUnits(ctx, levels, inSubtrees('org_units.id', unitGrants(ctx.actor, action)));
}

/**
 * Where the actor may collect a case: the grids, courtyards and communities under their grants
 * (all of the city's for a city administrator); a department reports wherever the problem is.
 */
export async function placesToReport(ctx: ServiceContext): Promise<PlaceRow[]> {
  requireCity(ctx);
  const asDepartment = departmentsOf(ctx.actor).some((id) =>
    actsForDepartment(ctx.actor, 'cases.report', id),
  );
  if (asDepartment) return currentUnits(ctx, PLACE_LEVELS, undefined);
  return underGrants(ctx, 'cases.report', PLACE_LEVELS);
}

/** The communities, streets, districts (and the city) the actor may write a deadline-bound request from. */
export async function unitsToRaiseFrom(ctx: ServiceContext): Promise<PlaceRow[]> {
  requireCity(ctx);
  const levels = Object.keys(LOOP_OF_LEVEL).filter((level) => LOOP_OF_LEVEL[level] !== 'micro');
  return underGrants(ctx, 'acceptance.raise', levels);
}

/** The named units (any level, current or not), for lists that show where things are. */
export async function unitsByIds(ctx: ServiceContext, ids: string[]): Promise<PlaceRow[]> {
  requireCity(ctx);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select(columns)
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), inArray(orgUnits.id, unique))),
  );
}

/** A case's id by its number (`2026-000123`) in this city, for a form that names a case by number. */
export async function caseIdByNumber(ctx: ServiceContext, number: string): Promise<string | undefined> {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.number, number)));
    return row?.id;
  });
}

/** Case numbers by id (a duplicate names the case it repeats). */
export async function caseNumbers(ctx: ServiceContext, ids: string[]): Promise<Map<string, string>> {
  requireCity(ctx);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select({ id: cases.id, number: cases.number })
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), inArray(cases.id, unique))),
  );
  return new Map(rows.map((row) => [row.id, row.number]));
}
