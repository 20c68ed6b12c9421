import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  acceptanceRequests,
  cases,
  changeEvents,
  correctionRequests,
  dataDomains,
  type evaluationSubjects,
  type SubjectKind,
} from '../../schema';
import type { Transaction } from '../platform/db';

type Subject = typeof evaluationSubjects.$inferSelect;

/** What a measure reads: the subject resolved to a department and/or a place, and the period. */
export interface MeasureScope {
  tx: Transaction;
  tenantId: string;
  timeZone: string;
  periodStart: string;
  periodEnd: string;
  subject: Subject;
  /** The department whose records count (a department, or a stationed agency's department). */
  departmentId: string | null;
  /** The place whose records count (a unit, or the host of a stationed agency); its subtree counts. */
  unitId: string | null;
}

/** A measure's figures, its 0–100 score (null: nothing to measure) and the ids of the rows it counted. */
export interface MeasureResult {
  name: string;
  score: number | null;
  figures: Record<string, number>;
  rows: Record<string, string[]>;
}

/** A named measure computed from the product's own records; the admission domain adds its own here. */
export interface Measure {
  name: string;
  appliesTo: readonly SubjectKind[];
  compute: (scope: MeasureScope) => Promise<MeasureResult>;
}

const inPeriod = (column: AnyPgColumn, scope: MeasureScope) =>
  sql`(${column} at time zone ${scope.timeZone})::date between ${scope.periodStart}::date and ${scope.periodEnd}::date`;

const inSubtree = (column: AnyPgColumn, unitId: string) => sql`${column} in (
  with recursive down as (
    select id from org_units where id = ${unitId}::uuid
    union all select u.id from org_units u join down on u.parent_id = down.id
  ) select id from down)`;

const share = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);
const round = (value: number) => Math.round(value * 100) / 100;

/** Cases received in the period by the department (at the place, for a station) or at the unit. */
function caseScope(scope: MeasureScope): SQL | undefined {
  const conditions: SQL[] = [eq(cases.tenantId, scope.tenantId)];
  if (scope.departmentId) conditions.push(eq(cases.handlerDepartmentId, scope.departmentId));
  if (scope.unitId) conditions.push(inSubtree(cases.orgUnitId, scope.unitId));
  if (!scope.departmentId && !scope.unitId) return undefined;
  return and(...conditions, inPeriod(cases.createdAt, scope));
}

/**
 * 案卷: received, closed, closed on time, sent back, escalated, residents' satisfaction (1–5). The
 * score is the mean of the on-time share and the satisfaction (as 0–100), of those that exist.
 */
export const casesMeasure: Measure = {
  name: 'cases',
  appliesTo: ['department', 'station', 'unit', 'person'],
  async compute(scope): Promise<MeasureResult> {
    const where = caseScope(scope);
    if (!where) return { name: 'cases', score: null, figures: {}, rows: {} };
    const rows = await scope.tx
      .select({
        id: cases.id,
        closedAt: cases.closedAt,
        onTime: cases.onTime,
        sentBack: cases.sentBack,
        escalations: cases.escalations,
        satisfaction: cases.satisfaction,
      })
      .from(cases)
      .where(where)
      .orderBy(cases.createdAt)
      .limit(50_000);
    const closed = rows.filter((row) => row.closedAt !== null);
    const onTime = closed.filter((row) => row.onTime === true);
    const rated = rows.filter((row) => row.satisfaction !== null);
    const satisfaction = rated.length
      ? rated.reduce((sum, row) => sum + (row.satisfaction ?? 0), 0) / rated.length
      : null;
    const parts = [
      share(onTime.length, closed.length),
      satisfaction === null ? null : ((satisfaction - 1) / 4) * 100,
    ];
    const present = parts.filter((part): part is number => part !== null);
    return {
      name: 'cases',
      score: present.length ? round(present.reduce((a, b) => a + b, 0) / present.length) : null,
      figures: {
        received: rows.length,
        closed: closed.length,
        onTime: onTime.length,
        sentBack: rows.reduce((sum, row) => sum + row.sentBack, 0),
        escalated: rows.filter((row) => row.escalations > 0).length,
        rated: rated.length,
        ...(satisfaction === null ? {} : { satisfaction: round(satisfaction) }),
      },
      rows: {
        cases: rows.map((row) => row.id),
        onTime: onTime.map((row) => row.id),
        sentBack: rows.filter((row) => row.sentBack > 0).map((row) => row.id),
        escalated: rows.filter((row) => row.escalations > 0).map((row) => row.id),
      },
    };
  },
};

/** 限期受理: requests addressed to the department in the period, answered before their deadline. */
export const acceptanceMeasure: Measure = {
  name: 'deadline_requests',
  appliesTo: ['department', 'station'],
  async compute(scope): Promise<MeasureResult> {
    if (!scope.departmentId) return { name: 'deadline_requests', score: null, figures: {}, rows: {} };
    const conditions = [
      eq(acceptanceRequests.tenantId, scope.tenantId),
      eq(acceptanceRequests.departmentId, scope.departmentId),
      inPeriod(acceptanceRequests.createdAt, scope),
    ];
    if (scope.unitId) conditions.push(inSubtree(acceptanceRequests.fromUnitId, scope.unitId));
    const rows = await scope.tx
      .select({
        id: acceptanceRequests.id,
        dueAt: acceptanceRequests.dueAt,
        answeredAt: acceptanceRequests.answeredAt,
      })
      .from(acceptanceRequests)
      .where(and(...conditions))
      .limit(50_000);
    const inTime = rows.filter((row) => row.answeredAt !== null && row.answeredAt <= row.dueAt);
    const score = share(inTime.length, rows.length);
    return {
      name: 'deadline_requests',
      score: score === null ? null : round(score),
      figures: { received: rows.length, answeredInTime: inTime.length },
      rows: { requests: rows.map((row) => row.id), answeredInTime: inTime.map((row) => row.id) },
    };
  },
};

/** Data sharing: changes the department pushed in the period, and corrections answered by their reply date. */
export const sharingMeasure: Measure = {
  name: 'data_sharing',
  appliesTo: ['department'],
  async compute(scope): Promise<MeasureResult> {
    if (!scope.departmentId) return { name: 'data_sharing', score: null, figures: {}, rows: {} };
    const domains = await scope.tx
      .select({ key: dataDomains.key })
      .from(dataDomains)
      .where(
        and(eq(dataDomains.tenantId, scope.tenantId), eq(dataDomains.ownerDepartmentId, scope.departmentId)),
      );
    const keys = domains.map((domain) => domain.key);
    const [pushed] = keys.length
      ? await scope.tx
          .select({ count: sql<number>`count(*)::int` })
          .from(changeEvents)
          .where(
            and(
              eq(changeEvents.tenantId, scope.tenantId),
              inArray(changeEvents.domainKey, keys),
              inPeriod(changeEvents.occurredAt, scope),
            ),
          )
      : [{ count: 0 }];
    const corrections = await scope.tx
      .select({
        id: correctionRequests.id,
        replyBy: correctionRequests.replyBy,
        decidedAt: correctionRequests.decidedAt,
      })
      .from(correctionRequests)
      .where(
        and(
          eq(correctionRequests.tenantId, scope.tenantId),
          eq(correctionRequests.ownerDepartmentId, scope.departmentId),
          inPeriod(correctionRequests.createdAt, scope),
        ),
      )
      .limit(50_000);
    const answered = corrections.filter((row) => row.decidedAt !== null && row.decidedAt <= row.replyBy);
    const score = share(answered.length, corrections.length);
    return {
      name: 'data_sharing',
      score: score === null ? null : round(score),
      figures: {
        changesPushed: pushed?.count ?? 0,
        corrections: corrections.length,
        answeredInTime: answered.length,
      },
      rows: { corrections: corrections.map((row) => row.id), answeredInTime: answered.map((row) => row.id) },
    };
  },
};

/** The measures of the product's own records, by name (the admission domain's are added in compute.ts). */
export const RECORD_MEASURES: readonly Measure[] = [casesMeasure, acceptanceMeasure, sharingMeasure];
