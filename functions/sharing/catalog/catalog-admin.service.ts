import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { dataDomains, dataFields, workItems } from '../../../schema';
import { appendAudit } from '../../audit/audit.service';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { actorOf } from '../../auth/principal';
import { todayIn } from '../../platform/dates';
import { type Transaction, withTenant } from '../../platform/db';
import { type FieldIssue, pgCodes, pgErrorCode } from '../../platform/errors';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import type { FieldChange, NewField } from './catalog.service';

/** Conditional and unshared fields must say on what legal basis. */
function legalBasisIssue(sharingClass: string, legalBasis: string) {
  return sharingClass !== 'open' && legalBasis.trim().length < 2
    ? [sharingIssue('legalBasis', 'catalog.legal_basis_required', { sharingClass })]
    : [];
}

async function domainForUpdate(tx: Transaction, tenantId: string, key: string) {
  const [domain] = await tx
    .select()
    .from(dataDomains)
    .where(and(eq(dataDomains.tenantId, tenantId), eq(dataDomains.key, key)))
    .for('update');
  if (!domain) throw sharingErrors.domainNotFound();
  return domain;
}

/**
 * City administrators edit the catalog. Each change bumps the domain's version and is written to
 * the audit trail in the same transaction, which is the catalog's version history.
 */
export async function updateCatalogField(
  ctx: ServiceContext,
  domainKey: string,
  fieldKey: string,
  change: FieldChange,
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'catalog.manage', { tenantId: ctx.tenant.id });
    const domain = await domainForUpdate(tx, ctx.tenant.id, domainKey);
    const [field] = await tx
      .select()
      .from(dataFields)
      .where(and(eq(dataFields.domainId, domain.id), eq(dataFields.key, fieldKey)));
    if (!field) throw sharingErrors.fieldNotFound();
    const sharingClass = change.sharingClass ?? field.sharingClass;
    const legalBasis = change.legalBasis ?? field.legalBasis;
    const issues = legalBasisIssue(sharingClass, legalBasis);
    if (issues.length > 0) throw sharingErrors.invalidFacet(issues);
    const [updated] = await tx
      .update(dataFields)
      .set({
        sharingClass,
        legalBasis,
        ...(change.sensitivity ? { sensitivity: change.sensitivity } : {}),
        ...(change.name ? { nameZh: change.name.zh, nameEn: change.name.en } : {}),
      })
      .where(eq(dataFields.id, field.id))
      .returning();
    const [bumped] = await tx
      .update(dataDomains)
      .set({ version: sql`${dataDomains.version} + 1` })
      .where(eq(dataDomains.id, domain.id))
      .returning({ version: dataDomains.version });
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'catalog.field.update',
        targetType: 'data_field',
        targetId: `${domainKey}.${fieldKey}`,
        details: {
          before: {
            sharingClass: field.sharingClass,
            sensitivity: field.sensitivity,
            legalBasis: field.legalBasis,
          },
          change: { ...change },
          version: bumped?.version,
        },
      },
      ctx.now(),
    );
    return { field: updated, version: bumped?.version ?? domain.version + 1 };
  });
}

/**
 * "Collect once" meets admission (准入): a department that wants community staff to fill in a new
 * field for it needs an admitted work item of its own, in force today, on the statutory or
 * assistance list. The work-admission tables are read directly (sharing sits below admission).
 */
async function admissionIssues(
  tx: Transaction,
  ctx: ServiceContext,
  ownerDepartmentId: string,
  input: NewField,
): Promise<FieldIssue[]> {
  if (input.collectedBy !== 'community') return [];
  if (!input.workItemId) return [sharingIssue('workItemId', 'catalog.work_item_required')];
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  const [item] = await tx
    .select({ id: workItems.id })
    .from(workItems)
    .where(
      and(
        eq(workItems.tenantId, ctx.tenant.id),
        eq(workItems.id, input.workItemId),
        eq(workItems.departmentId, ownerDepartmentId),
        eq(workItems.status, 'active'),
        inArray(workItems.list, ['statutory', 'assisted']),
        lte(workItems.validFrom, today),
        or(isNull(workItems.validUntil), gte(workItems.validUntil, today)),
      ),
    );
  return item ? [] : [sharingIssue('workItemId', 'catalog.work_item_not_admitted')];
}

export async function addCatalogField(ctx: ServiceContext, domainKey: string, input: NewField) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'catalog.manage', { tenantId: ctx.tenant.id });
    const domain = await domainForUpdate(tx, ctx.tenant.id, domainKey);
    const issues = [
      ...legalBasisIssue(input.sharingClass, input.legalBasis ?? ''),
      ...(await admissionIssues(tx, ctx, domain.ownerDepartmentId, input)),
    ];
    if (issues.length > 0) throw sharingErrors.invalidFacet(issues);
    let field: typeof dataFields.$inferSelect | undefined;
    try {
      [field] = await tx
        .insert(dataFields)
        .values({
          tenantId: ctx.tenant.id,
          domainId: domain.id,
          key: input.key,
          type: input.type,
          sensitivity: input.sensitivity,
          sharingClass: input.sharingClass,
          legalBasis: input.legalBasis ?? '',
          nameZh: input.name.zh,
          nameEn: input.name.en,
        })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) {
        throw sharingErrors.invalidFacet([
          sharingIssue('key', 'catalog.field_exists', { domain: domainKey, key: input.key }),
        ]);
      }
      throw error;
    }
    const [bumped] = await tx
      .update(dataDomains)
      .set({ version: sql`${dataDomains.version} + 1` })
      .where(eq(dataDomains.id, domain.id))
      .returning({ version: dataDomains.version });
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'catalog.field.add',
        targetType: 'data_field',
        targetId: `${domainKey}.${input.key}`,
        details: { ...input, version: bumped?.version },
      },
      ctx.now(),
    );
    return { field, version: bumped?.version ?? domain.version + 1 };
  });
}
