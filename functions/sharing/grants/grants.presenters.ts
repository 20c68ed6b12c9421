import type { GrantRow } from './grants.service';

export function presentGrant(grant: GrantRow) {
  return {
    id: grant.id,
    departmentId: grant.departmentId,
    fields: grant.fields,
    purpose: grant.purpose,
    legalBasis: grant.legalBasis,
    validFrom: grant.validFrom,
    validTo: grant.validTo,
    orgUnitId: grant.orgUnitId,
    status: grant.status,
    ownerApproved: grant.ownerApprovedAt !== null,
    cityApproved: grant.cityApprovedAt !== null,
    replyBy: grant.replyBy.toISOString(),
    reason: grant.reason,
  };
}
