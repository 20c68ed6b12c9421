import { and, asc, eq, sql } from 'drizzle-orm';
import {
  type CaseChannel,
  type CategoryAttribute,
  caseCounters,
  caseEvents,
  cases,
  departments,
  orgUnits,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { todayIn } from '../platform/dates';
import { type Transaction, withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import {
  actorRef,
  actsForDepartment,
  departmentsOf,
  holdsOverUnit,
  mayReadCase,
  requireCity,
} from './case-access';
import { type CategoryRow, findCategory } from './case-catalog.service';
import {
  appendCaseEvent,
  applyStep,
  type CaseEventRow,
  type CaseRow,
  lockCase,
  STOPPED_CLOCK,
  stageColumns,
} from './case-steps';
import { caseIssue, casesErrors } from './cases.errors';
import { lineageOf, loopUnit } from './loops';

/** Levels a case can happen at: a grid, courtyard or building, a residents' committee, a community. */
export const PLACE_LEVELS = ['grid', 'courtyard', 'building', 'residents_committee', 'community', 'street'];

export interface NewCase {
  categoryId: string;
  orgUnitId: string;
  title: string;
  description?: string | undefined;
  location?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

export function attributeIssues(asked: CategoryAttribute[], given: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(given))
    if (!asked.some((attribute) => attribute.code === key))
      issues.push(caseIssue(`attributes.${key}`, 'case.attribute_unknown'));
  for (const attribute of asked) {
    const value = given[attribute.code];
    const path = `attributes.${attribute.code}`;
    if (value === undefined || value === null || value === '') {
      if (attribute.required) issues.push(caseIssue(path, 'field.required'));
      continue;
    }
    const fits =
      attribute.type === 'text'
        ? typeof value === 'string' && value.length <= 2000
        : attribute.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : attribute.type === 'boolean'
            ? typeof value === 'boolean'
            : attribute.type === 'date'
              ? typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
              : (attribute.choices ?? []).some((choice) => choice.key === value);
    if (!fits) issues.push(caseIssue(path, 'case.attribute_invalid', { type: attribute.type }));
  }
  return issues;
}

/** The channel a case came in by, from who collected it. */
function channelOf(ctx: ServiceContext, byDepartment: boolean): CaseChannel {
  if (byDepartment || ctx.actor.kind === 'api_client') return 'department';
  if (ctx.actor.kind === 'user' && ctx.actor.grants.some((grant) => grant.role === 'grid_worker'))
    return 'grid_worker';
  return 'community';
}

async function nextNumber(tx: Transaction, ctx: ServiceContext): Promise<string> {
  const year = Number(todayIn(ctx.tenant.timezone, ctx.now()).slice(0, 4));
  const [counter] = await tx
    .insert(caseCounters)
    .values({ tenantId: ctx.tenant.id, year, next: 1 })
    .onConflictDoUpdate({
      target: [caseCounters.tenantId, caseCounters.year],
      set: { next: sql`${caseCounters.next} + 1` },
    })
    .returning({ next: caseCounters.next });
  return `${year}-${String(counter?.next ?? 1).padStart(6, '0')}`;
}

/** 信息采集: a grid worker, community staff or a department records a problem as a case. */
export async function collectCase(
  ctx: ServiceContext,
  input: NewCase,
  options: { sample?: boolean } = {},
): Promise<CaseRow> {
  requireCity(ctx);
  refuseUnsafeText(
    { title: input.title, description: input.description ?? '', location: input.location ?? '' },
    { multiline: ['description'] },
  );
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select({ level: orgUnits.level, validTo: orgUnits.validTo })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId)));
    if (!unit || unit.validTo !== null || !PLACE_LEVELS.includes(unit.level))
      throw casesErrors.invalid([caseIssue('orgUnitId', 'case.unit_not_a_place')]);
    const asStaff = await holdsOverUnit(tx, ctx, 'cases.report', input.orgUnitId);
    const asDepartment =
      !asStaff && ctx.actor.kind !== 'system' && ctx.actor.kind !== 'platform'
        ? (await departmentOfActor(tx, ctx)) !== undefined
        : false;
    if (!asStaff && !asDepartment) throw authErrors.forbidden('cases.report');
    const category = await findCategory(tx, ctx.tenant.id, input.categoryId);
    if (!category) throw casesErrors.invalid([caseIssue('categoryId', 'case.category_unknown')]);
    if (!category.active) throw casesErrors.invalid([caseIssue('categoryId', 'case.category_inactive')]);
    const issues = attributeIssues(category.attributes, input.attributes ?? {});
    if (issues.length > 0) throw casesErrors.invalid(issues);
    return insertCase(tx, ctx, input, {
      category,
      channel: channelOf(ctx, asDepartment),
      collectedBy: actorRef(ctx.actor),
      sample: options.sample ?? false,
    });
  });
}

/**
 * Writes a new case at `collected` with its first timeline entry and audit row, in `tx`. The caller
 * has checked who may report it and that the category and attributes fit.
 */
export async function insertCase(
  tx: Transaction,
  ctx: ServiceContext,
  input: NewCase,
  how: { category: CategoryRow; channel: CaseChannel; collectedBy: string; sample?: boolean },
): Promise<CaseRow> {
  const { category } = how;
  const lineage = await lineageOf(tx, ctx.tenant.id, input.orgUnitId);
  const level = loopUnit(lineage) ?? lineage[lineage.length - 1];
  if (!level) throw casesErrors.invalid([caseIssue('orgUnitId', 'case.unit_not_a_place')]);
  const clock = await stageColumns(tx, ctx, 'register', category.limits);
  const [row] = await tx
    .insert(cases)
    .values({
      tenantId: ctx.tenant.id,
      number: await nextNumber(tx, ctx),
      categoryId: category.id,
      categoryVersion: category.version,
      orgUnitId: input.orgUnitId,
      levelUnitId: level.id,
      status: 'collected',
      channel: how.channel,
      title: input.title,
      description: input.description ?? '',
      location: input.location ?? '',
      attributes: input.attributes ?? {},
      collectedBy: how.collectedBy,
      sample: how.sample ?? false,
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
      ...clock,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await appendCaseEvent(
    tx,
    ctx,
    { id: row.id, status: 'collected' },
    { kind: 'collect', toStatus: 'collected' },
  );
  await recordAudit(
    ctx,
    tx,
    'case.collect',
    { type: 'case', id: row.id },
    { number: row.number, category: category.code, channel: how.channel },
  );
  return row;
}

/** The department the actor reports for, if it reports as a department. */
async function departmentOfActor(tx: Transaction, ctx: ServiceContext): Promise<string | undefined> {
  const candidates = departmentsOf(ctx.actor).filter((id) =>
    actsForDepartment(ctx.actor, 'cases.report', id),
  );
  if (candidates.length === 0) return undefined;
  const [found] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, candidates[0] ?? '')));
  return found?.id;
}

/** The case managers of its unit (community staff above it, the district, the city) act on it. */
export async function requireManager(tx: Transaction, ctx: ServiceContext, row: CaseRow) {
  const over =
    (await holdsOverUnit(tx, ctx, 'cases.manage', row.orgUnitId)) ||
    (await holdsOverUnit(tx, ctx, 'cases.manage', row.levelUnitId));
  if (!over) throw authErrors.forbidden('cases.manage');
}

/** 案卷建立: the community registers a collected case; the dispatch clock starts. */
export async function registerCase(ctx: ServiceContext, id: string, input: { version?: number | undefined }) {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['collected'], input.version);
    await requireManager(tx, ctx, row);
    const category = await findCategory(tx, ctx.tenant.id, row.categoryId);
    if (!category) throw casesErrors.notFound();
    return applyStep(ctx, tx, row, {
      kind: 'register',
      patch: { status: 'registered', ...(await stageColumns(tx, ctx, 'dispatch', category.limits)) },
    });
  });
}

/** Not a case, or a duplicate of another: refused with a reason, and the clock stops. */
export async function refuseCase(
  ctx: ServiceContext,
  id: string,
  input: {
    refusal: 'not_a_case' | 'duplicate';
    reason: string;
    duplicateOf?: string | undefined;
    version?: number | undefined;
  },
) {
  requireCity(ctx);
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, id, ['collected'], input.version);
    await requireManager(tx, ctx, row);
    if (input.refusal === 'duplicate') {
      const [original] = input.duplicateOf
        ? await tx
            .select({ id: cases.id })
            .from(cases)
            .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, input.duplicateOf)))
        : [];
      if (!original || original.id === row.id)
        throw casesErrors.invalid([caseIssue('duplicateOf', 'case.duplicate_unknown')]);
    }
    return applyStep(ctx, tx, row, {
      kind: 'refuse',
      reason: input.reason,
      patch: {
        status: 'refused',
        refusal: input.refusal,
        duplicateOf: input.refusal === 'duplicate' ? (input.duplicateOf ?? null) : null,
        ...STOPPED_CLOCK,
      },
    });
  });
}

/** A case with its timeline, if the actor may read it. */
export async function readCase(
  ctx: ServiceContext,
  id: string,
): Promise<{ row: CaseRow; events: CaseEventRow[] }> {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, id)));
    if (!row) throw casesErrors.notFound();
    // Another unit's case is as absent as another city's: its existence is not confirmed.
    if (!(await mayReadCase(tx, ctx, row))) throw casesErrors.notFound();
    const events = await tx
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, ctx.tenant.id), eq(caseEvents.caseId, id)))
      .orderBy(asc(caseEvents.seq));
    return { row, events };
  });
}
