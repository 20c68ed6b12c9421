import { and, asc, eq, sql } from 'drizzle-orm';
import { fundingObligations, fundingPayments, orgUnits, workItems } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { actorRef } from '../cases/case-access';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { admissionErrors, admissionIssue } from './admission.errors';
import type { WorkItemRow } from './work-items.service';

/** Money owed for a year is due by the end of its first half (a default; the seeds give no date). */
export const dueOnFor = (year: number) => `${year}-06-30`;

/** What an item owes each of these communities for a year (skipping what is already owed). */
export async function ensureObligations(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'now'>,
  item: Pick<WorkItemRow, 'id' | 'fundingPerCommunity' | 'sample'>,
  communityIds: string[],
  year: number,
): Promise<number> {
  if (communityIds.length === 0) return 0;
  const rows = await tx
    .insert(fundingObligations)
    .values(
      communityIds.map((orgUnitId) => ({
        tenantId: ctx.tenant.id,
        workItemId: item.id,
        orgUnitId,
        year,
        amountYuan: item.fundingPerCommunity,
        dueOn: dueOnFor(year),
        sample: item.sample,
        createdAt: ctx.now(),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: fundingObligations.id });
  return rows.length;
}

export interface LedgerLine {
  obligationId: string;
  workItemId: string;
  workItemCode: string;
  workItemName: { zh: string; en: string };
  orgUnitId: string;
  orgUnitName: { zh: string; en: string };
  year: number;
  owed: number;
  paid: number;
  outstanding: number;
  dueOn: string;
  /** Paid in full by the due date. */
  paidOnTime: boolean;
}

/** The funding ledger of a year: each admitted item's obligation to each community, paid and outstanding. */
export async function fundingLedger(ctx: ReadContext, year: number): Promise<LedgerLine[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => ledgerOf(tx, ctx.tenant.id, year));
}

export async function ledgerOf(tx: Executor, tenantId: string, year: number): Promise<LedgerLine[]> {
  const paid = tx
    .select({
      obligationId: fundingPayments.obligationId,
      total: sql<number>`sum(${fundingPayments.amountYuan})::int`.as('total'),
      last: sql<string>`max(${fundingPayments.paidOn})::text`.as('last'),
    })
    .from(fundingPayments)
    .where(eq(fundingPayments.tenantId, tenantId))
    .groupBy(fundingPayments.obligationId)
    .as('paid');
  const rows = await tx
    .select({
      obligation: fundingObligations,
      code: workItems.code,
      itemZh: workItems.nameZh,
      itemEn: workItems.nameEn,
      unitZh: orgUnits.nameZh,
      unitEn: orgUnits.nameEn,
      paid: paid.total,
      last: paid.last,
    })
    .from(fundingObligations)
    .innerJoin(workItems, eq(workItems.id, fundingObligations.workItemId))
    .innerJoin(orgUnits, eq(orgUnits.id, fundingObligations.orgUnitId))
    .leftJoin(paid, eq(paid.obligationId, fundingObligations.id))
    .where(and(eq(fundingObligations.tenantId, tenantId), eq(fundingObligations.year, year)))
    .orderBy(asc(orgUnits.code), asc(workItems.code));
  return rows.map((row) => {
    const paidYuan = row.paid ?? 0;
    const owed = row.obligation.amountYuan;
    return {
      obligationId: row.obligation.id,
      workItemId: row.obligation.workItemId,
      workItemCode: row.code,
      workItemName: { zh: row.itemZh, en: row.itemEn },
      orgUnitId: row.obligation.orgUnitId,
      orgUnitName: { zh: row.unitZh, en: row.unitEn },
      year: row.obligation.year,
      owed,
      paid: paidYuan,
      outstanding: Math.max(owed - paidYuan, 0),
      dueOn: row.obligation.dueOn,
      paidOnTime: paidYuan >= owed && (owed === 0 || (row.last !== null && row.last <= row.obligation.dueOn)),
    };
  });
}

/** Per-community totals of a ledger. */
export function communityTotals(lines: LedgerLine[]) {
  const byUnit = new Map<
    string,
    { orgUnitId: string; name: { zh: string; en: string }; owed: number; paid: number; outstanding: number }
  >();
  for (const line of lines) {
    const total = byUnit.get(line.orgUnitId) ?? {
      orgUnitId: line.orgUnitId,
      name: line.orgUnitName,
      owed: 0,
      paid: 0,
      outstanding: 0,
    };
    total.owed += line.owed;
    total.paid += line.paid;
    total.outstanding += line.outstanding;
    byUnit.set(line.orgUnitId, total);
  }
  return [...byUnit.values()];
}

/** A city administrator records a payment against an obligation (never more than is outstanding). */
export async function recordPayment(
  ctx: ServiceContext,
  obligationId: string,
  input: { amountYuan: number; paidOn: string; note?: string | undefined },
) {
  if (input.note) refuseUnsafeText({ note: input.note }, { multiline: ['note'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    const [obligation] = await tx
      .select()
      .from(fundingObligations)
      .where(and(eq(fundingObligations.tenantId, ctx.tenant.id), eq(fundingObligations.id, obligationId)))
      .for('update');
    if (!obligation) throw admissionErrors.obligationNotFound();
    const [sum] = await tx
      .select({ total: sql<number>`coalesce(sum(${fundingPayments.amountYuan}), 0)::int` })
      .from(fundingPayments)
      .where(eq(fundingPayments.obligationId, obligationId));
    const outstanding = obligation.amountYuan - (sum?.total ?? 0);
    if (input.amountYuan > outstanding)
      throw admissionErrors.invalid([admissionIssue('amountYuan', 'admission.overpaid', { outstanding })]);
    const [payment] = await tx
      .insert(fundingPayments)
      .values({
        tenantId: ctx.tenant.id,
        obligationId,
        amountYuan: input.amountYuan,
        paidOn: input.paidOn,
        note: input.note ?? '',
        recordedBy: actorRef(ctx.actor),
        createdAt: ctx.now(),
      })
      .returning();
    if (!payment) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'funding.payment',
      { type: 'funding_obligation', id: obligationId },
      {
        amountYuan: input.amountYuan,
        paidOn: input.paidOn,
      },
    );
    return payment;
  });
}
