import { and, asc, eq } from 'drizzle-orm';
import { caseCategories, caseCategoryVersions, departments } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import type { CategoryInput } from './case-catalog.schema';
import { caseIssue, casesErrors } from './cases.errors';
import { DEFAULT_CATEGORIES } from './catalog.defaults';

export type CategoryRow = typeof caseCategories.$inferSelect;

/**
 * A new city's case catalog: the ten grid work contents, each handled by its department where the
 * city has it (otherwise by the community). Run once by onboarding, in its transaction; idempotent.
 */
export async function seedCaseCatalog(tx: Transaction, tenantId: string): Promise<number> {
  const own = await tx
    .select({ id: departments.id, key: departments.key })
    .from(departments)
    .where(eq(departments.tenantId, tenantId));
  const byKey = new Map(own.map((row) => [row.key, row.id]));
  const rows = DEFAULT_CATEGORIES.map((category) => {
    const departmentId =
      category.handler.kind === 'department' ? byKey.get(category.handler.department) : undefined;
    return {
      tenantId,
      code: category.code,
      nameZh: category.name.zh,
      nameEn: category.name.en,
      hintZh: category.hint?.zh ?? '',
      hintEn: category.hint?.en ?? '',
      handlerKind: departmentId
        ? ('department' as const)
        : category.handler.kind === 'grid'
          ? ('grid' as const)
          : ('community' as const),
      departmentId: departmentId ?? null,
      limits: category.limits,
      attributes: category.attributes,
      public: category.public,
    };
  });
  const inserted = await tx
    .insert(caseCategories)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: caseCategories.id });
  return inserted.length;
}

/** The city's catalog, by code. */
export async function listCategories(ctx: ReadContext & { db: Executor }): Promise<CategoryRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select()
      .from(caseCategories)
      .where(eq(caseCategories.tenantId, ctx.tenant.id))
      .orderBy(asc(caseCategories.code)),
  );
}

export async function findCategory(
  tx: Transaction,
  tenantId: string,
  id: string,
): Promise<CategoryRow | undefined> {
  const [row] = await tx
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.id, id)));
  return row;
}

async function checkCategory(tx: Transaction, tenantId: string, input: CategoryInput) {
  refuseUnsafeText({ name: input.name, hint: input.hint });
  if (input.handlerKind === 'department' && !input.departmentId)
    throw casesErrors.categoryInvalid([caseIssue('departmentId', 'category.department_required')]);
  if (input.handlerKind !== 'department' && input.departmentId)
    throw casesErrors.categoryInvalid([caseIssue('departmentId', 'category.department_not_allowed')]);
  if (input.departmentId) {
    const [found] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, input.departmentId)));
    if (!found) throw casesErrors.categoryInvalid([caseIssue('departmentId', 'case.department_unknown')]);
  }
}

const columnsOf = (input: CategoryInput) => ({
  code: input.code,
  nameZh: input.name.zh,
  nameEn: input.name.en,
  hintZh: input.hint.zh,
  hintEn: input.hint.en,
  handlerKind: input.handlerKind,
  departmentId: input.departmentId,
  limits: input.limits,
  attributes: input.attributes,
  public: input.public,
  active: input.active,
});

/** A city administrator adds a category. */
export async function createCategory(ctx: ServiceContext, input: CategoryInput): Promise<CategoryRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'case_catalog.manage', { tenantId: ctx.tenant.id });
    await checkCategory(tx, ctx.tenant.id, input);
    let row: CategoryRow | undefined;
    try {
      [row] = await tx
        .insert(caseCategories)
        .values({ tenantId: ctx.tenant.id, ...columnsOf(input), createdAt: ctx.now(), updatedAt: ctx.now() })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw casesErrors.categoryCodeTaken();
      throw error;
    }
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'case_category.create',
      { type: 'case_category', id: row.id },
      { code: row.code },
    );
    return row;
  });
}

/** A city administrator edits a category: the version goes up and the previous text is kept. */
export async function updateCategory(
  ctx: ServiceContext,
  id: string,
  input: CategoryInput,
): Promise<CategoryRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'case_catalog.manage', { tenantId: ctx.tenant.id });
    const [before] = await tx
      .select()
      .from(caseCategories)
      .where(and(eq(caseCategories.tenantId, ctx.tenant.id), eq(caseCategories.id, id)))
      .for('update');
    if (!before) throw casesErrors.categoryNotFound();
    await checkCategory(tx, ctx.tenant.id, input);
    const { tenantId: _tenant, createdAt: _created, ...document } = before;
    await tx.insert(caseCategoryVersions).values({
      tenantId: ctx.tenant.id,
      categoryId: id,
      version: before.version,
      document: JSON.parse(JSON.stringify(document)) as Record<string, unknown>,
      createdAt: ctx.now(),
    });
    let row: CategoryRow | undefined;
    try {
      [row] = await tx
        .update(caseCategories)
        .set({ ...columnsOf(input), version: before.version + 1, updatedAt: ctx.now() })
        .where(and(eq(caseCategories.tenantId, ctx.tenant.id), eq(caseCategories.id, id)))
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw casesErrors.categoryCodeTaken();
      throw error;
    }
    if (!row) throw casesErrors.categoryNotFound();
    await recordAudit(
      ctx,
      tx,
      'case_category.update',
      { type: 'case_category', id },
      { version: row.version },
    );
    return row;
  });
}
