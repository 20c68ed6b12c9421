import { and, asc, eq } from 'drizzle-orm';
import { departments } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { type Transaction, withTenant } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import type { StructureConfig } from './structure.schema';

export type DepartmentRow = typeof departments.$inferSelect;

/** The departments a structure names, created at onboarding. */
export async function seedDepartments(tx: Transaction, tenantId: string, structure: StructureConfig) {
  if (structure.departments.length === 0) return [];
  return tx
    .insert(departments)
    .values(
      structure.departments.map((department) => ({
        tenantId,
        key: department.key,
        nameZh: department.name.zh,
        nameEn: department.name.en,
      })),
    )
    .onConflictDoNothing()
    .returning();
}

export async function listDepartments(db: ServiceContext['db'], tenantId: string): Promise<DepartmentRow[]> {
  return withTenant({ db, tenantId }, (tx) =>
    tx.select().from(departments).where(eq(departments.tenantId, tenantId)).orderBy(asc(departments.key)),
  );
}

export async function createDepartment(
  ctx: ServiceContext,
  input: { key: string; name: { zh: string; en: string } },
) {
  // Departments are named on the status page, in its feeds and in automatic incidents' names.
  refuseUnsafeText({ name: input.name });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'departments.manage', { tenantId: ctx.tenant.id });
    const [existing] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.key, input.key)));
    if (existing) throw authErrors.departmentTaken();
    try {
      const [row] = await tx
        .insert(departments)
        .values({ tenantId: ctx.tenant.id, key: input.key, nameZh: input.name.zh, nameEn: input.name.en })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await appendAudit(
        tx,
        ctx.tenant.id,
        {
          actor: actorOf(ctx.actor),
          action: 'department.create',
          targetType: 'department',
          targetId: row.id,
          details: { key: input.key },
        },
        ctx.now(),
      );
      return row;
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw authErrors.departmentTaken();
      throw error;
    }
  });
}
