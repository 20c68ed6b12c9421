import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  departments,
  type EvaluationScheme,
  evaluationAssignments,
  evaluationCampaigns,
  evaluationStations,
  evaluationSubjects,
  orgUnits,
  PART_CODES,
  type SubjectKind,
  users,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { findRootUnitId } from '../auth/units';
import { requireCity } from '../cases/case-access';
import { type Transaction, withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { evaluationErrors, evaluationIssue } from './evaluation.errors';
import { type CampaignRow, campaignOf, holdsAnywhere, requireOverCity } from './evaluation-access';
import { loadTree, ratersFor } from './raters';
import { TEMPLATES, type TemplateName } from './templates';

type Name = { zh: string; en: string };

export interface NewCampaign {
  title: Name;
  template: TemplateName;
  /** Parts of the template's scheme the city overrides. */
  scheme?: Partial<EvaluationScheme> | undefined;
  periodStart: string;
  periodEnd: string;
  opensAt: string;
  closesAt: string;
  subjects: {
    levels?: string[] | undefined;
    departments?: boolean | undefined;
    stations?: boolean | undefined;
    people?:
      | { userId: string; name: Name; stationId?: string | undefined; orgUnitId?: string | undefined }[]
      | undefined;
  };
  sample?: boolean | undefined;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** The scheme's weights add up, and every floored part keeps its floor (the street's ≥ 50 %). */
export function schemeIssues(scheme: EvaluationScheme): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [kind, rule] of Object.entries(scheme.mix)) {
    if (!rule) continue;
    const total = Object.values(rule.weights).reduce((sum, weight) => sum + (weight ?? 0), 0);
    if (!near(total, 1)) issues.push(evaluationIssue(`scheme.mix.${kind}.weights`, 'evaluation.weights_sum'));
    for (const [part, floor] of Object.entries(rule.floors)) {
      if ((rule.weights[part as keyof typeof rule.weights] ?? 0) + 1e-9 < (floor ?? 0))
        issues.push(
          evaluationIssue(`scheme.mix.${kind}.weights.${part}`, 'evaluation.floor_broken', {
            part,
            floor: floor ?? 0,
          }),
        );
    }
  }
  for (const [kind, criteria] of Object.entries(scheme.criteria)) {
    const total = (criteria ?? []).reduce((sum, criterion) => sum + criterion.weight, 0);
    if (!near(total, 1)) issues.push(evaluationIssue(`scheme.criteria.${kind}`, 'evaluation.weights_sum'));
  }
  return issues;
}

interface SubjectDraft {
  kind: SubjectKind;
  orgUnitId: string | null;
  departmentId: string | null;
  stationId: string | null;
  userId: string | null;
  nameZh: string;
  nameEn: string;
}

async function subjectDrafts(tx: Transaction, tenantId: string, input: NewCampaign['subjects']) {
  const drafts: SubjectDraft[] = [];
  const none = { orgUnitId: null, departmentId: null, stationId: null, userId: null };
  if (input.levels?.length) {
    const units = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, tenantId), inArray(orgUnits.level, input.levels)))
      .orderBy(asc(orgUnits.code));
    for (const unit of units.filter((row) => row.validTo === null))
      drafts.push({ ...none, kind: 'unit', orgUnitId: unit.id, nameZh: unit.nameZh, nameEn: unit.nameEn });
  }
  if (input.departments) {
    const rows = await tx
      .select()
      .from(departments)
      .where(eq(departments.tenantId, tenantId))
      .orderBy(asc(departments.key));
    for (const row of rows)
      drafts.push({
        ...none,
        kind: 'department',
        departmentId: row.id,
        nameZh: row.nameZh,
        nameEn: row.nameEn,
      });
  }
  const stations = await tx
    .select()
    .from(evaluationStations)
    .where(eq(evaluationStations.tenantId, tenantId));
  if (input.stations)
    for (const row of stations)
      drafts.push({ ...none, kind: 'station', stationId: row.id, nameZh: row.nameZh, nameEn: row.nameEn });
  const people = input.people ?? [];
  const known = people.length
    ? await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.tenantId, tenantId),
            inArray(
              users.id,
              people.map((p) => p.userId),
            ),
          ),
        )
    : [];
  const unitIds = new Set(
    (await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.tenantId, tenantId))).map(
      (u) => u.id,
    ),
  );
  const issues: FieldIssue[] = [];
  people.forEach((person, index) => {
    const path = `subjects.people.${index}`;
    if (!known.some((row) => row.id === person.userId))
      issues.push(evaluationIssue(`${path}.userId`, 'evaluation.subject_unknown'));
    if (person.stationId && !stations.some((row) => row.id === person.stationId))
      issues.push(evaluationIssue(`${path}.stationId`, 'evaluation.station_unknown'));
    if (person.orgUnitId && !unitIds.has(person.orgUnitId))
      issues.push(evaluationIssue(`${path}.orgUnitId`, 'evaluation.subject_unknown'));
    if (!person.orgUnitId && !person.stationId)
      issues.push(evaluationIssue(`${path}.stationId`, 'evaluation.subject_unknown'));
    drafts.push({
      ...none,
      kind: 'person',
      userId: person.userId,
      stationId: person.stationId ?? null,
      orgUnitId: person.orgUnitId ?? null,
      nameZh: person.name.zh,
      nameEn: person.name.en,
    });
  });
  if (issues.length > 0) throw evaluationErrors.invalid(issues);
  if (drafts.length === 0)
    throw evaluationErrors.invalid([evaluationIssue('subjects', 'evaluation.no_subjects')]);
  return drafts;
}

/**
 * Opens a campaign: the city administrator names the period, the window, the subjects and a scheme
 * (a template with overrides); who rates whom is derived now from the org tree and the stations,
 * for every part that weighs in the subject's mix, and stays fixed for the campaign.
 */
export async function createCampaign(ctx: ServiceContext, input: NewCampaign): Promise<CampaignRow> {
  requireCity(ctx);
  refuseUnsafeText({ title: input.title });
  const scheme: EvaluationScheme = { ...TEMPLATES[input.template], ...(input.scheme ?? {}) };
  const issues = schemeIssues(scheme);
  if (input.periodEnd < input.periodStart || new Date(input.closesAt) <= new Date(input.opensAt))
    issues.push(evaluationIssue('closesAt', 'evaluation.window'));
  if (issues.length > 0) throw evaluationErrors.invalid(issues);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await requireOverCity(tx, ctx, 'evaluation.manage', await findRootUnitId(tx, ctx.tenant.id));
    const drafts = await subjectDrafts(tx, ctx.tenant.id, input.subjects);
    const [campaign] = await tx
      .insert(evaluationCampaigns)
      .values({
        tenantId: ctx.tenant.id,
        titleZh: input.title.zh,
        titleEn: input.title.en,
        template: input.template,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        scheme,
        sample: input.sample ?? false,
        createdAt: ctx.now(),
      })
      .returning();
    if (!campaign) throw new Error('insert returned no row');
    const subjects = await tx
      .insert(evaluationSubjects)
      .values(drafts.map((draft) => ({ ...draft, tenantId: ctx.tenant.id, campaignId: campaign.id })))
      .returning();
    const tree = await loadTree(tx, ctx.tenant.id);
    const assignments = subjects.flatMap((subject) => {
      const weights = scheme.mix[subject.kind]?.weights ?? {};
      return PART_CODES.filter((part) => (weights[part] ?? 0) > 0).flatMap((part) =>
        ratersFor(tree, scheme, subject, part).map((rater) => ({
          ...rater,
          tenantId: ctx.tenant.id,
          campaignId: campaign.id,
          subjectId: subject.id,
        })),
      );
    });
    for (let start = 0; start < assignments.length; start += 500)
      await tx
        .insert(evaluationAssignments)
        .values(assignments.slice(start, start + 500))
        .onConflictDoNothing();
    await recordAudit(
      ctx,
      tx,
      'evaluation.campaign.create',
      { type: 'evaluation_campaign', id: campaign.id },
      {
        template: input.template,
        subjects: subjects.length,
        assignments: assignments.length,
      },
    );
    return campaign;
  });
}

/** The city's campaigns, newest period first (anyone who may read evaluations). */
export async function listCampaigns(ctx: ServiceContext): Promise<CampaignRow[]> {
  requireCity(ctx);
  if (!holdsAnywhere(ctx, 'evaluation.read')) throw authErrors.forbidden('evaluation.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select()
      .from(evaluationCampaigns)
      .where(eq(evaluationCampaigns.tenantId, ctx.tenant.id))
      .orderBy(desc(evaluationCampaigns.periodEnd))
      .limit(200),
  );
}

export type SubjectRow = typeof evaluationSubjects.$inferSelect;
export type AssignmentRow = typeof evaluationAssignments.$inferSelect;

/** A campaign, its subjects, and the assignments the actor may rate (theirs to do, nobody else's). */
export async function readCampaign(ctx: ServiceContext, id: string) {
  requireCity(ctx);
  if (!holdsAnywhere(ctx, 'evaluation.read')) throw authErrors.forbidden('evaluation.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, id);
    const subjects = await tx
      .select()
      .from(evaluationSubjects)
      .where(and(eq(evaluationSubjects.tenantId, ctx.tenant.id), eq(evaluationSubjects.campaignId, id)));
    const assignments = await tx
      .select()
      .from(evaluationAssignments)
      .where(
        and(eq(evaluationAssignments.tenantId, ctx.tenant.id), eq(evaluationAssignments.campaignId, id)),
      );
    const mine = assignments.filter((assignment) => mayRate(ctx, assignment));
    return { campaign, subjects, assignments: mine, assignmentCount: assignments.length };
  });
}

/** Whether the actor rates for the assignment's rater: staff granted on that very unit, or its department's officer. */
export function mayRate(ctx: Pick<ServiceContext, 'actor'>, assignment: AssignmentRow): boolean {
  const actor = ctx.actor;
  if (actor.kind !== 'user') return false;
  return actor.grants.some((grant) =>
    assignment.raterDepartmentId
      ? grant.role === 'department_officer' && grant.departmentId === assignment.raterDepartmentId
      : grant.role !== 'department_officer' && grant.orgUnitId === assignment.raterUnitId,
  );
}

/** Registers a stationed agency (a department's office in a street or community). */
export async function createStation(
  ctx: ServiceContext,
  input: { departmentId: string; hostUnitId: string; name: Name; sample?: boolean | undefined },
) {
  requireCity(ctx);
  refuseUnsafeText({ name: input.name });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await requireOverCity(tx, ctx, 'evaluation.manage', await findRootUnitId(tx, ctx.tenant.id));
    const [department] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, input.departmentId)));
    const [host] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.hostUnitId)));
    const issues: FieldIssue[] = [];
    if (!department) issues.push(evaluationIssue('departmentId', 'evaluation.subject_unknown'));
    if (!host) issues.push(evaluationIssue('hostUnitId', 'evaluation.subject_unknown'));
    if (issues.length > 0) throw evaluationErrors.invalid(issues);
    const [row] = await tx
      .insert(evaluationStations)
      .values({
        tenantId: ctx.tenant.id,
        departmentId: input.departmentId,
        hostUnitId: input.hostUnitId,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        sample: input.sample ?? false,
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw evaluationErrors.invalid([evaluationIssue('name.zh', 'evaluation.invalid')]);
    await recordAudit(
      ctx,
      tx,
      'evaluation.station.create',
      { type: 'evaluation_station', id: row.id },
      {
        departmentId: input.departmentId,
        hostUnitId: input.hostUnitId,
      },
    );
    return row;
  });
}

export async function listStations(ctx: ServiceContext) {
  requireCity(ctx);
  if (!holdsAnywhere(ctx, 'evaluation.read')) throw authErrors.forbidden('evaluation.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx.select().from(evaluationStations).where(eq(evaluationStations.tenantId, ctx.tenant.id)).limit(1000),
  );
}

export type { CampaignRow };
