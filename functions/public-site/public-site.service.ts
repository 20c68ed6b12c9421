import { and, asc, eq, gte, or, sql } from 'drizzle-orm';
import {
  councils,
  dataLinkComponents,
  dataLinkDays,
  departments,
  orgUnits,
  publishedStaff,
} from '../../schema';
import { authorize } from '../auth/authorize';
import type { ReadContext } from '../auth/context';
import type { Principal } from '../auth/principal';
import { bilingual } from '../platform/bilingual';
import { shiftDay, todayIn } from '../platform/dates';
import { withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { existsOn } from '../tenants/org-units.repository';
import { tenantErrors } from '../tenants/tenants.errors';
import { caseHandlingComponents } from './case-figures.service';
import { connectedDepartment } from './data-links.service';
import { loadIncidents } from './incidents.service';
import { loadMaintenances } from './maintenances.service';
import {
  dailyCounts,
  rolledUpThrough,
  STATISTICS_MONTHS,
  shiftMonth,
  windowStart,
} from './sharing-days.service';
import { type ComponentView, HISTORY_DAYS, suppress } from './small-counts';
import { LISTABLE_LEVELS, type StaffListingRow } from './staff-listings.service';

/**
 * Read models of the public pages. Everything here is public by design: structure, the city's
 * published staff listing, department link health and aggregate counts, never resident data.
 */

/**
 * A city with its public-site version, by slug or by a mapped host name, in one query: a cached
 * page then costs this one round trip.
 */
export { publicCity } from './public-city';
export type { ComponentView } from './small-counts';
export {
  HISTORY_DAYS,
  SMALL_COUNT_THRESHOLD,
  type Suppressed,
  suppress,
} from './small-counts';

export function lastDays(today: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => shiftDay(today, index - (count - 1)));
}

export async function statusModel(ctx: ReadContext) {
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  const days = lastDays(today, HISTORY_DAYS);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await tx
      .select({ component: dataLinkComponents, department: departments })
      .from(dataLinkComponents)
      .innerJoin(departments, eq(departments.id, dataLinkComponents.departmentId))
      .where(eq(dataLinkComponents.tenantId, ctx.tenant.id))
      .orderBy(asc(departments.key));
    const history = await tx
      .select()
      .from(dataLinkDays)
      .where(and(eq(dataLinkDays.tenantId, ctx.tenant.id), gte(dataLinkDays.day, days[0] ?? today)));
    const allDepartments = await tx
      .select()
      .from(departments)
      .where(eq(departments.tenantId, ctx.tenant.id))
      .orderBy(asc(departments.key));
    const incidents = await loadIncidents(tx, ctx.tenant.id, { limit: 50 });
    const maintenances = await loadMaintenances(tx, ctx.tenant.id, ctx.now());
    const components: ComponentView[] = rows.map(({ component, department }, position) => {
      const byDay = new Map(
        history.filter((row) => row.departmentId === department.id).map((row) => [row.day, row.worst]),
      );
      return {
        departmentId: department.id,
        key: department.key,
        name: bilingual(department),
        status: component.status,
        signals: component.signals,
        createdAt: component.createdAt,
        updatedAt: component.updatedAt,
        position: position + 1,
        days: days.map((day) => ({ day, worst: byDay.get(day) ?? null })),
      };
    });
    const caseComponents = await caseHandlingComponents(tx, ctx, days, components.length + 1);
    const connected = new Set(components.map((component) => component.departmentId));
    const updatedAt = new Date(
      Math.max(
        ctx.tenant.updatedAt.getTime(),
        ...components.map((c) => c.updatedAt.getTime()),
        ...incidents.map((i) => i.incident.updatedAt.getTime()),
        ...maintenances.map((i) => i.incident.updatedAt.getTime()),
      ),
    );
    return {
      today,
      updatedAt,
      components,
      caseComponents,
      notConnected: allDepartments
        .filter((department) => !connected.has(department.id))
        .map((department) => ({
          key: department.key,
          name: bilingual(department),
        })),
      incidents,
      /** Scheduled maintenances: not completed, or completed in the last week; soonest first. */
      maintenances,
    };
  });
}
export type StatusModel = Awaited<ReturnType<typeof statusModel>>;

type Indicator = 'none' | 'minor' | 'major' | 'critical';
const INDICATOR_RANK: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };

function worstOf(values: Indicator[]): Indicator {
  return values.reduce<Indicator>(
    (worst, value) => (INDICATOR_RANK[value] > INDICATOR_RANK[worst] ? value : worst),
    'none',
  );
}

/** The indicator the components alone give (degraded → minor, outage → major). */
export function componentIndicator(model: StatusModel): Indicator {
  return worstOf(
    model.components.map((c) =>
      c.status === 'outage' ? 'major' : c.status === 'degraded' ? 'minor' : 'none',
    ),
  );
}

/**
 * Statuspage's page indicator (`status.indicator` in the JSON, as Statuspage defines it): the worst
 * of open incidents' impact and components' status.
 */
export function overallIndicator(model: StatusModel): Indicator {
  return worstOf([
    componentIndicator(model),
    ...model.incidents.flatMap((i) =>
      i.incident.resolvedAt || i.incident.impact === 'maintenance' ? [] : [i.incident.impact],
    ),
  ]);
}

/**
 * The status page's headline, which must not contradict the components listed under it: the
 * components' own state, said to be accompanied by an incident in progress when an open incident
 * is what makes the page's indicator worse than the components (or the components are all well).
 */
export function headlineOf(model: StatusModel): { components: Indicator; incident: boolean } {
  const components = componentIndicator(model);
  const open = model.incidents.some((i) => !i.incident.resolvedAt);
  const incident =
    open && (components === 'none' || INDICATOR_RANK[overallIndicator(model)] > INDICATOR_RANK[components]);
  return { components, incident };
}

/**
 * A link that is connected and operational but has carried nothing yet: no push or pull by its
 * department, no delivery, nothing failing. "Operational" alone would read as a link known to work;
 * Statuspage has no such state, so its JSON keeps `operational` and the page says why.
 */
export function carriedNothingYet(component: Pick<ComponentView, 'status' | 'signals'>): boolean {
  const s = component.signals;
  return (
    component.status === 'operational' &&
    !s.lastPushAt &&
    !s.lastPullAt &&
    !s.delivered24h &&
    !s.failing &&
    !s.dead
  );
}

/** The status page's name, the same in its feeds and its Statuspage JSON. */
export function statusPageTitle(tenant: TenantRow, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? `${tenant.nameZh}数据链路状态` : `${tenant.nameEn} data-link status`;
}

export interface CommunityPublicAttributes {
  address?: { zh: string; en: string };
  hours?: { zh: string; en: string };
  services?: { zh: string; en: string }[];
  sample?: boolean;
}

export function publicAttributes(attributes: Record<string, unknown>): CommunityPublicAttributes {
  const value = attributes.publicSite;
  return value && typeof value === 'object' ? (value as CommunityPublicAttributes) : {};
}

/** Communities (and equivalents) open today, by district, for the city page's directory. */
export async function communityDirectory(ctx: ReadContext) {
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await tx
      .select({
        code: orgUnits.code,
        nameZh: orgUnits.nameZh,
        nameEn: orgUnits.nameEn,
        parentId: orgUnits.parentId,
        sample: orgUnits.sample,
      })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.level, 'community'), existsOn(today)))
      .orderBy(asc(orgUnits.code));
    return rows;
  });
}

export async function communityModel(ctx: ReadContext, code: string) {
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.code, code), existsOn(today)));
    if (!unit || !LISTABLE_LEVELS.includes(unit.level) || unit.level === 'grid')
      throw tenantErrors.orgUnitNotFound();
    const [parent] = unit.parentId
      ? await tx
          .select()
          .from(orgUnits)
          .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, unit.parentId)))
      : [];
    const grids = await tx
      .select()
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.tenantId, ctx.tenant.id),
          eq(orgUnits.parentId, unit.id),
          eq(orgUnits.level, 'grid'),
          existsOn(today),
        ),
      )
      .orderBy(asc(orgUnits.code));
    const published = ctx.tenant.structure.mechanisms.gridRealNameListing;
    const staff: StaffListingRow[] = published
      ? await tx
          .select()
          .from(publishedStaff)
          .where(
            and(
              eq(publishedStaff.tenantId, ctx.tenant.id),
              or(
                eq(publishedStaff.orgUnitId, unit.id),
                sql`${publishedStaff.orgUnitId} in (select id from org_units where tenant_id = ${ctx.tenant.id} and parent_id = ${unit.id})`,
              ),
            ),
          )
          .orderBy(asc(publishedStaff.position), asc(publishedStaff.name))
      : [];
    // The community's residents' council, if it has one: its page is linked from here.
    const [council] = await tx
      .select({ nameZh: councils.nameZh, nameEn: councils.nameEn })
      .from(councils)
      .where(and(eq(councils.tenantId, ctx.tenant.id), eq(councils.orgUnitId, unit.id)));
    return {
      unit,
      parent: parent ?? null,
      council: council ?? null,
      grids,
      staff,
      staffPublished: published,
      attributes: publicAttributes(unit.attributes),
    };
  });
}
export type CommunityModel = Awaited<ReturnType<typeof communityModel>>;

/**
 * Sharing statistics, by month for the last 12 months; every count passes through `suppress`.
 * Closed days come from `sharing_days` (rolled up by the status sweep); the days since, live from
 * the change feed and the access log by time (indexed), counted by the same definition.
 */
export async function statisticsModel(ctx: ReadContext) {
  const now = ctx.now();
  const tz = ctx.tenant.timezone;
  const today = todayIn(tz, now);
  const firstDay = windowStart(today);
  const months = Array.from({ length: STATISTICS_MONTHS }, (_, index) =>
    shiftMonth(firstDay.slice(0, 7), index),
  );
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
    const [summary] = rows(
      await tx.execute(sql`
        select
          (select count(*) from departments d where d.tenant_id = ${ctx.tenant.id}
              and ${connectedDepartment(sql`d.tenant_id`, sql`d.id`, now)})::int as connected,
          (select count(*) from departments d where d.tenant_id = ${ctx.tenant.id})::int as departments,
          (select count(*) from data_fields f join data_domains dd on dd.id = f.domain_id
            where dd.tenant_id = ${ctx.tenant.id} and f.sharing_class <> 'none')::int as fields_shared,
          (select count(*) from data_fields f join data_domains dd on dd.id = f.domain_id
            where dd.tenant_id = ${ctx.tenant.id})::int as fields_total,
          (select count(*) from data_grants g where g.tenant_id = ${ctx.tenant.id} and g.status = 'approved')::int as grants`),
    );
    const through = await rolledUpThrough(tx, ctx.tenant.id);
    const liveFrom = through && through >= firstDay ? shiftDay(through, 1) : firstDay;
    const counts = sql`
      select day, department_id, pushes, pulls, spared from sharing_days
       where tenant_id = ${ctx.tenant.id} and day >= ${firstDay}::date and day < ${liveFrom}::date
      union all
      select day, department_id, pushes, pulls, spared from (${dailyCounts(ctx.tenant.id, tz, liveFrom)}) live`;
    const monthly = rows(
      await tx.execute(sql`
        with counts as (${counts}),
        by_month as (
          select to_char(day, 'YYYY-MM') as month, sum(pushes)::int as pushes, sum(pulls)::int as pulls,
                 sum(spared)::int as spared
            from counts group by 1)
        select m.month, coalesce(b.pushes, 0) as pushes, coalesce(b.pulls, 0) as pulls, coalesce(b.spared, 0) as spared
          from unnest(${sql.raw(`array[${months.map((m) => `'${m}'`).join(',')}]`)}::text[]) as m(month)
          left join by_month b on b.month = m.month
         order by m.month`),
    );
    const byDepartment = rows(
      await tx.execute(sql`
        with counts as (${counts}),
        pulls as (
          select department_id, sum(pulls)::int as n from counts
           where department_id is not null group by department_id)
        select d.key, d.name_zh, d.name_en, coalesce(p.n, 0) as pulls
          from departments d left join pulls p on p.department_id = d.id
         where d.tenant_id = ${ctx.tenant.id} order by d.key`),
    );
    const num = (value: unknown) => Number(value ?? 0);
    return {
      months: monthly.map((row) => ({
        month: String(row.month),
        pushes: suppress(num(row.pushes)),
        pulls: suppress(num(row.pulls)),
        spared: suppress(num(row.spared)),
      })),
      departmentsConnected: num(summary?.connected),
      departments: num(summary?.departments),
      fieldsShared: num(summary?.fields_shared),
      fieldsTotal: num(summary?.fields_total),
      grants: num(summary?.grants),
      pullsByDepartment: byDepartment.map((row) => ({
        key: String(row.key),
        name: { zh: String(row.name_zh), en: String(row.name_en) },
        pulls: suppress(num(row.pulls)),
      })),
    };
  });
}
export type StatisticsModel = Awaited<ReturnType<typeof statisticsModel>>;

/** The status model for administrators (same data, behind `status.manage`). */
export async function dataLinks(ctx: ReadContext & { actor: Principal }) {
  await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    authorize(tx, ctx.actor, 'status.manage', { tenantId: ctx.tenant.id }),
  );
  return statusModel(ctx);
}
