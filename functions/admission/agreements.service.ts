import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { agreementItems, assistanceAgreements, orgUnits, workItems } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorRef } from '../cases/case-access';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { admissionErrors, admissionIssue } from './admission.errors';

export type AgreementRow = typeof assistanceAgreements.$inferSelect;
export type AgreementItemRow = typeof agreementItems.$inferSelect;

export interface AgreementInput {
  orgUnitId: string;
  year: number;
  items: { workItemId: string; fundingYuan?: number | undefined; guidance?: string | undefined }[];
  governmentObligations: string;
  committeeObligations: string;
  penalties: string;
}

async function checkAgreement(tx: Transaction, ctx: ServiceContext, input: AgreementInput) {
  refuseUnsafeText(
    {
      governmentObligations: input.governmentObligations,
      committeeObligations: input.committeeObligations,
      penalties: input.penalties,
      ...Object.fromEntries(input.items.map((item, i) => [`items.${i}.guidance`, item.guidance])),
    },
    { multiline: ['governmentObligations', 'committeeObligations', 'penalties'] },
  );
  const issues = [];
  const [unit] = await tx
    .select({ level: orgUnits.level, validTo: orgUnits.validTo })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId)));
  if (!unit || unit.validTo !== null || !['residents_committee', 'community'].includes(unit.level))
    issues.push(admissionIssue('orgUnitId', 'admission.unit_not_committee'));
  const ids = input.items.map((item) => item.workItemId);
  const found =
    ids.length === 0
      ? []
      : await tx
          .select()
          .from(workItems)
          .where(and(eq(workItems.tenantId, ctx.tenant.id), inArray(workItems.id, ids)));
  // An item in force at some time of the agreement's year.
  const [first, last] = [`${input.year}-01-01`, `${input.year}-12-31`];
  input.items.forEach((item, index) => {
    const row = found.find((candidate) => candidate.id === item.workItemId);
    const inYear = row && row.validFrom <= last && (row.validUntil === null || row.validUntil >= first);
    if (row?.list !== 'assisted' || row.status !== 'active' || !inYear)
      issues.push(admissionIssue(`items.${index}.workItemId`, 'admission.item_not_assisted'));
  });
  if (issues.length > 0) throw admissionErrors.invalid(issues);
  return found;
}

/**
 * The street or district drafts a committee's agreement for a year: the assisted items with the
 * money and guidance owed for each, the obligations and penalties both ways. Each draft is a new
 * version; signed versions are never edited.
 */
export async function draftAgreement(ctx: ServiceContext, input: AgreementInput) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'agreements.draft', {
      tenantId: ctx.tenant.id,
      orgUnitId: input.orgUnitId,
    });
    const items = await checkAgreement(tx, ctx, input);
    const [last] = await tx
      .select({ version: sql<number>`coalesce(max(${assistanceAgreements.version}), 0)::int` })
      .from(assistanceAgreements)
      .where(
        and(
          eq(assistanceAgreements.tenantId, ctx.tenant.id),
          eq(assistanceAgreements.orgUnitId, input.orgUnitId),
          eq(assistanceAgreements.year, input.year),
        ),
      );
    const [row] = await tx
      .insert(assistanceAgreements)
      .values({
        tenantId: ctx.tenant.id,
        orgUnitId: input.orgUnitId,
        year: input.year,
        version: (last?.version ?? 0) + 1,
        governmentObligations: input.governmentObligations,
        committeeObligations: input.committeeObligations,
        penalties: input.penalties,
        draftedBy: actorRef(ctx.actor),
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    if (input.items.length > 0)
      await tx.insert(agreementItems).values(
        input.items.map((item) => ({
          tenantId: ctx.tenant.id,
          agreementId: row.id,
          workItemId: item.workItemId,
          fundingYuan:
            item.fundingYuan ?? items.find((found) => found.id === item.workItemId)?.fundingPerCommunity ?? 0,
          guidance: item.guidance ?? '',
        })),
      );
    await recordAudit(
      ctx,
      tx,
      'agreement.draft',
      { type: 'assistance_agreement', id: row.id },
      {
        orgUnitId: row.orgUnitId,
        year: row.year,
        version: row.version,
        items: input.items.length,
      },
    );
    return row;
  });
}

/**
 * One side signs: the committee (its community's staff) or the government (the street or district
 * that drafted it). Signed by both, it is in force and the earlier signed version is superseded.
 */
export async function signAgreement(ctx: ServiceContext, id: string, side: 'committee' | 'government') {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(assistanceAgreements)
      .where(and(eq(assistanceAgreements.tenantId, ctx.tenant.id), eq(assistanceAgreements.id, id)))
      .for('update');
    if (!row) throw admissionErrors.agreementNotFound();
    const action = side === 'committee' ? 'agreements.sign' : 'agreements.draft';
    await authorize(tx, ctx.actor, action, { tenantId: ctx.tenant.id, orgUnitId: row.orgUnitId });
    if (row.status !== 'draft') throw admissionErrors.agreementSigned();
    const signedAlready = side === 'committee' ? row.committeeSignedAt : row.governmentSignedAt;
    if (signedAlready) throw admissionErrors.alreadySigned(side);
    const by = { by: actorRef(ctx.actor), at: ctx.now() };
    const both = side === 'committee' ? row.governmentSignedAt !== null : row.committeeSignedAt !== null;
    const [updated] = await tx
      .update(assistanceAgreements)
      .set({
        ...(side === 'committee'
          ? { committeeSignedBy: by.by, committeeSignedAt: by.at }
          : { governmentSignedBy: by.by, governmentSignedAt: by.at }),
        ...(both ? { status: 'signed' as const } : {}),
      })
      .where(eq(assistanceAgreements.id, id))
      .returning();
    if (!updated) throw admissionErrors.agreementNotFound();
    if (both)
      await tx
        .update(assistanceAgreements)
        .set({ status: 'superseded' })
        .where(
          and(
            eq(assistanceAgreements.tenantId, ctx.tenant.id),
            eq(assistanceAgreements.orgUnitId, row.orgUnitId),
            eq(assistanceAgreements.year, row.year),
            eq(assistanceAgreements.status, 'signed'),
            ne(assistanceAgreements.id, id),
          ),
        );
    await recordAudit(
      ctx,
      tx,
      'agreement.sign',
      { type: 'assistance_agreement', id },
      {
        side,
        inForce: both,
        version: row.version,
      },
    );
    return updated;
  });
}

/** A unit's agreements for a year, newest version first, each with its items. */
export async function agreementsOf(
  ctx: ServiceContext,
  filter: { orgUnitId?: string | undefined; year: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.read', {
      tenantId: ctx.tenant.id,
      ...(filter.orgUnitId ? { orgUnitId: filter.orgUnitId } : {}),
    });
    const rows = await tx
      .select()
      .from(assistanceAgreements)
      .where(
        and(
          eq(assistanceAgreements.tenantId, ctx.tenant.id),
          eq(assistanceAgreements.year, filter.year),
          filter.orgUnitId ? eq(assistanceAgreements.orgUnitId, filter.orgUnitId) : undefined,
        ),
      )
      .orderBy(desc(assistanceAgreements.version))
      .limit(500);
    const items =
      rows.length === 0
        ? []
        : await tx
            .select({
              item: agreementItems,
              code: workItems.code,
              nameZh: workItems.nameZh,
              nameEn: workItems.nameEn,
            })
            .from(agreementItems)
            .innerJoin(workItems, eq(workItems.id, agreementItems.workItemId))
            .where(
              inArray(
                agreementItems.agreementId,
                rows.map((row) => row.id),
              ),
            );
    return rows.map((row) => ({ row, items: items.filter((entry) => entry.item.agreementId === row.id) }));
  });
}
