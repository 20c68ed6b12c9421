import type { AcceptanceRow } from './acceptance.service';
import type { CategoryRow } from './case-catalog.service';
import type { PhotoRow } from './case-photos.service';
import type { CaseEventRow, CaseRow } from './case-steps';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The clock as a reader wants it: where it stands now. */
function clockOf(row: CaseRow) {
  if (!row.stage || !row.stageStartedAt || !row.warnAt || !row.stageDueAt || !row.secondDueAt) return null;
  const state = row.secondBreachedAt
    ? 'second_breach'
    : row.breachedAt
      ? 'breached'
      : row.warnedAt
        ? 'warned'
        : 'running';
  return {
    stage: row.stage,
    startedAt: row.stageStartedAt.toISOString(),
    warnAt: row.warnAt.toISOString(),
    dueAt: row.stageDueAt.toISOString(),
    secondDueAt: row.secondDueAt.toISOString(),
    state: state as 'running' | 'warned' | 'breached' | 'second_breach',
    provisional: row.provisional,
  };
}

export function presentCase(row: CaseRow) {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    channel: row.channel,
    categoryId: row.categoryId,
    categoryVersion: row.categoryVersion,
    orgUnitId: row.orgUnitId,
    levelUnitId: row.levelUnitId,
    title: row.title,
    description: row.description,
    location: row.location,
    attributes: row.attributes,
    handler: row.handlerKind
      ? { kind: row.handlerKind, departmentId: row.handlerDepartmentId, orgUnitId: row.handlerOrgUnitId }
      : null,
    workItemId: row.workItemId,
    clock: clockOf(row),
    sentBack: row.sentBack,
    escalations: row.escalations,
    breaches: row.breaches,
    refusal: row.refusal,
    duplicateOf: row.duplicateOf,
    closedAt: iso(row.closedAt),
    onTime: row.onTime,
    satisfaction: row.satisfaction,
    sample: row.sample,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentCaseEvent(event: CaseEventRow) {
  return {
    seq: event.seq,
    kind: event.kind,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actor: { kind: event.actorKind, id: event.actorId },
    reason: event.reason,
    details: event.details,
    at: event.at.toISOString(),
  };
}

export function presentCategory(row: CategoryRow) {
  return {
    id: row.id,
    code: row.code,
    name: { zh: row.nameZh, en: row.nameEn },
    hint: { zh: row.hintZh, en: row.hintEn },
    handlerKind: row.handlerKind,
    departmentId: row.departmentId,
    limits: row.limits,
    attributes: row.attributes.map((attribute) => ({ ...attribute, required: attribute.required ?? false })),
    public: row.public,
    active: row.active,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentAcceptance(row: AcceptanceRow) {
  return {
    id: row.id,
    caseId: row.caseId,
    fromUnitId: row.fromUnitId,
    raisedBy: row.raisedBy,
    departmentId: row.departmentId,
    subject: row.subject,
    body: row.body,
    dueAt: row.dueAt.toISOString(),
    status: row.status,
    reason: row.reason,
    answeredAt: iso(row.answeredAt),
    escalatedToUnitId: row.escalatedToUnitId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentPhoto(row: PhotoRow) {
  return {
    id: row.id,
    stage: row.stage,
    contentType: row.contentType,
    bytes: row.bytes,
    sha256: row.sha256,
    published: row.publishedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
