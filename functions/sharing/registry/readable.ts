import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { dataGrants, residents } from '../../../schema';
import { actsOnEveryCity, type Principal } from '../../auth/principal';
import { ROLE_ACTIONS } from '../../auth/roles';
import { unitAndAncestors } from '../../auth/units';
import type { Transaction } from '../../platform/db';
import type { CatalogField } from '../catalog/catalog.service';

export interface ReadScope {
  /** Fields readable for any resident. */
  everywhere: Set<string>;
  /** Fields readable only for residents under a unit (grant limited to part of the tree). */
  underUnit: { orgUnitId: string; fields: Set<string> }[];
  /** Residents under these units are fully readable for the community's own fields (staff). */
  staffUnits: string[];
}

export type GrantKind = 'read' | 'verify';

/** A read bound to a purpose: only grants of these kinds made for this purpose code count. */
export interface PurposeBinding {
  code: string;
  kinds: readonly GrantKind[];
}

/**
 * What a caller may read: open-class fields; a department's own domains; the fields its current
 * grants made readable so far (possibly limited to part of the tree) — for a read bound to a
 * purpose, only grants made for that purpose; for community staff, the person and the community's
 * own data of residents in their units. Never a `none`-class field of another owner.
 * `heldPurposes` are the purposes of the department's current grants of the binding's kinds.
 */
export async function readScope(
  tx: Transaction,
  tenantId: string,
  principal: Principal,
  catalog: CatalogField[],
  today: string,
  binding?: PurposeBinding,
): Promise<ReadScope & { heldPurposes: string[] }> {
  if (principal.kind !== 'api_client')
    return { ...scopeFromGrants(principal, catalog, []), heldPurposes: [] };
  const grants = await tx
    .select({
      fields: dataGrants.readableFields,
      orgUnitId: dataGrants.orgUnitId,
      purposeCode: dataGrants.purposeCode,
    })
    .from(dataGrants)
    .where(
      and(
        eq(dataGrants.tenantId, tenantId),
        eq(dataGrants.departmentId, principal.departmentId),
        inArray(dataGrants.status, ['approved', 'pending']),
        inArray(dataGrants.kind, [...(binding?.kinds ?? ['read'])]),
        sql`cardinality(${dataGrants.readableFields}) > 0`,
        lte(dataGrants.validFrom, today),
        gte(dataGrants.validTo, today),
      ),
    );
  const heldPurposes = [
    ...new Set(grants.flatMap((grant) => (grant.purposeCode ? [grant.purposeCode] : []))),
  ].sort();
  const bound = binding ? grants.filter((grant) => grant.purposeCode === binding.code) : grants;
  return { ...scopeFromGrants(principal, catalog, bound), heldPurposes };
}

/** The scope from the department's approved, current grants (read by the caller, this request). */
export function scopeFromGrants(
  principal: Principal,
  catalog: CatalogField[],
  grants: readonly { fields: string[]; orgUnitId: string | null }[],
): ReadScope {
  const scope: ReadScope = { everywhere: new Set(), underUnit: [], staffUnits: [] };
  for (const field of catalog) if (field.sharingClass === 'open') scope.everywhere.add(field.qualified);
  if (actsOnEveryCity(principal)) {
    for (const field of catalog) if (field.sharingClass !== 'none') scope.everywhere.add(field.qualified);
    return scope;
  }
  if (principal.kind === 'user') {
    scope.staffUnits = principal.grants
      .filter((grant) => ROLE_ACTIONS[grant.role].includes('residents.read'))
      .map((g) => g.orgUnitId);
    return scope;
  }
  for (const field of catalog)
    if (field.ownerDepartmentId === principal.departmentId) scope.everywhere.add(field.qualified);
  const grantable = new Set(
    catalog.filter((field) => field.sharingClass !== 'none').map((field) => field.qualified),
  );
  for (const grant of grants) {
    const fields = new Set(grant.fields.filter((name) => grantable.has(name)));
    if (grant.orgUnitId) scope.underUnit.push({ orgUnitId: grant.orgUnitId, fields });
    else for (const name of fields) scope.everywhere.add(name);
  }
  return scope;
}

/** The fields readable for one resident, given where they live. */
export async function fieldsFor(
  tx: Transaction,
  tenantId: string,
  scope: ReadScope,
  catalog: CatalogField[],
  addressUnitId: string,
): Promise<Set<string>> {
  if (scope.underUnit.length === 0 && scope.staffUnits.length === 0) return new Set(scope.everywhere);
  return fieldsForLineage(scope, catalog, (await unitAndAncestors(tx, tenantId, addressUnitId)) ?? []);
}

/** The fields readable for a resident whose address unit has this lineage (the unit and its ancestors). */
export function fieldsForLineage(scope: ReadScope, catalog: CatalogField[], lineage: string[]): Set<string> {
  const readable = new Set(scope.everywhere);
  for (const part of scope.underUnit)
    if (lineage.includes(part.orgUnitId)) for (const name of part.fields) readable.add(name);
  if (scope.staffUnits.some((unit) => lineage.includes(unit))) {
    for (const field of catalog) {
      if (field.domainKey === 'person' || field.domainKey === 'community_basics')
        readable.add(field.qualified);
    }
  }
  return readable;
}

/** Fields readable for at least some resident: what a search predicate or a feed may mention. */
export function fieldsSomewhere(scope: ReadScope, catalog: CatalogField[]): Set<string> {
  const names = new Set(scope.everywhere);
  for (const part of scope.underUnit) for (const name of part.fields) names.add(name);
  if (scope.staffUnits.length > 0) {
    for (const field of catalog) {
      if (field.domainKey === 'person' || field.domainKey === 'community_basics') names.add(field.qualified);
    }
  }
  return names;
}

/**
 * Per resident, what the caller may read (a grant may cover only part of the tree), for the
 * feed and webhooks: one query for the residents' addresses, one lineage lookup per address.
 */
export async function readableByResident(
  tx: Transaction,
  tenantId: string,
  scope: ReadScope,
  catalog: CatalogField[],
  residentIds: string[],
): Promise<(residentId: string) => Set<string>> {
  const unique = [...new Set(residentIds)];
  const everywhere = new Set(scope.everywhere);
  if (unique.length === 0 || (scope.underUnit.length === 0 && scope.staffUnits.length === 0))
    return () => everywhere;
  const rows = await tx
    .select({ id: residents.id, unit: residents.addressUnitId })
    .from(residents)
    .where(and(eq(residents.tenantId, tenantId), inArray(residents.id, unique)));
  const byUnit = new Map<string, Set<string>>();
  const byResident = new Map<string, Set<string>>();
  for (const row of rows) {
    let readable = byUnit.get(row.unit);
    if (!readable) {
      readable = await fieldsFor(tx, tenantId, scope, catalog, row.unit);
      byUnit.set(row.unit, readable);
    }
    byResident.set(row.id, readable);
  }
  return (residentId) => byResident.get(residentId) ?? everywhere;
}
