import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  agreementItems,
  assistanceAgreements,
  caseEvents,
  cases,
  fundingObligations,
  workItems,
} from '../../schema';
import type { Measure, MeasureResult, MeasureScope } from './measures';

/**
 * Measures over the admission domain's records (准入, 协助管理协议书, 费随事转): work a department
 * pushed down under admitted items and how much of it communities declined, its agreement
 * obligations met (or a committee's), and the funding it owed paid by the due date.
 */

const none = (name: string): MeasureResult => ({ name, score: null, figures: {}, rows: {} });
const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((10000 * part) / whole) / 100 : null;
const years = (scope: MeasureScope) => {
  const first = Number(scope.periodStart.slice(0, 4));
  const last = Number(scope.periodEnd.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
};

/** 准入: cases in the period carrying one of the department's work items; those a community declined. */
export const admittedWorkMeasure: Measure = {
  name: 'admitted_work',
  appliesTo: ['department'],
  async compute(scope): Promise<MeasureResult> {
    if (!scope.departmentId) return none('admitted_work');
    const rows = await scope.tx
      .select({ id: cases.id })
      .from(cases)
      .innerJoin(workItems, eq(workItems.id, cases.workItemId))
      .where(
        and(
          eq(cases.tenantId, scope.tenantId),
          eq(workItems.departmentId, scope.departmentId),
          sql`(${cases.createdAt} at time zone ${scope.timeZone})::date between ${scope.periodStart}::date and ${scope.periodEnd}::date`,
        ),
      )
      .limit(50_000);
    const ids = rows.map((row) => row.id);
    const declined = ids.length
      ? await scope.tx
          .selectDistinct({ id: caseEvents.caseId })
          .from(caseEvents)
          .where(
            and(
              eq(caseEvents.tenantId, scope.tenantId),
              inArray(caseEvents.caseId, ids),
              eq(caseEvents.kind, 'decline_work'),
            ),
          )
      : [];
    const score = percent(ids.length - declined.length, ids.length);
    return {
      name: 'admitted_work',
      score,
      figures: { pushedDown: ids.length, declined: declined.length },
      rows: { cases: ids, declined: declined.map((row) => row.id) },
    };
  },
};

/**
 * 协助管理协议书: items of signed agreements in the period's years — a committee (a unit) by the
 * items it met, a department by the items of its work it met as the government side.
 */
export const agreementMeasure: Measure = {
  name: 'agreement_obligations',
  appliesTo: ['department', 'unit'],
  async compute(scope): Promise<MeasureResult> {
    const side = scope.subject.kind === 'department' ? 'government' : 'committee';
    const where = [
      eq(agreementItems.tenantId, scope.tenantId),
      eq(assistanceAgreements.status, 'signed'),
      inArray(assistanceAgreements.year, years(scope)),
    ];
    if (side === 'government' && scope.departmentId)
      where.push(eq(workItems.departmentId, scope.departmentId));
    else if (side === 'committee' && scope.unitId)
      where.push(sql`${assistanceAgreements.orgUnitId} in (
        with recursive down as (select id from org_units where id = ${scope.unitId}::uuid
          union all select u.id from org_units u join down on u.parent_id = down.id) select id from down)`);
    else return none('agreement_obligations');
    const rows = await scope.tx
      .select({
        id: agreementItems.id,
        committeeMet: agreementItems.committeeMet,
        governmentMet: agreementItems.governmentMet,
      })
      .from(agreementItems)
      .innerJoin(assistanceAgreements, eq(assistanceAgreements.id, agreementItems.agreementId))
      .innerJoin(workItems, eq(workItems.id, agreementItems.workItemId))
      .where(and(...where))
      .limit(50_000);
    const judged = rows.filter(
      (row) => (side === 'government' ? row.governmentMet : row.committeeMet) !== null,
    );
    const met = judged.filter(
      (row) => (side === 'government' ? row.governmentMet : row.committeeMet) === true,
    );
    return {
      name: 'agreement_obligations',
      score: percent(met.length, judged.length),
      figures: { items: rows.length, judged: judged.length, met: met.length },
      rows: { items: rows.map((row) => row.id), met: met.map((row) => row.id) },
    };
  },
};

/** 费随事转: the department's funding obligations due in the period, paid in full by their due date. */
export const fundingMeasure: Measure = {
  name: 'funding_on_time',
  appliesTo: ['department'],
  async compute(scope): Promise<MeasureResult> {
    if (!scope.departmentId) return none('funding_on_time');
    const rows = await scope.tx
      .select({
        id: fundingObligations.id,
        amount: fundingObligations.amountYuan,
        paidInTime: sql<number>`coalesce((select sum(p.amount_yuan) from funding_payments p
          where p.obligation_id = ${fundingObligations.id} and p.paid_on <= ${fundingObligations.dueOn}), 0)::int`,
      })
      .from(fundingObligations)
      .innerJoin(workItems, eq(workItems.id, fundingObligations.workItemId))
      .where(
        and(
          eq(fundingObligations.tenantId, scope.tenantId),
          eq(workItems.departmentId, scope.departmentId),
          sql`${fundingObligations.dueOn} between ${scope.periodStart}::date and ${scope.periodEnd}::date`,
        ),
      )
      .limit(50_000);
    const onTime = rows.filter((row) => row.paidInTime >= row.amount);
    return {
      name: 'funding_on_time',
      score: percent(onTime.length, rows.length),
      figures: {
        obligations: rows.length,
        paidOnTime: onTime.length,
        owedYuan: rows.reduce((sum, row) => sum + row.amount, 0),
        paidOnTimeYuan: rows.reduce((sum, row) => sum + Math.min(row.amount, row.paidInTime), 0),
      },
      rows: { obligations: rows.map((row) => row.id), paidOnTime: onTime.map((row) => row.id) },
    };
  },
};

export const ADMISSION_MEASURES: readonly Measure[] = [admittedWorkMeasure, agreementMeasure, fundingMeasure];
