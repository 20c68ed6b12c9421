import type { dataGrants, OwnerDecision } from '../../../schema';
import type { CatalogField } from '../catalog/catalog.service';

type Grant = typeof dataGrants.$inferSelect;
export type OwnerDecisions = Record<string, OwnerDecision>;

/**
 * The owners who must decide on a grant: each department owning a conditional field the grant
 * names (other than the requesting department, which reads its own data without a grant), with
 * those fields. Open fields, and the requester's own, need nobody's decision.
 */
export function ownersToAsk(
  fields: readonly string[],
  catalog: CatalogField[],
  requester: string,
): OwnerDecisions {
  const owners: OwnerDecisions = {};
  for (const name of fields) {
    const field = catalog.find((candidate) => candidate.qualified === name);
    if (field?.sharingClass !== 'conditional' || field.ownerDepartmentId === requester) continue;
    const owner = owners[field.ownerDepartmentId] ?? { fields: [], approve: null, reason: null, at: null };
    owner.fields.push(name);
    owners[field.ownerDepartmentId] = owner;
  }
  return owners;
}

/**
 * What the grant makes readable: the fields no owner must decide on at once, and each owner's
 * fields once that owner and the city approved (the city's approval is the rule for conditional
 * fields, see the catalog's sharing classes).
 */
export function readableFields(
  fields: readonly string[],
  owners: OwnerDecisions,
  cityApproved: boolean,
): string[] {
  const asked = new Set(Object.values(owners).flatMap((owner) => owner.fields));
  const readable = fields.filter((name) => !asked.has(name));
  if (cityApproved)
    for (const owner of Object.values(owners)) if (owner.approve === true) readable.push(...owner.fields);
  return [...new Set(readable)].sort();
}

/**
 * The grant's status from its decisions: pending while the city or an owner has not decided (its
 * approved owners' fields are readable meanwhile); then approved if anything is readable, else
 * refused. A city refusal refuses the whole grant (set by the caller).
 */
export function statusAfter(grant: Pick<Grant, 'fields' | 'cityApprovedAt'>, owners: OwnerDecisions) {
  const waiting = Object.values(owners).some((owner) => owner.approve === null);
  const needsCity = Object.keys(owners).length > 0 && grant.cityApprovedAt === null;
  if (waiting || needsCity) return 'pending' as const;
  return readableFields(grant.fields, owners, grant.cityApprovedAt !== null).length > 0
    ? ('approved' as const)
    : ('refused' as const);
}

/**
 * One owner of a grant over several owners' fields takes back the approval it gave: its fields stop
 * being readable, the others' stay. An approved grant left with nothing readable is revoked.
 */
export function withdrawApproval(grant: Grant, owner: string, now: Date) {
  const owners: OwnerDecisions = structuredClone(grant.ownerDecisions);
  const mine = owners[owner];
  if (!mine) throw new Error('not an owner of this grant');
  owners[owner] = {
    ...mine,
    approve: false,
    reason: null,
    at: now.toISOString(),
    withdrawnAt: now.toISOString(),
  };
  const readable = readableFields(grant.fields, owners, grant.cityApprovedAt !== null);
  const status =
    grant.status === 'pending' ? statusAfter(grant, owners) : readable.length > 0 ? grant.status : 'revoked';
  return {
    ownerDecisions: owners,
    ownerApprovedAt: null,
    readableFields: status === 'refused' || status === 'revoked' ? [] : readable,
    status,
  };
}

/** Whose decisions a grant still waits for. */
export function awaiting(grant: Grant): { city: boolean; departments: string[] } {
  if (grant.status !== 'pending') return { city: false, departments: [] };
  return {
    city: grant.cityApprovedAt === null,
    departments: Object.entries(grant.ownerDecisions)
      .filter(([, owner]) => owner.approve === null)
      .map(([department]) => department)
      .sort(),
  };
}
