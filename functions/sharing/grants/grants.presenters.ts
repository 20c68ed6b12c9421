import { awaiting } from './grant-owners';
import type { GrantRow } from './grants.service';

export function presentGrant(grant: GrantRow) {
  return {
    id: grant.id,
    departmentId: grant.departmentId,
    kind: grant.kind,
    fields: grant.fields,
    readableFields: grant.readableFields,
    purposeCode: grant.purposeCode,
    purpose: grant.purpose,
    legalBasis: grant.legalBasis,
    validFrom: grant.validFrom,
    validTo: grant.validTo,
    orgUnitId: grant.orgUnitId,
    status: grant.status,
    ownerApproved: grant.ownerApprovedAt !== null,
    cityApproved: grant.cityApprovedAt !== null,
    owners: Object.entries(grant.ownerDecisions)
      .map(([departmentId, owner]) => ({
        departmentId,
        fields: owner.fields,
        decision: owner.withdrawnAt
          ? ('withdrawn' as const)
          : owner.approve === null
            ? null
            : owner.approve
              ? ('approved' as const)
              : ('refused' as const),
        reason: owner.reason,
        decidedAt: owner.at,
      }))
      .sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
    awaiting: awaiting(grant),
    replyBy: grant.replyBy.toISOString(),
    reason: grant.reason,
  };
}
