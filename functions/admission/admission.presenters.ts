import type { admissionReviews } from '../../schema';
import type { AgreementItemRow, AgreementRow } from './agreements.service';
import type { ApplicationRow } from './applications.service';
import type { WorkItemRow } from './work-items.service';

export function presentWorkItem(row: WorkItemRow) {
  return {
    id: row.id,
    code: row.code,
    list: row.list,
    name: { zh: row.nameZh, en: row.nameEn },
    legalBasis: row.legalBasis,
    departmentId: row.departmentId,
    levels: row.levels,
    fundingPerCommunity: row.fundingPerCommunity,
    staffPerCommunity: row.staffPerCommunity,
    authority: row.authority,
    forms: row.forms,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    status: row.status,
    applicationId: row.applicationId,
    revokedReason: row.revokedReason,
    sample: row.sample,
    version: row.version,
  };
}

export function presentApplication(
  row: ApplicationRow,
  reviews: (typeof admissionReviews.$inferSelect)[] = [],
) {
  return {
    id: row.id,
    number: row.number,
    departmentId: row.departmentId,
    orgUnitId: row.orgUnitId,
    list: row.list,
    name: { zh: row.nameZh, en: row.nameEn },
    legalBasis: row.legalBasis,
    levels: row.levels,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    fundingPerCommunity: row.fundingPerCommunity,
    staffPerCommunity: row.staffPerCommunity,
    authority: row.authority,
    forms: row.forms,
    status: row.status,
    stepKey: row.stepKey,
    dueAt: row.dueAt.toISOString(),
    provisional: row.provisional,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    workItemId: row.workItemId,
    sample: row.sample,
    version: row.version,
    reviews: reviews.map((review) => ({
      stepKey: review.stepKey,
      outcome: review.outcome,
      comment: review.comment,
      actor: { kind: review.actorKind, id: review.actorId },
      at: review.at.toISOString(),
    })),
  };
}

export function presentAgreement(
  row: AgreementRow,
  items: { item: AgreementItemRow; code: string; nameZh: string; nameEn: string }[] = [],
) {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    year: row.year,
    version: row.version,
    status: row.status,
    governmentObligations: row.governmentObligations,
    committeeObligations: row.committeeObligations,
    penalties: row.penalties,
    committeeSignedAt: row.committeeSignedAt?.toISOString() ?? null,
    governmentSignedAt: row.governmentSignedAt?.toISOString() ?? null,
    items: items.map((entry) => ({
      workItemId: entry.item.workItemId,
      code: entry.code,
      name: { zh: entry.nameZh, en: entry.nameEn },
      fundingYuan: entry.item.fundingYuan,
      guidance: entry.item.guidance,
    })),
  };
}
