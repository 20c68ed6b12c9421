import { and, asc, eq } from 'drizzle-orm';
import { admissionReviewers, admissionSettings, admissionSteps, orgUnits, users } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import type { StructureConfig } from '../tenants/structure.schema';
import { admissionErrors, admissionIssue } from './admission.errors';

export type StepRow = typeof admissionSteps.$inferSelect;

export interface StepInput {
  key: string;
  kind: 'review' | 'decide';
  actor: { zh: string; en: string };
  action: { zh: string; en: string };
  workingDays: number;
}

/** Working days a review and a decision take when the city has not said (the seeds give none). */
export const DEFAULT_DAYS = { review: 10, decide: 5 } as const;

/**
 * The steps after the department applies, from the structure's text: the first step (the
 * application) and an `outcome` step (the result itself) are not acted on; the last is the decision.
 */
export function stepsFromStructure(structure: StructureConfig): StepInput[] {
  const acting = structure.admission.steps.slice(1).filter((step) => step.key !== 'outcome');
  return acting.map((step, index) => {
    const kind = index === acting.length - 1 ? 'decide' : 'review';
    return { key: step.key, kind, actor: step.actor, action: step.action, workingDays: DEFAULT_DAYS[kind] };
  });
}

/** Onboarding: the city's procedure from its structure, unless it has one already. */
export async function seedAdmissionSteps(tx: Transaction, tenantId: string, structure: StructureConfig) {
  const [existing] = await tx
    .select({ id: admissionSteps.id })
    .from(admissionSteps)
    .where(eq(admissionSteps.tenantId, tenantId))
    .limit(1);
  if (existing) return 0;
  const steps = stepsFromStructure(structure);
  if (steps.length === 0) return 0;
  await tx.insert(admissionSteps).values(steps.map((step, index) => rowOf(tenantId, step, index)));
  await tx.insert(admissionSettings).values({ tenantId, leadWorkingDays: 0 }).onConflictDoNothing();
  return steps.length;
}

const rowOf = (tenantId: string, step: StepInput, index: number) => ({
  tenantId,
  position: index + 1,
  key: step.key,
  kind: step.kind,
  actorZh: step.actor.zh,
  actorEn: step.actor.en,
  actionZh: step.action.zh,
  actionEn: step.action.en,
  workingDays: step.workingDays,
});

export async function stepsOf(tx: Executor, tenantId: string): Promise<StepRow[]> {
  return tx
    .select()
    .from(admissionSteps)
    .where(eq(admissionSteps.tenantId, tenantId))
    .orderBy(asc(admissionSteps.position));
}

export async function leadDaysOf(tx: Executor, tenantId: string): Promise<number> {
  const [row] = await tx.select().from(admissionSettings).where(eq(admissionSettings.tenantId, tenantId));
  return row?.leadWorkingDays ?? 0;
}

/** The procedure and who acts at each step: public except the reviewers' ids. */
export async function readProcedure(ctx: ReadContext) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => ({
    leadWorkingDays: await leadDaysOf(tx, ctx.tenant.id),
    steps: await stepsOf(tx, ctx.tenant.id),
    reviewers: await tx
      .select({
        id: admissionReviewers.id,
        stepKey: admissionReviewers.stepKey,
        userId: admissionReviewers.userId,
        orgUnitId: admissionReviewers.orgUnitId,
      })
      .from(admissionReviewers)
      .where(eq(admissionReviewers.tenantId, ctx.tenant.id)),
  }));
}

/**
 * A city administrator sets the procedure: how far ahead work must be applied for, and the review
 * steps then the one decision, each with its working days. Reviewers named for removed steps go.
 */
export async function configureProcedure(
  ctx: ServiceContext,
  input: { leadWorkingDays: number; steps: StepInput[] },
) {
  refuseUnsafeText(
    Object.fromEntries(
      input.steps.flatMap((step, i) => [
        [`steps.${i}.actor.zh`, step.actor.zh],
        [`steps.${i}.actor.en`, step.actor.en],
        [`steps.${i}.action.zh`, step.action.zh],
        [`steps.${i}.action.en`, step.action.en],
      ]),
    ),
  );
  const decides = input.steps.filter((step) => step.kind === 'decide');
  if (decides.length !== 1 || input.steps.at(-1)?.kind !== 'decide')
    throw admissionErrors.invalid([admissionIssue('steps', 'admission.decide_last')]);
  const keys = new Set(input.steps.map((step) => step.key));
  if (keys.size !== input.steps.length)
    throw admissionErrors.invalid([admissionIssue('steps', 'admission.code_taken')]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    const before = await stepsOf(tx, ctx.tenant.id);
    await tx.delete(admissionSteps).where(eq(admissionSteps.tenantId, ctx.tenant.id));
    await tx
      .insert(admissionSteps)
      .values(input.steps.map((step, index) => rowOf(ctx.tenant.id, step, index)));
    for (const old of before.filter((step) => !keys.has(step.key)))
      await tx
        .delete(admissionReviewers)
        .where(and(eq(admissionReviewers.tenantId, ctx.tenant.id), eq(admissionReviewers.stepKey, old.key)));
    await tx
      .insert(admissionSettings)
      .values({ tenantId: ctx.tenant.id, leadWorkingDays: input.leadWorkingDays, updatedAt: ctx.now() })
      .onConflictDoUpdate({
        target: admissionSettings.tenantId,
        set: { leadWorkingDays: input.leadWorkingDays, updatedAt: ctx.now() },
      });
    await recordAudit(
      ctx,
      tx,
      'admission.procedure.configure',
      { type: 'tenant', id: ctx.tenant.id },
      {
        leadWorkingDays: input.leadWorkingDays,
        steps: input.steps.map((s) => `${s.key}:${s.kind}:${s.workingDays}`),
      },
    );
    return { leadWorkingDays: input.leadWorkingDays, steps: await stepsOf(tx, ctx.tenant.id) };
  });
}

/** A city administrator names a person to act at a step for a district (or the whole city). */
export async function nameReviewer(
  ctx: ServiceContext,
  input: { stepKey: string; userId: string; orgUnitId: string },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'admission.manage', { tenantId: ctx.tenant.id });
    const steps = await stepsOf(tx, ctx.tenant.id);
    const issues = [];
    if (!steps.some((step) => step.key === input.stepKey))
      issues.push(admissionIssue('stepKey', 'admission.step_unknown'));
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenant.id), eq(users.id, input.userId)));
    if (!user) issues.push(admissionIssue('userId', 'admission.user_unknown'));
    const [unit] = await tx
      .select({ level: orgUnits.level })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId)));
    if (!unit || !['city', 'district'].includes(unit.level))
      issues.push(admissionIssue('orgUnitId', 'admission.unit_not_district'));
    if (issues.length > 0) throw admissionErrors.invalid(issues);
    const [row] = await tx
      .insert(admissionReviewers)
      .values({ tenantId: ctx.tenant.id, ...input, createdAt: ctx.now() })
      .onConflictDoNothing()
      .returning();
    const named =
      row ??
      (
        await tx
          .select()
          .from(admissionReviewers)
          .where(
            and(
              eq(admissionReviewers.tenantId, ctx.tenant.id),
              eq(admissionReviewers.stepKey, input.stepKey),
              eq(admissionReviewers.userId, input.userId),
              eq(admissionReviewers.orgUnitId, input.orgUnitId),
            ),
          )
      )[0];
    if (!named) throw new Error('reviewer neither inserted nor found');
    await recordAudit(
      ctx,
      tx,
      'admission.reviewer.name',
      { type: 'admission_reviewer', id: named.id },
      input,
    );
    return named;
  });
}
