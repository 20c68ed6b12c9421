import { and, eq } from 'drizzle-orm';
import { cases, residentRequests } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { decryptText } from '../platform/crypto';
import { withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { actsForDepartment, holdsOverUnit, mayReadCase, requireCity } from './case-access';
import { casesErrors } from './cases.errors';
import { residentErrors, residentIssue } from './resident.errors';

/**
 * A resident's contact in full, for staff with a need to call them back: those who manage the
 * case's place or handle it. Always with a stated reason; every reveal is an audit row
 * (`case.contact_reveal`, with the reason) in the same transaction as the read. Everyone else sees
 * it masked (`residentReporter`); public pages and Open311 never see it.
 */
export async function revealResidentContact(
  ctx: ServiceContext,
  caseId: string,
  input: { reason: string },
): Promise<{ contact: string | null }> {
  requireCity(ctx);
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500)
    throw residentErrors.invalid([residentIssue('reason', 'report.reveal_reason')]);
  refuseUnsafeText({ reason });
  if (!ctx.dataKey) throw authErrors.noDataKey();
  const dataKey = ctx.dataKey;
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, caseId)));
    if (row?.channel !== 'resident' || !(await mayReadCase(tx, ctx, row))) throw casesErrors.notFound();
    const need =
      (await holdsOverUnit(tx, ctx, 'cases.manage', row.orgUnitId)) ||
      actsForDepartment(ctx.actor, 'cases.handle', row.handlerDepartmentId) ||
      (row.handlerOrgUnitId !== null && (await holdsOverUnit(tx, ctx, 'cases.handle', row.handlerOrgUnitId)));
    if (!need) throw authErrors.forbidden('cases.manage');
    const [request] = await tx
      .select({ contactSealed: residentRequests.contactSealed })
      .from(residentRequests)
      .where(and(eq(residentRequests.tenantId, ctx.tenant.id), eq(residentRequests.caseId, row.id)));
    await recordAudit(ctx, tx, 'case.contact_reveal', { type: 'case', id: row.id }, { reason });
    if (!request?.contactSealed) return { contact: null };
    return { contact: await decryptText(dataKey, request.contactSealed) };
  });
}
