import { and, asc, eq, inArray } from 'drizzle-orm';
import { departments, type WorkList, workItems, workItemVersions } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { admissionErrors, admissionIssue } from './admission.errors';

export type WorkItemRow = typeof workItems.$inferSelect;

/** A work item as a city administrator writes it. */
export interface WorkItemInput {
  code: string;
  list: WorkList;
  name: { zh: string; en: string };
  legalBasis: string;
  departmentId?: string | null | undefined;
  levels: string[];
  fundingPerCommunity: number;
  staffPerCommunity: number;
  authority?: string | undefined;
  forms: string[];
  validFrom: string;
  validUntil?: string | null | undefined;
}

/** Whether an item is in force on a day: active and within its validity. */
export function inForce(
  item: Pick<WorkItemRow, 'status' | 'validFrom' | 'validUntil'>,
  day: string,
): boolean {
  return (
    item.status === 'active' && item.validFrom <= day && (item.validUntil === null || day <= item.validUntil)
  );
}

/** Problems with what an item or application names: its department and the city's levels. */
export async function checkDepartmentAndLevels(
  tx: Executor,
  ctx: Pick<ReadContext, 'tenant'>,
  input: { departmentId?: string | null | undefined; levels: string[] },
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (input.departmentId) {
    const [found] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, input.departmentId)));
    if (!found) issues.push(admissionIssue('departmentId', 'admission.department_unknown'));
  }
  const known = new Set(ctx.tenant.structure.levels.map((level) => level.key as string));
  input.levels.forEach((level, index) => {
    if (!known.has(level))
      issues.push(admissionIssue(`levels.${index}`, 'admission.level_unknown', { level }));
  });
  return issues;
}

async function checkItem(tx: Transaction, ctx: ServiceContext, input: WorkItemInput) {
  refuseUnsafeText(
    {
      name: input.name,
      legalBasis: input.legalBasis,
      authority: input.authority,
      ...Object.fromEntries(input.forms.map((form, index) => [`forms.${index}`, form])),
    },
    { multiline: ['legalBasis', 'authority'] },
  );
  const issues = await checkDepartmentAndLevels(tx, ctx, input);
  if (input.validUntil && input.validUntil < input.validFrom)
    issues.push(admissionIssue('validUntil', 'admission.ends_before_start'));
  if (issues.length > 0) throw admissionErrors.invalid(issues);
}

const columnsOf = (input: WorkItemInput) => ({
  code: input.code,
  list: input.list,
  nameZh: input.name.zh,
  nameEn: input.name.en,
  legalBasis: input.legalBasis,
  departmentId: input.departmentId ?? null,
  levels: input.levels,
  fundingPerCommunity: input.fundingPerCommunity,
  staffPerCommunity: input.staffPerCommunity,
  authority: input.authority ?? '',
  forms: input.forms,
  validFrom: input.validFrom,
  validUntil: input.validUntil ?? null,
});

/** The city's three lists, in list then code order (public: the catalog is no secret). */
export async function listWorkItems(
  ctx: ReadContext,
  filter: { lists?: WorkList[] | undefined; includeRevoked?: boolean | undefined } = {},
): Promise<WorkItemRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select()
      .from(workItems)
      .where(
        and(
          eq(workItems.tenantId, ctx.tenant.id),
          filter.lists ? inArray(workItems.list, filter.lists) : undefined,
          filter.includeRevoked ? undefined : eq(workItems.status, 'active'),
        ),
      )
      .orderBy(asc(workItems.list), asc(workItems.code)),
  );
}

export async function findWorkItem(tx: Executor, tenantId: string, id: string) {
  const [row] = await tx
    .select()
    .from(workItems)
    .where(and(eq(workItems.tenantId, tenantId), eq(workItems.id, id)));
  return row;
}

/** Inserts an item (the caller authorized and audits); a taken code is a field problem. */
export async function insertWorkItem(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'now'>,
  input: WorkItemInput,
  extra: { applicationId?: string; sample?: boolean } = {},
): Promise<WorkItemRow> {
  try {
    const [row] = await tx
      .insert(workItems)
      .values({
        tenantId: ctx.tenant.id,
        ...columnsOf(input),
        ...extra,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  } catch (error) {
    if (pgErrorCode(error) === pgCodes.uniqueViolation) throw admissionErrors.codeTaken();
    throw error;
  }
}

/** A city administrator adds an item to one of the lists. */
export async function createWorkItem(ctx: ServiceContext, input: WorkItemInput): Promise<WorkItemRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    await checkItem(tx, ctx, input);
    const row = await insertWorkItem(tx, ctx, input);
    await recordAudit(
      ctx,
      tx,
      'work_item.create',
      { type: 'work_item', id: row.id },
      { code: row.code, list: row.list },
    );
    return row;
  });
}

async function lockItem(tx: Transaction, tenantId: string, id: string, version?: number) {
  const [before] = await tx
    .select()
    .from(workItems)
    .where(and(eq(workItems.tenantId, tenantId), eq(workItems.id, id)))
    .for('update');
  if (!before) throw admissionErrors.workItemNotFound();
  if (version !== undefined && version !== before.version) throw admissionErrors.stale();
  return before;
}

/** Keeps the text before a change (the item's version history). */
async function keepVersion(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'now'>,
  before: WorkItemRow,
) {
  const { tenantId: _tenant, createdAt: _created, ...document } = before;
  await tx.insert(workItemVersions).values({
    tenantId: ctx.tenant.id,
    workItemId: before.id,
    version: before.version,
    document: JSON.parse(JSON.stringify(document)) as Record<string, unknown>,
    createdAt: ctx.now(),
  });
}

/** A city administrator edits an item: the version goes up and the previous text is kept. */
export async function updateWorkItem(
  ctx: ServiceContext,
  id: string,
  input: WorkItemInput & { version?: number | undefined },
): Promise<WorkItemRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    const before = await lockItem(tx, ctx.tenant.id, id, input.version);
    if (before.status === 'revoked') throw admissionErrors.revoked();
    await checkItem(tx, ctx, input);
    await keepVersion(tx, ctx, before);
    let row: WorkItemRow | undefined;
    try {
      [row] = await tx
        .update(workItems)
        .set({ ...columnsOf(input), version: before.version + 1, updatedAt: ctx.now() })
        .where(and(eq(workItems.tenantId, ctx.tenant.id), eq(workItems.id, id)))
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw admissionErrors.codeTaken();
      throw error;
    }
    if (!row) throw admissionErrors.workItemNotFound();
    await recordAudit(
      ctx,
      tx,
      'work_item.update',
      { type: 'work_item', id },
      { code: row.code, version: row.version },
    );
    return row;
  });
}

/** An item leaves the catalog with a reason; its history stays, and communities may decline its work. */
export async function revokeWorkItem(
  ctx: ServiceContext,
  id: string,
  input: { reason: string; version?: number | undefined },
): Promise<WorkItemRow> {
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    const before = await lockItem(tx, ctx.tenant.id, id, input.version);
    if (before.status === 'revoked') throw admissionErrors.revoked();
    await keepVersion(tx, ctx, before);
    const [row] = await tx
      .update(workItems)
      .set({
        status: 'revoked',
        revokedAt: ctx.now(),
        revokedReason: input.reason,
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(and(eq(workItems.tenantId, ctx.tenant.id), eq(workItems.id, id)))
      .returning();
    if (!row) throw admissionErrors.workItemNotFound();
    await recordAudit(
      ctx,
      tx,
      'work_item.revoke',
      { type: 'work_item', id },
      { code: row.code, reason: input.reason },
    );
    return row;
  });
}
