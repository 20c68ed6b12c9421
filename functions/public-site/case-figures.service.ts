import { and, asc, eq, gte, inArray, isNotNull, or } from 'drizzle-orm';
import { caseCategories, cases, departments, orgUnits } from '../../schema';
import type { ReadContext } from '../auth/context';
import { loadOverrides } from '../cases/calendar.service';
import { workingDaysBetween } from '../cases/working-days';
import { bilingual } from '../platform/bilingual';
import { todayIn } from '../platform/dates';
import { type Executor, withTenant } from '../platform/db';
import {
  type ComponentView,
  HISTORY_DAYS,
  SMALL_COUNT_THRESHOLD,
  type Suppressed,
  suppress,
} from './small-counts';

/**
 * Public figures of case handling, per community and per department, over the last 90 days:
 * received, closed, closed on time, average working days from receipt to closure, and satisfaction.
 * Counts follow the small-count rule (1 to 4 shown as "<5"); a share or an average drawn from fewer
 * than 5 cases is not shown at all. Sample cases count as the city's others (they are marked where
 * listed). Each department's handling is also a status component: its on-time share over 90 days.
 */
export interface FigureRow {
  code: string;
  name: { zh: string; en: string };
  received: Suppressed;
  closed: Suppressed;
  onTime: Suppressed;
  /** Percent of closed cases closed on time; null under the small-count rule. */
  onTimeShare: number | null;
  averageWorkingDays: number | null;
  /** Percent of rated cases rated 4 or 5; null under the small-count rule. */
  satisfiedShare: number | null;
}

const CLOSED = ['closed', 'evaluated'];

interface CaseFacts {
  orgUnitId: string;
  handlerDepartmentId: string | null;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  onTime: boolean | null;
  satisfaction: number | null;
}

const percent = (part: number, whole: number) =>
  whole >= SMALL_COUNT_THRESHOLD ? Math.round((part / whole) * 100) : null;

function figure(code: string, name: FigureRow['name'], rows: CaseFacts[], days: (row: CaseFacts) => number) {
  const closed = rows.filter((row) => CLOSED.includes(row.status) && row.closedAt);
  const onTime = closed.filter((row) => row.onTime === true).length;
  const rated = closed.filter((row) => row.satisfaction !== null);
  const total = closed.reduce((sum, row) => sum + days(row), 0);
  return {
    code,
    name,
    received: suppress(rows.length),
    closed: suppress(closed.length),
    onTime: suppress(onTime),
    onTimeShare: percent(onTime, closed.length),
    averageWorkingDays:
      closed.length >= SMALL_COUNT_THRESHOLD ? Math.round((total / closed.length) * 10) / 10 : null,
    satisfiedShare: percent(rated.filter((row) => (row.satisfaction ?? 0) >= 4).length, rated.length),
  };
}

async function recentCases(tx: Executor, tenantId: string, since: Date): Promise<CaseFacts[]> {
  return tx
    .select({
      orgUnitId: cases.orgUnitId,
      handlerDepartmentId: cases.handlerDepartmentId,
      status: cases.status,
      createdAt: cases.createdAt,
      closedAt: cases.closedAt,
      onTime: cases.onTime,
      satisfaction: cases.satisfaction,
    })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), or(gte(cases.createdAt, since), gte(cases.closedAt, since))));
}

/** The figures: communities (a grid's cases count for its community), then departments. */
export async function caseFigures(ctx: ReadContext) {
  const since = new Date(ctx.now().getTime() - HISTORY_DAYS * 86_400_000);
  const zone = ctx.tenant.timezone;
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = (await recentCases(tx, ctx.tenant.id, since)).filter((row) => row.createdAt >= since);
    const overrides = await loadOverrides(tx, ctx.tenant.id);
    const days = (row: CaseFacts) =>
      row.closedAt
        ? workingDaysBetween(todayIn(zone, row.createdAt), todayIn(zone, row.closedAt), overrides)
        : 0;
    const units = await tx
      .select({
        id: orgUnits.id,
        code: orgUnits.code,
        level: orgUnits.level,
        parentId: orgUnits.parentId,
        nameZh: orgUnits.nameZh,
        nameEn: orgUnits.nameEn,
      })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), inArray(orgUnits.level, ['community', 'grid'])))
      .orderBy(asc(orgUnits.code));
    const byId = new Map(units.map((unit) => [unit.id, unit]));
    const communityOf = (unitId: string) => {
      const unit = byId.get(unitId);
      return unit?.level === 'grid' && unit.parentId ? byId.get(unit.parentId) : unit;
    };
    const communities = units
      .filter((unit) => unit.level === 'community')
      .map((unit) =>
        figure(
          unit.code,
          bilingual(unit),
          rows.filter((row) => communityOf(row.orgUnitId)?.id === unit.id),
          days,
        ),
      )
      .filter((row) => row.received.value > 0 || row.received.suppressed);
    const handling = await tx
      .select()
      .from(departments)
      .where(eq(departments.tenantId, ctx.tenant.id))
      .orderBy(asc(departments.key));
    const byDepartment = handling
      .map((department) =>
        figure(
          department.key,
          bilingual(department),
          rows.filter((row) => row.handlerDepartmentId === department.id),
          days,
        ),
      )
      .filter((row) => row.received.value > 0 || row.received.suppressed);
    return { communities, departments: byDepartment };
  });
}
export type CaseFigures = Awaited<ReturnType<typeof caseFigures>>;

/** On-time share → a component's status: 90% and over operational, 75% degraded, below that outage. */
function statusOf(onTime: number, closed: number): ComponentView['status'] | null {
  if (closed === 0) return null;
  const share = onTime / closed;
  return share >= 0.9 ? 'operational' : share >= 0.75 ? 'degraded' : 'outage';
}

/**
 * Each department that handles a category of the catalog, as a status component: its on-time share
 * of the cases it closed over the last 90 days (operational while fewer than 5 were closed: too few
 * to judge), and per day the share of that day's closures.
 */
export async function caseHandlingComponents(
  tx: Executor,
  ctx: ReadContext,
  days: string[],
  firstPosition: number,
): Promise<ComponentView[]> {
  const zone = ctx.tenant.timezone;
  const since = new Date(ctx.now().getTime() - HISTORY_DAYS * 86_400_000);
  const handlers = await tx
    .selectDistinct({ department: departments })
    .from(caseCategories)
    .innerJoin(departments, eq(departments.id, caseCategories.departmentId))
    .where(and(eq(caseCategories.tenantId, ctx.tenant.id), isNotNull(caseCategories.departmentId)))
    .orderBy(asc(departments.key));
  const closures = await tx
    .select({ departmentId: cases.handlerDepartmentId, closedAt: cases.closedAt, onTime: cases.onTime })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, ctx.tenant.id),
        isNotNull(cases.handlerDepartmentId),
        gte(cases.closedAt, since),
      ),
    );
  return handlers.map(({ department }, index) => {
    const mine = closures.filter((row) => row.departmentId === department.id && row.closedAt);
    const onTime = mine.filter((row) => row.onTime === true).length;
    const judged = mine.length >= SMALL_COUNT_THRESHOLD ? statusOf(onTime, mine.length) : null;
    const byDay = new Map<string, { closed: number; onTime: number }>();
    for (const row of mine) {
      const day = todayIn(zone, row.closedAt as Date);
      const entry = byDay.get(day) ?? { closed: 0, onTime: 0 };
      entry.closed += 1;
      if (row.onTime) entry.onTime += 1;
      byDay.set(day, entry);
    }
    // Changed when it last closed a case (its creation before that).
    const latest = mine.length
      ? Math.max(...mine.map((row) => (row.closedAt as Date).getTime()))
      : department.createdAt.getTime();
    return {
      departmentId: department.id,
      id: `cases-${department.id}`,
      kind: 'case_handling' as const,
      key: `cases-${department.key}`,
      name: bilingual(department),
      status: judged ?? 'operational',
      signals: {
        closed: suppress(mine.length).shown,
        onTime: suppress(onTime).shown,
        onTimeShare: mine.length >= SMALL_COUNT_THRESHOLD ? Math.round((onTime / mine.length) * 100) : null,
      },
      createdAt: department.createdAt,
      updatedAt: new Date(latest),
      position: firstPosition + index,
      days: days.map((day) => {
        const entry = byDay.get(day);
        return { day, worst: entry ? statusOf(entry.onTime, entry.closed) : null };
      }),
    };
  });
}
