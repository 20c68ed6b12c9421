import { and, eq, sql } from 'drizzle-orm';
import { type CaseStage, type CaseStatus, caseEvents, cases, type StageLimits } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import type { Transaction } from '../platform/db';
import { clockFor } from './calendar.service';
import { actorRef } from './case-access';
import { casesErrors } from './cases.errors';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/** One change of a case: its columns, and what the timeline says of it. */
export interface Step {
  kind: string;
  patch: Partial<typeof cases.$inferInsert>;
  reason?: string;
  details?: Record<string, unknown>;
}

/** The case, locked for the rest of the transaction; refused unless it is in one of `expected`. */
export async function lockCase(
  tx: Transaction,
  tenantId: string,
  id: string,
  expected: readonly CaseStatus[],
  version?: number,
): Promise<CaseRow> {
  const [row] = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)))
    .for('update');
  if (!row) throw casesErrors.notFound();
  if (!expected.includes(row.status)) throw casesErrors.wrongStatus(row.status, expected);
  if (version !== undefined && version !== row.version) throw casesErrors.stale();
  return row;
}

/** A timeline entry, numbered after the last (the case row is locked, so numbers never collide). */
export async function appendCaseEvent(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'actor' | 'now'>,
  row: Pick<CaseRow, 'id' | 'status'>,
  event: { kind: string; toStatus?: CaseStatus | null; reason?: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(caseEvents).values({
    tenantId: ctx.tenant.id,
    caseId: row.id,
    seq: sql`(select coalesce(max(seq), 0) + 1 from case_events where case_id = ${row.id})`,
    kind: event.kind,
    fromStatus: row.status,
    toStatus: event.toStatus ?? row.status,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    reason: event.reason ?? '',
    details: event.details ?? {},
    at: ctx.now(),
  });
}

/** Applies a step: the row (version bumped), its timeline entry and its audit row, in `tx`. */
export async function applyStep(
  ctx: Pick<ServiceContext, 'tenant' | 'actor' | 'now'>,
  tx: Transaction,
  row: CaseRow,
  step: Step,
): Promise<CaseRow> {
  const [updated] = await tx
    .update(cases)
    .set({ ...step.patch, version: row.version + 1, updatedAt: ctx.now() })
    .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, row.id)))
    .returning();
  if (!updated) throw casesErrors.notFound();
  await appendCaseEvent(tx, ctx, row, {
    kind: step.kind,
    toStatus: updated.status,
    ...(step.reason ? { reason: step.reason } : {}),
    ...(step.details ? { details: step.details } : {}),
  });
  await recordAudit(
    ctx,
    tx,
    `case.${step.kind}`,
    { type: 'case', id: row.id },
    {
      number: row.number,
      from: row.status,
      to: updated.status,
      ...(step.reason ? { reason: step.reason } : {}),
      ...(step.details ?? {}),
    },
  );
  return updated;
}

const RESET = { warnedAt: null, breachedAt: null, secondBreachedAt: null };

/** The columns of a case whose clock has stopped (refused, closed). */
export const STOPPED_CLOCK = {
  stage: null,
  stageStartedAt: null,
  warnAt: null,
  stageDueAt: null,
  secondDueAt: null,
  ...RESET,
} satisfies Partial<typeof cases.$inferInsert>;

/** The columns that start a stage's clock. */
export async function stageColumns(
  tx: Transaction,
  ctx: Pick<ServiceContext, 'tenant' | 'now'>,
  stage: CaseStage,
  limits: StageLimits,
): Promise<Partial<typeof cases.$inferInsert>> {
  const clock = await clockFor(tx, ctx.tenant, ctx.now(), limits[stage], limits.warnShare);
  return {
    stage,
    stageStartedAt: clock.startedAt,
    warnAt: clock.warnAt,
    stageDueAt: clock.dueAt,
    secondDueAt: clock.secondDueAt,
    provisional: clock.provisional,
    ...RESET,
  };
}

/** `handled_by` with the actor added once. */
export function withHandler(row: CaseRow, actor: ServiceContext['actor']): string[] {
  const ref = actorRef(actor);
  return row.handledBy.includes(ref) ? row.handledBy : [...row.handledBy, ref];
}
