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

/** What a scope is built from that depends on the catalog alone, worked out once per catalog. */
export interface CatalogSets {
  open: string[];
  /** Fields of any class but `none`: what a grant may make readable (in catalog order). */
  grantable: Set<string>;
  ownedBy: Map<string, string[]>;
  /** What community staff read of residents in their units: the person and the community's own data. */
  staff: string[];
}
const setsByCatalog = new WeakMap<CatalogField[], CatalogSets>();

export function catalogSets(catalog: CatalogField[]): CatalogSets {
  let sets = setsByCatalog.get(catalog);
  if (!sets) {
    sets = { open: [], grantable: new Set(), ownedBy: new Map(), staff: [] };
    for (const field of catalog) {
      if (field.sharingClass === 'open') sets.open.push(field.qualified);
      if (field.sharingClass !== 'none') sets.grantable.add(field.qualified);
      if (field.domainKey === 'person' || field.domainKey === 'community_basics')
        sets.staff.push(field.qualified);
      const owned = sets.ownedBy.get(field.ownerDepartmentId);
      if (owned) owned.push(field.qualified);
      else sets.ownedBy.set(field.ownerDepartmentId, [field.qualified]);
    }
    setsByCatalog.set(catalog, sets);
  }
  return sets;
}

/** The scope from the department's approved, current grants (read by the caller, this request). */
export function scopeFromGrants(
  principal: Principal,
  catalog: CatalogField[],
  grants: readonly { fields: string[]; orgUnitId: string | null }[],
): ReadScope {
  const sets = catalogSets(catalog);
  const scope: ReadScope = { everywhere: new Set(sets.open), underUnit: [], staffUnits: [] };
  if (actsOnEveryCity(principal)) {
    for (const name of sets.grantable) scope.everywhere.add(name);
    return scope;
  }
  if (principal.kind === 'user') {
    scope.staffUnits = principal.grants
      .filter((grant) => ROLE_ACTIONS[grant.role].includes('residents.read'))
      .map((g) => g.orgUnitId);
    return scope;
  }
  for (const name of sets.ownedBy.get(principal.departmentId) ?? []) scope.everywhere.add(name);
  for (const grant of grants) {
    const fields = new Set(grant.fields.filter((name) => sets.grantable.has(name)));
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
  if (scope.staffUnits.some((unit) => lineage.includes(unit)))
    for (const name of catalogSets(catalog).staff) readable.add(name);
  return readable;
}

/** Fields readable for at least some resident: what a search predicate or a feed may mention. */
export function fieldsSomewhere(scope: ReadScope, catalog: CatalogField[]): Set<string> {
  const names = new Set(scope.everywhere);
  for (const part of scope.underUnit) for (const name of part.fields) names.add(name);
  if (scope.staffUnits.length > 0) for (const name of catalogSets(catalog).staff) names.add(name);
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
