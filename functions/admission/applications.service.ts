import { and, desc, eq, sql } from 'drizzle-orm';
import {
  admissionApplications,
  admissionCounters,
  admissionReviewers,
  admissionReviews,
  orgUnits,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { actsOnEveryCity } from '../auth/principal';
import { unitAndAncestors } from '../auth/units';
import { clockFor, loadOverrides } from '../cases/calendar.service';
import { actorRef, departmentsOf } from '../cases/case-access';
import { nthWorkingDayAfter } from '../cases/working-days';
import { todayIn } from '../platform/dates';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { admissionErrors, admissionIssue } from './admission.errors';
import { leadDaysOf, type StepRow, stepsOf } from './admission-steps.service';
import { admitApplication } from './admit';
import { checkDepartmentAndLevels } from './work-items.service';

export type ApplicationRow = typeof admissionApplications.$inferSelect;
export type ReviewRow = typeof admissionReviews.$inferSelect;

export interface ApplicationInput {
  departmentId: string;
  orgUnitId: string;
  list: 'statutory' | 'assisted';
  name: { zh: string; en: string };
  legalBasis: string;
  levels: string[];
  startsOn: string;
  endsOn?: string | null | undefined;
  fundingPerCommunity: number;
  staffPerCommunity: number;
  authority?: string | undefined;
  forms: string[];
}

async function nextNumber(tx: Transaction, tenantId: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(admissionCounters)
    .values({ tenantId, year, next: 2 })
    .onConflictDoUpdate({
      target: [admissionCounters.tenantId, admissionCounters.year],
      set: { next: sql`${admissionCounters.next} + 1` },
    })
    .returning({ next: admissionCounters.next });
  return `${year}-ZR-${String((row?.next ?? 2) - 1).padStart(3, '0')}`;
}

async function checkApplication(tx: Transaction, ctx: ServiceContext, input: ApplicationInput) {
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
  const [unit] = await tx
    .select({ level: orgUnits.level, validTo: orgUnits.validTo })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId)));
  if (!unit || unit.validTo !== null || !['city', 'district'].includes(unit.level))
    issues.push(admissionIssue('orgUnitId', 'admission.unit_not_district'));
  if (input.endsOn && input.endsOn < input.startsOn)
    issues.push(admissionIssue('endsOn', 'admission.ends_before_start'));
  const leadDays = await leadDaysOf(tx, ctx.tenant.id);
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  const earliest = nthWorkingDayAfter(today, leadDays, await loadOverrides(tx, ctx.tenant.id)).day;
  if (input.startsOn < earliest)
    issues.push(admissionIssue('startsOn', 'admission.too_late', { leadDays, earliest }));
  if (issues.length > 0) throw admissionErrors.invalid(issues);
}

/**
 * A department applies to push work down to communities. It must be decided by the end of the
 * working day the city's steps add up to, on the city's calendar.
 */
export async function submitApplication(
  ctx: ServiceContext,
  input: ApplicationInput,
): Promise<ApplicationRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.apply', { tenantId: ctx.tenant.id });
    if (!actsOnEveryCity(ctx.actor) && !departmentsOf(ctx.actor).includes(input.departmentId))
      throw authErrors.forbidden('admission.apply');
    await checkApplication(tx, ctx, input);
    const steps = await stepsOf(tx, ctx.tenant.id);
    const first = steps[0];
    if (!first) throw admissionErrors.invalid([admissionIssue('steps', 'admission.decide_last')]);
    const days = steps.reduce((sum, step) => sum + step.workingDays, 0);
    const clock = await clockFor(tx, ctx.tenant, ctx.now(), days, 0.5);
    const [row] = await tx
      .insert(admissionApplications)
      .values({
        tenantId: ctx.tenant.id,
        number: await nextNumber(tx, ctx.tenant.id, ctx.now().getUTCFullYear()),
        departmentId: input.departmentId,
        orgUnitId: input.orgUnitId,
        list: input.list,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        legalBasis: input.legalBasis,
        levels: input.levels,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        fundingPerCommunity: input.fundingPerCommunity,
        staffPerCommunity: input.staffPerCommunity,
        authority: input.authority ?? '',
        forms: input.forms,
        stepKey: first.key,
        dueAt: clock.dueAt,
        provisional: clock.provisional,
        submittedBy: actorRef(ctx.actor),
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'admission.apply',
      { type: 'admission_application', id: row.id },
      { number: row.number, departmentId: row.departmentId, dueAt: row.dueAt.toISOString() },
    );
    return row;
  });
}

async function lockApplication(tx: Transaction, tenantId: string, id: string, version?: number) {
  const [row] = await tx
    .select()
    .from(admissionApplications)
    .where(and(eq(admissionApplications.tenantId, tenantId), eq(admissionApplications.id, id)))
    .for('update');
  if (!row) throw admissionErrors.applicationNotFound();
  if (version !== undefined && version !== row.version) throw admissionErrors.stale();
  return row;
}

/** Whether the actor is named for the step for the application's district (or the city above it). */
async function isNamed(tx: Transaction, ctx: ServiceContext, step: StepRow, row: ApplicationRow) {
  if (actsOnEveryCity(ctx.actor)) return true;
  if (ctx.actor.kind !== 'user') return false;
  const lineage = (await unitAndAncestors(tx, ctx.tenant.id, row.orgUnitId)) ?? [];
  const named = await tx
    .select({ orgUnitId: admissionReviewers.orgUnitId })
    .from(admissionReviewers)
    .where(
      and(
        eq(admissionReviewers.tenantId, ctx.tenant.id),
        eq(admissionReviewers.stepKey, step.key),
        eq(admissionReviewers.userId, ctx.actor.id),
      ),
    );
  return named.some((reviewer) => lineage.includes(reviewer.orgUnitId));
}

/**
 * The checks before any step acts, in order: decided already; the applying department acting on
 * its own application; the actor not named for a step of this kind; the step not the one the
 * application waits at; the deadline passed. Each refuses before anything is written.
 */
async function stepFor(tx: Transaction, ctx: ServiceContext, row: ApplicationRow, kind: 'review' | 'decide') {
  if (row.status !== 'pending') throw admissionErrors.decided();
  if (departmentsOf(ctx.actor).includes(row.departmentId)) throw admissionErrors.ownApplication();
  const steps = await stepsOf(tx, ctx.tenant.id);
  const current = steps.find((step) => step.key === row.stepKey);
  const ofKind = steps.filter((step) => step.kind === kind);
  const mine: StepRow[] = [];
  for (const step of ofKind) if (await isNamed(tx, ctx, step, row)) mine.push(step);
  if (mine.length === 0) throw admissionErrors.notReviewer(ofKind[0]?.key ?? kind);
  const step = mine.find((candidate) => candidate.key === current?.key);
  if (!step || !current) throw admissionErrors.outOfOrder(mine[0]?.key ?? kind, current?.key ?? '');
  if (ctx.now() > row.dueAt) throw admissionErrors.pastDeadline(row.dueAt.toISOString());
  return { step, next: steps[steps.indexOf(current) + 1] };
}

async function writeReview(
  tx: Transaction,
  ctx: ServiceContext,
  row: ApplicationRow,
  step: StepRow,
  outcome: ReviewRow['outcome'],
  comment: string,
) {
  await tx.insert(admissionReviews).values({
    tenantId: ctx.tenant.id,
    applicationId: row.id,
    stepKey: step.key,
    outcome,
    comment,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    at: ctx.now(),
  });
}

/** A review step (Guiyang: the district 群工委) comments; the application moves to the next step. */
export async function reviewApplication(
  ctx: ServiceContext,
  id: string,
  input: { comment: string; version?: number | undefined },
): Promise<ApplicationRow> {
  refuseUnsafeText({ comment: input.comment }, { multiline: ['comment'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.review', { tenantId: ctx.tenant.id });
    const row = await lockApplication(tx, ctx.tenant.id, id, input.version);
    const { step, next } = await stepFor(tx, ctx, row, 'review');
    await writeReview(tx, ctx, row, step, 'commented', input.comment);
    const [updated] = await tx
      .update(admissionApplications)
      .set({ stepKey: next?.key ?? null, version: row.version + 1, updatedAt: ctx.now() })
      .where(eq(admissionApplications.id, row.id))
      .returning();
    if (!updated) throw admissionErrors.applicationNotFound();
    await recordAudit(
      ctx,
      tx,
      'admission.review',
      { type: 'admission_application', id },
      { number: row.number, step: step.key, comment: input.comment },
    );
    return updated;
  });
}

/** The decide step admits (the item enters the catalog, money owed to each community) or refuses, with a reason. */
export async function decideApplication(
  ctx: ServiceContext,
  id: string,
  input: { outcome: 'admitted' | 'refused'; reason: string; version?: number | undefined },
): Promise<ApplicationRow> {
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.review', { tenantId: ctx.tenant.id });
    const row = await lockApplication(tx, ctx.tenant.id, id, input.version);
    const { step } = await stepFor(tx, ctx, row, 'decide');
    await writeReview(tx, ctx, row, step, input.outcome, input.reason);
    const workItemId = input.outcome === 'admitted' ? (await admitApplication(tx, ctx, row)).id : null;
    const [updated] = await tx
      .update(admissionApplications)
      .set({
        status: input.outcome,
        stepKey: null,
        decidedAt: ctx.now(),
        decisionReason: input.reason,
        workItemId,
        version: row.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(admissionApplications.id, row.id))
      .returning();
    if (!updated) throw admissionErrors.applicationNotFound();
    await recordAudit(
      ctx,
      tx,
      `admission.${input.outcome === 'admitted' ? 'admit' : 'refuse'}`,
      { type: 'admission_application', id },
      { number: row.number, step: step.key, reason: input.reason, workItemId },
    );
    return updated;
  });
}

/** Applications, newest first: staff see all of the city's; the public sees decided ones (see the public model). */
export async function listApplications(ctx: ReadContext, filter: { status?: ApplicationRow['status'] } = {}) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    applicationsOf(tx, ctx.tenant.id, filter),
  );
}

export async function applicationsOf(
  tx: Executor,
  tenantId: string,
  filter: { status?: ApplicationRow['status'] },
) {
  return tx
    .select()
    .from(admissionApplications)
    .where(
      and(
        eq(admissionApplications.tenantId, tenantId),
        filter.status ? eq(admissionApplications.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(admissionApplications.createdAt))
    .limit(500);
}

/** One application with what each step said. */
export async function readApplication(ctx: ServiceContext, id: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.read', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .select()
      .from(admissionApplications)
      .where(and(eq(admissionApplications.tenantId, ctx.tenant.id), eq(admissionApplications.id, id)));
    if (!row) throw admissionErrors.applicationNotFound();
    const reviews = await tx
      .select()
      .from(admissionReviews)
      .where(and(eq(admissionReviews.tenantId, ctx.tenant.id), eq(admissionReviews.applicationId, id)))
      .orderBy(admissionReviews.at);
    return { row, reviews };
  });
}
