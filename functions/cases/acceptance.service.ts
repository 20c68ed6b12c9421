import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { acceptanceRequests, cases, departments, orgUnits } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { clockFor } from './calendar.service';
import { actorRef, actsForDepartment, departmentsOf, holdsOverUnit, requireCity } from './case-access';
import { caseIssue, casesErrors } from './cases.errors';
import { lineageOf, nextLevelUp } from './loops';

export type AcceptanceRow = typeof acceptanceRequests.$inferSelect;

export interface NewAcceptanceRequest {
  fromUnitId: string;
  departmentId: string;
  subject: string;
  body?: string | undefined;
  /** Working days the department has to accept or decline. */
  workingDays: number;
  caseId?: string | undefined;
}

/**
 * 相关问题函告限期受理: a community or street writes to a department (or its stationed agency) with a
 * deadline in working days; the department accepts or declines with a reason within it, and the
 * answer goes back to the person who raised it. Unanswered past the deadline, the sweep marks it
 * overdue and sends it one level up.
 */
export async function raiseAcceptanceRequest(
  ctx: ServiceContext,
  input: NewAcceptanceRequest,
): Promise<AcceptanceRow> {
  requireCity(ctx);
  refuseUnsafeText({ subject: input.subject, body: input.body ?? '' }, { multiline: ['body'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.fromUnitId)));
    if (!unit) throw casesErrors.invalid([caseIssue('fromUnitId', 'case.unit_not_a_place')]);
    if (!(await holdsOverUnit(tx, ctx, 'acceptance.raise', input.fromUnitId)))
      throw authErrors.forbidden('acceptance.raise');
    const [department] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, input.departmentId)));
    if (!department) throw casesErrors.invalid([caseIssue('departmentId', 'case.department_unknown')]);
    if (input.caseId) {
      const [found] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, input.caseId)));
      if (!found) throw casesErrors.invalid([caseIssue('caseId', 'case.duplicate_unknown')]);
    }
    const clock = await clockFor(tx, ctx.tenant, ctx.now(), input.workingDays, 0.5);
    const [row] = await tx
      .insert(acceptanceRequests)
      .values({
        tenantId: ctx.tenant.id,
        caseId: input.caseId ?? null,
        fromUnitId: input.fromUnitId,
        raisedBy: actorRef(ctx.actor),
        departmentId: input.departmentId,
        subject: input.subject,
        body: input.body ?? '',
        dueAt: clock.dueAt,
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'acceptance.raise',
      { type: 'acceptance_request', id: row.id },
      {
        departmentId: input.departmentId,
        dueAt: clock.dueAt.toISOString(),
      },
    );
    return row;
  });
}

/** The department accepts or declines (with a reason), within the deadline or after it. */
export async function answerAcceptanceRequest(
  ctx: ServiceContext,
  id: string,
  input: { decision: 'accepted' | 'declined'; reason?: string | undefined },
): Promise<AcceptanceRow> {
  requireCity(ctx);
  if (input.reason) refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(acceptanceRequests)
      .where(and(eq(acceptanceRequests.tenantId, ctx.tenant.id), eq(acceptanceRequests.id, id)))
      .for('update');
    if (!row) throw casesErrors.acceptanceNotFound();
    if (!actsForDepartment(ctx.actor, 'acceptance.answer', row.departmentId))
      throw casesErrors.acceptanceNotAddressed();
    if (row.status === 'accepted' || row.status === 'declined') throw casesErrors.acceptanceAnswered();
    if (input.decision === 'declined' && !input.reason?.trim())
      throw casesErrors.invalid([caseIssue('reason', 'case.reason_required')]);
    const [updated] = await tx
      .update(acceptanceRequests)
      .set({
        status: input.decision,
        reason: input.reason ?? '',
        answeredBy: actorRef(ctx.actor),
        answeredAt: ctx.now(),
      })
      .where(eq(acceptanceRequests.id, id))
      .returning();
    if (!updated) throw casesErrors.acceptanceNotFound();
    await recordAudit(
      ctx,
      tx,
      `acceptance.${input.decision === 'accepted' ? 'accept' : 'decline'}`,
      {
        type: 'acceptance_request',
        id,
      },
      { late: row.status === 'overdue', raisedBy: row.raisedBy },
    );
    return updated;
  });
}

/** Requests the actor raised (answers come back here), or addressed to their departments. */
export async function listAcceptanceRequests(ctx: ServiceContext): Promise<AcceptanceRow[]> {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const mine = departmentsOf(ctx.actor).filter((id) =>
      actsForDepartment(ctx.actor, 'acceptance.answer', id),
    );
    return tx
      .select()
      .from(acceptanceRequests)
      .where(
        and(
          eq(acceptanceRequests.tenantId, ctx.tenant.id),
          or(
            eq(acceptanceRequests.raisedBy, actorRef(ctx.actor)),
            mine.length > 0 ? inArray(acceptanceRequests.departmentId, mine) : sql`false`,
          ),
        ),
      )
      .orderBy(asc(acceptanceRequests.dueAt))
      .limit(500);
  });
}

/** The sweep's part: pending past the deadline → overdue, sent one level above the unit that raised it. */
export async function sweepOverdueRequests(ctx: ServiceContext, tx: Transaction): Promise<number> {
  const due = await tx
    .select()
    .from(acceptanceRequests)
    .where(
      and(
        eq(acceptanceRequests.tenantId, ctx.tenant.id),
        eq(acceptanceRequests.status, 'pending'),
        lte(acceptanceRequests.dueAt, ctx.now()),
      ),
    )
    .for('update', { skipLocked: true })
    .limit(500);
  for (const row of due) {
    const up = nextLevelUp(await lineageOf(tx, ctx.tenant.id, row.fromUnitId), row.fromUnitId);
    await tx
      .update(acceptanceRequests)
      .set({ status: 'overdue', escalatedToUnitId: up?.id ?? null })
      .where(and(eq(acceptanceRequests.id, row.id), eq(acceptanceRequests.status, 'pending')));
    await recordAudit(
      ctx,
      tx,
      'acceptance.overdue',
      { type: 'acceptance_request', id: row.id },
      {
        escalatedToUnitId: up?.id ?? null,
        raisedBy: row.raisedBy,
      },
    );
  }
  return due.length;
}
