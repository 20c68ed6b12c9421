import { and, eq } from 'drizzle-orm';
import { departments, type HandlerKind, workItems } from '../../schema';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { actsOnEveryCity } from '../auth/principal';
import { type Transaction, withTenant } from '../platform/db';
import { personalDataIn } from '../platform/personal-data';
import { refuseUnsafeText } from '../platform/text';
import { actorRef, actsForDepartment, departmentsOf, holdsOverUnit, requireCity } from './case-access';
import { findCategory } from './case-catalog.service';
import {
  appendCaseEvent,
  applyStep,
  type CaseRow,
  lockCase,
  STOPPED_CLOCK,
  stageColumns,
  withHandler,
} from './case-steps';
import { caseIssue, casesErrors } from './cases.errors';
import { requireManager } from './cases.service';
import { type LineageUnit, lineageOf, loopUnit, nextLevelUp } from './loops';

export interface DispatchInput {
  handlerKind?: HandlerKind | undefined;
  departmentId?: string | undefined;
  reason?: string | undefined;
  version?: number | undefined;
  /** The work item (准入) the task is dispatched under; a community may decline work that is not admitted. */
  workItemId?: string | undefined;
}

async function categoryOf(tx: Transaction, ctx: ServiceContext, row: CaseRow) {
  const category = await findCategory(tx, ctx.tenant.id, row.categoryId);
  if (!category) throw casesErrors.notFound();
  return category;
}

/** Where a handler kind puts the case: its handling unit and the loop that supervises it. */
function placeFor(kind: HandlerKind, lineage: LineageUnit[]) {
  const micro = loopUnit(lineage, 'micro');
  const small = loopUnit(lineage, 'small');
  if (kind === 'grid') return { handlerOrgUnitId: micro?.id ?? null, levelUnitId: micro?.id ?? small?.id };
  if (kind === 'community') return { handlerOrgUnitId: small?.id ?? null, levelUnitId: small?.id };
  return { handlerOrgUnitId: null, levelUnitId: small?.id };
}

/**
 * 任务派遣: to the catalog's default handler, or another with a reason. A department's case moves
 * into the community's (or street's) small loop; the grid's own stays in its micro-loop.
 */
export async function dispatchCase(ctx: ServiceContext, id: string, input: DispatchInput) {
  requireCity(ctx);
  if (input.reason) refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['registered'], input.version);
    await requireManager(tx, ctx, row);
    const category = await categoryOf(tx, ctx, row);
    const kind = input.handlerKind ?? category.handlerKind;
    const departmentId = kind === 'department' ? (input.departmentId ?? category.departmentId) : null;
    if (kind === 'department') {
      if (!departmentId) throw casesErrors.invalid([caseIssue('departmentId', 'case.handler_required')]);
      const [found] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, departmentId)));
      if (!found) throw casesErrors.invalid([caseIssue('departmentId', 'case.department_unknown')]);
    }
    if (input.workItemId) {
      const [item] = await tx
        .select({ id: workItems.id })
        .from(workItems)
        .where(and(eq(workItems.tenantId, ctx.tenant.id), eq(workItems.id, input.workItemId)));
      if (!item) throw casesErrors.invalid([caseIssue('workItemId', 'case.work_item_unknown')]);
    }
    const isDefault = kind === category.handlerKind && departmentId === category.departmentId;
    if (!isDefault && !input.reason?.trim())
      throw casesErrors.invalid([caseIssue('reason', 'case.reason_required')]);
    const place = placeFor(kind, await lineageOf(tx, ctx.tenant.id, row.orgUnitId));
    return applyStep(ctx, tx, row, {
      kind: 'dispatch',
      ...(input.reason ? { reason: input.reason } : {}),
      details: {
        handlerKind: kind,
        departmentId,
        handlerOrgUnitId: place.handlerOrgUnitId,
        default: isDefault,
        ...(input.workItemId ? { workItemId: input.workItemId } : {}),
      },
      patch: {
        status: 'dispatched',
        handlerKind: kind,
        handlerDepartmentId: departmentId,
        handlerOrgUnitId: place.handlerOrgUnitId,
        levelUnitId: place.levelUnitId ?? row.levelUnitId,
        workItemId: input.workItemId ?? null,
        ...(await stageColumns(tx, ctx, 'handle', category.limits)),
      },
    });
  });
}

/** Whether the actor is the handler the case was dispatched to (its department, or its unit's staff). */
async function isHandler(tx: Transaction, ctx: ServiceContext, row: CaseRow): Promise<boolean> {
  if (actsOnEveryCity(ctx.actor)) return true;
  if (row.handlerKind === 'department')
    return actsForDepartment(ctx.actor, 'cases.handle', row.handlerDepartmentId);
  if (!row.handlerOrgUnitId) return false;
  return holdsOverUnit(tx, ctx, 'cases.handle', row.handlerOrgUnitId);
}

/** 任务处理: the handler takes the case on (the handling clock keeps running from dispatch). */
export async function acceptCase(ctx: ServiceContext, id: string, input: { version?: number | undefined }) {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['dispatched'], input.version);
    if (!(await isHandler(tx, ctx, row))) throw casesErrors.notHandler();
    return applyStep(ctx, tx, row, {
      kind: 'accept',
      patch: { status: 'handling', handledBy: withHandler(row, ctx.actor) },
    });
  });
}

/**
 * 处理反馈: the handler reports what was done; the verification clock starts. `publicReply` is what
 * the resident who reported it reads (the tracking page, Open311 `status_notes`): written for the
 * public, so a mobile or ID number in it is refused. Each report replaces the last one's reply.
 */
export async function reportCase(
  ctx: ServiceContext,
  id: string,
  input: { summary: string; publicReply?: string | undefined; version?: number | undefined },
) {
  requireCity(ctx);
  const publicReply = input.publicReply?.trim() || null;
  refuseUnsafeText(
    { summary: input.summary, ...(publicReply ? { publicReply } : {}) },
    { multiline: ['summary', 'publicReply'] },
  );
  const personal = publicReply ? personalDataIn(publicReply) : undefined;
  if (personal) throw casesErrors.invalid([caseIssue('publicReply', `case.reply_${personal}`)]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['dispatched', 'handling'], input.version);
    if (!(await isHandler(tx, ctx, row))) throw casesErrors.notHandler();
    const category = await categoryOf(tx, ctx, row);
    return applyStep(ctx, tx, row, {
      kind: 'report',
      reason: input.summary,
      ...(publicReply ? { details: { publicReply } } : {}),
      patch: {
        status: 'reported',
        publicReply,
        handledBy: withHandler(row, ctx.actor),
        ...(await stageColumns(tx, ctx, 'verify', category.limits)),
      },
    });
  });
}

/**
 * 核查结案: the person who collected it, or a case manager who did not handle it, checks the work.
 * "Fixed" closes it; "not fixed" sends it back to handling with a fresh handling clock.
 */
export async function verifyCase(
  ctx: ServiceContext,
  id: string,
  input: { outcome: 'fixed' | 'not_fixed'; reason?: string | undefined; version?: number | undefined },
) {
  requireCity(ctx);
  if (input.reason) refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['reported'], input.version);
    const ref = actorRef(ctx.actor);
    const handlerParty =
      row.handledBy.includes(ref) ||
      (row.handlerDepartmentId !== null && departmentsOf(ctx.actor).includes(row.handlerDepartmentId));
    if (handlerParty) throw casesErrors.handlerVerifies();
    const collector =
      row.collectedBy === ref && (await holdsOverUnit(tx, ctx, 'cases.report', row.orgUnitId));
    if (!collector) await requireManager(tx, ctx, row);
    const category = await categoryOf(tx, ctx, row);
    if (input.outcome === 'not_fixed') {
      if (!input.reason?.trim()) throw casesErrors.invalid([caseIssue('reason', 'case.reason_required')]);
      return applyStep(ctx, tx, row, {
        kind: 'send_back',
        reason: input.reason,
        patch: {
          status: 'handling',
          sentBack: row.sentBack + 1,
          ...(await stageColumns(tx, ctx, 'handle', category.limits)),
        },
      });
    }
    return applyStep(ctx, tx, row, {
      kind: 'close',
      ...(input.reason ? { reason: input.reason } : {}),
      patch: {
        status: 'closed',
        closedAt: ctx.now(),
        onTime: row.breaches === 0,
        ...STOPPED_CLOCK,
      },
    });
  });
}

/**
 * 考核评价: the closed case is evaluated — on time or not, times sent back, and the reporter's rating
 * if any. The people being evaluated must not set the residents' verdict on their own work: a
 * satisfaction the reporter gave (solved, or not solved and sent back) stands, and a score in the
 * evaluation is refused; staff record one only for a case that has none (a rating taken by phone).
 */
export async function evaluateCase(
  ctx: ServiceContext,
  id: string,
  input: { satisfaction?: number | undefined; note?: string | undefined; version?: number | undefined },
) {
  requireCity(ctx);
  if (input.note) refuseUnsafeText({ note: input.note }, { multiline: ['note'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['closed'], input.version);
    await requireManager(tx, ctx, row);
    if (input.satisfaction !== undefined && row.satisfaction !== null) throw casesErrors.ratedByResident();
    return applyStep(ctx, tx, row, {
      kind: 'evaluate',
      ...(input.note ? { reason: input.note } : {}),
      details: {
        onTime: row.onTime,
        sentBack: row.sentBack,
        breaches: row.breaches,
        satisfaction: input.satisfaction ?? null,
      },
      patch: { status: 'evaluated', satisfaction: input.satisfaction ?? row.satisfaction },
    });
  });
}

const OPEN = ['registered', 'dispatched', 'handling', 'reported'] as const;

/**
 * Moves a case one level up its tree (micro → small → big loop) with a supervision notice (督办)
 * to the level below. Used on request (beyond a level's authority) and by the sweep on a breach.
 */
export async function escalateLocked(
  ctx: ServiceContext,
  tx: Transaction,
  row: CaseRow,
  why: { kind: 'request' | 'breach' | 'second_breach'; reason?: string },
  /** Lineages by unit, kept by a sweep across the cases it escalates (many share a unit). */
  lineages?: Map<string, LineageUnit[]>,
): Promise<CaseRow | undefined> {
  let lineage = lineages?.get(row.orgUnitId);
  if (!lineage) {
    lineage = await lineageOf(tx, ctx.tenant.id, row.orgUnitId);
    lineages?.set(row.orgUnitId, lineage);
  }
  const up = nextLevelUp(lineage, row.levelUnitId);
  if (!up) return undefined;
  const updated = await applyStep(ctx, tx, row, {
    kind: 'escalate',
    ...(why.reason ? { reason: why.reason } : {}),
    details: { trigger: why.kind, fromUnitId: row.levelUnitId, toUnitId: up.id, toLevel: up.level },
    patch: { levelUnitId: up.id, escalations: row.escalations + 1 },
  });
  await appendCaseEvent(tx, ctx, updated, {
    kind: 'supervision_notice',
    details: {
      byUnitId: up.id,
      toUnitId: row.levelUnitId,
      handlerDepartmentId: row.handlerDepartmentId,
      handlerOrgUnitId: row.handlerOrgUnitId,
      trigger: why.kind,
    },
  });
  return updated;
}

/** A case manager at the current level (or the handler) asks the level above to take it on. */
export async function escalateCase(
  ctx: ServiceContext,
  id: string,
  input: { reason: string; version?: number | undefined },
) {
  requireCity(ctx);
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, OPEN, input.version);
    const allowed =
      (await holdsOverUnit(tx, ctx, 'cases.manage', row.levelUnitId)) || (await isHandler(tx, ctx, row));
    if (!allowed) throw authErrors.forbidden('cases.manage');
    const updated = await escalateLocked(ctx, tx, row, { kind: 'request', reason: input.reason });
    if (!updated) throw casesErrors.topLevel();
    return updated;
  });
}

/**
 * The resident who reported a closed case says it is not solved: back to its handler with their
 * words as the reason and a fresh handling clock; counted as dissatisfied in the evaluation. Runs
 * inside the caller's transaction with the case locked.
 */
export async function reopenLocked(ctx: ServiceContext, tx: Transaction, row: CaseRow, words: string) {
  const category = await categoryOf(tx, ctx, row);
  return applyStep(ctx, tx, row, {
    kind: 'reopen',
    reason: words,
    details: { satisfaction: 1, by: 'resident' },
    patch: {
      status: 'handling',
      closedAt: null,
      onTime: null,
      satisfaction: 1,
      sentBack: row.sentBack + 1,
      ...(await stageColumns(tx, ctx, 'handle', category.limits)),
    },
  });
}

/** The resident says a closed case is solved: their satisfaction goes into the case's evaluation. */
export async function rateLocked(ctx: ServiceContext, tx: Transaction, row: CaseRow, words: string) {
  return applyStep(ctx, tx, row, {
    kind: 'rate',
    ...(words ? { reason: words } : {}),
    details: { satisfaction: 5, by: 'resident' },
    patch: { satisfaction: 5 },
  });
}
