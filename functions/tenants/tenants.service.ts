import { appendAudit, recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ReadContext, ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { inTransaction } from '../platform/context';
import { todayIn } from '../platform/dates';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import type { UnitDweller } from '../platform/unit-dwellers';
import type { ReformInput, UnitInput } from './onboarding.schema';
import { type AppliedReform, addUnits, applyReform, TreeModel } from './org-tree.service';
import {
  countUnitsByLevelAsOf,
  descendantCountsAsOf,
  findReform,
  findUnit,
  listReforms,
  listUnitsAsOf,
  loadAllUnits,
  type OrgUnitRow,
  type ReformRow,
  reformUnitCounts,
  reformUnits,
  unitLineage,
  updateUnit,
} from './org-units.repository';
import { type CarryEntry, carryAlong, planCarry } from './reform-carry';
import { tenantErrors } from './tenants.errors';

export function tenantToday(ctx: ReadContext): string {
  return todayIn(ctx.tenant.timezone, ctx.now());
}

export async function listOrgUnits(
  ctx: ReadContext,
  query: {
    asOf?: string | undefined;
    level?: string | undefined;
    parentId?: string | undefined;
    after?: string | undefined;
    limit: number;
  },
) {
  const asOf = query.asOf ?? tenantToday(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const items = await listUnitsAsOf(tx, ctx.tenant.id, { ...query, asOf, limit: query.limit + 1 });
    const counts = await countUnitsByLevelAsOf(tx, ctx.tenant.id, asOf, query.parentId);
    const more = items.length > query.limit;
    const page = more ? items.slice(0, query.limit) : items;
    return { asOf, items: page, counts, nextCursor: more ? (page.at(-1)?.code ?? null) : null };
  });
}

/** Every unit the city has had, open and closed (the console's org tree; the same public data as the org-units API). */
export async function listAllOrgUnits(ctx: ReadContext): Promise<OrgUnitRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => loadAllUnits(tx, ctx.tenant.id));
}

export async function getOrgUnit(ctx: ReadContext, id: string, asOf?: string) {
  const day = asOf ?? tenantToday(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const unit = await findUnit(tx, ctx.tenant.id, id);
    if (!unit) throw tenantErrors.orgUnitNotFound();
    const parent = unit.parentId ? await findUnit(tx, ctx.tenant.id, unit.parentId) : undefined;
    const children = await countUnitsByLevelAsOf(tx, ctx.tenant.id, day, unit.id);
    const lineage = await unitLineage(tx, ctx.tenant.id, unit.id);
    return {
      unit,
      parent: parent ?? null,
      asOf: day,
      childCounts: children,
      predecessors: lineage.filter((link) => link.successorId === unit.id),
      successors: lineage.filter((link) => link.predecessorId === unit.id),
    };
  });
}

export interface ReformSummary {
  reform: ReformRow;
  closed: Record<string, number>;
  opened: Record<string, number>;
}

export async function listReformsWithCounts(ctx: ReadContext): Promise<ReformSummary[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await listReforms(tx, ctx.tenant.id);
    const counts = await reformUnitCounts(tx, ctx.tenant.id);
    return rows.map((reform) => ({ reform, closed: {}, opened: {}, ...counts.get(reform.id) }));
  });
}

export async function getReform(ctx: ReadContext, id: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const reform = await findReform(tx, ctx.tenant.id, id);
    if (!reform) throw tenantErrors.reformNotFound();
    const { units, lineage } = await reformUnits(tx, ctx.tenant.id, id);
    const codeById = new Map(units.map((unit) => [unit.id, unit.code]));
    return {
      reform,
      closed: units.filter((unit) => unit.closedByReformId === id),
      opened: units.filter((unit) => unit.openedByReformId === id),
      lineage: lineage.map((link) => ({
        from: codeById.get(link.predecessorId) ?? link.predecessorId,
        to: codeById.get(link.successorId) ?? link.successorId,
      })),
    };
  });
}

/** A reform as applied, with what moved from the units it closed (by dweller key) and the plan it followed. */
export interface CarriedReform extends AppliedReform {
  carries: CarryEntry[];
  carried: Record<string, number>;
}

/**
 * Applies a reform after onboarding: all of it in one transaction with its audit row, or none of it.
 * The actor needs `structure.write` over every unit it closes and every parent it opens units under.
 * What lives on the closed units (`dwellers`: residents' addresses, roles, listings, grants, open
 * cases) moves to their successors; a unit with dwellers and no successor refuses the reform.
 */
export async function createReform(
  ctx: ServiceContext,
  input: ReformInput,
  dwellers: readonly UnitDweller[] = [],
): Promise<CarriedReform> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => reformIn(tx, ctx, input, dwellers));
}

class PreviewDone extends Error {
  constructor(readonly result: CarriedReform) {
    super('preview rolled back');
  }
}

/** The reform as `createReform` would apply it — the same checks and the same answer — rolled back. */
export async function previewReform(
  ctx: ServiceContext,
  input: ReformInput,
  dwellers: readonly UnitDweller[] = [],
): Promise<CarriedReform> {
  try {
    await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
      throw new PreviewDone(await reformIn(tx, ctx, input, dwellers));
    });
  } catch (error) {
    if (error instanceof PreviewDone) return error.result;
    throw error;
  }
  throw new Error('unreachable: the preview always rolls back');
}

async function reformIn(
  tx: Transaction,
  ctx: ServiceContext,
  input: ReformInput,
  dwellers: readonly UnitDweller[],
): Promise<CarriedReform> {
  const model = await TreeModel.load(tx, ctx.tenant.id, ctx.tenant.structure);
  const touched = new Set(
    [...input.closes, ...input.opens.map((unit) => unit.parent)]
      .map((code) => (code ? model.idByCode.get(code) : undefined))
      .filter((id): id is string => Boolean(id)),
  );
  await authorize(tx, ctx.actor, 'structure.write', { tenantId: ctx.tenant.id });
  for (const orgUnitId of touched) {
    await authorize(tx, ctx.actor, 'structure.write', { tenantId: ctx.tenant.id, orgUnitId });
  }
  const plan = await planCarry(tx, ctx.tenant.id, model, input, dwellers);
  const applied = await applyReform(tx, ctx.tenant.id, model, input, '', tenantErrors.reformInvalid);
  if (plan.issues.length > 0) throw tenantErrors.reformInvalid(plan.issues);
  const carried = await carryAlong(tx, ctx.tenant.id, model, plan.entries, dwellers);
  await recordAudit(
    ctx,
    tx,
    'reform.apply',
    { type: 'reform', id: applied.reform.id },
    {
      code: input.code,
      effectiveOn: input.effectiveOn,
      closes: input.closes.length,
      opens: input.opens.length,
      carried,
    },
  );
  return { ...applied, carries: plan.entries, carried };
}

/** Adds one unit under a parent the actor may change (a grid under a community, say). */
export async function createOrgUnit(ctx: ServiceContext, input: UnitInput): Promise<OrgUnitRow> {
  // Units are named on the city's public pages.
  refuseUnsafeText({ name: input.name });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const model = await TreeModel.load(tx, ctx.tenant.id, ctx.tenant.structure);
    const parentId = input.parent ? model.idByCode.get(input.parent) : undefined;
    await authorize(tx, ctx.actor, 'structure.write', { tenantId: ctx.tenant.id, orgUnitId: parentId });
    const [unit] = await addUnits(tx, ctx.tenant.id, model, [input], 'unit', (issues) =>
      tenantErrors.orgUnitInvalid(
        issues.map((issue) => ({ ...issue, path: issue.path.replace(/^unit\.0\./, '') })),
      ),
    );
    if (!unit) throw new Error('no unit written');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'org_unit.create',
        targetType: 'org_unit',
        targetId: unit.id,
        details: { code: unit.code, level: unit.level },
      },
      ctx.now(),
    );
    return unit;
  });
}

/** Renames a unit or sets its public attributes (address, hours …): needs `org_unit.update` over it. */
export async function updateOrgUnit(
  ctx: ServiceContext,
  id: string,
  input: { name?: { zh: string; en: string } | undefined; attributes?: Record<string, unknown> | undefined },
): Promise<OrgUnitRow> {
  refuseUnsafeText({ name: input.name });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const unit = await findUnit(tx, ctx.tenant.id, id);
    if (!unit) throw tenantErrors.orgUnitNotFound();
    await authorize(tx, ctx.actor, 'org_unit.update', { tenantId: ctx.tenant.id, orgUnitId: id });
    const updated = await updateUnit(tx, ctx.tenant.id, id, {
      ...(input.name ? { nameZh: input.name.zh, nameEn: input.name.en } : {}),
      ...(input.attributes ? { attributes: { ...unit.attributes, ...input.attributes } } : {}),
    });
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'org_unit.update',
        targetType: 'org_unit',
        targetId: id,
        details: { ...input },
      },
      ctx.now(),
    );
    return updated;
  });
}

export interface CityOverview {
  asOf: string;
  counts: Record<string, number>;
  /** Top-level divisions under the city (districts), each with its child counts. */
  districts: { unit: OrgUnitRow; children: Record<string, number> }[];
  reforms: ReformSummary[];
}

/** Everything the public structure page shows, read in one transaction. */
export async function cityOverview(ctx: ReadContext): Promise<CityOverview> {
  const asOf = tenantToday(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    // One transaction for the whole page: the nested verb reuses it.
    const reforms = await listReformsWithCounts(inTransaction(ctx, tx));
    const counts = await countUnitsByLevelAsOf(tx, ctx.tenant.id, asOf);
    const districts = await listUnitsAsOf(tx, ctx.tenant.id, { asOf, level: 'district', limit: 500 });
    const below = await descendantCountsAsOf(tx, ctx.tenant.id, asOf, 'district');
    return {
      asOf,
      counts,
      districts: districts.map((unit) => ({ unit, children: below.get(unit.id) ?? {} })),
      reforms,
    };
  });
}
