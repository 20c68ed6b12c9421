import { eq, isNull, or } from 'drizzle-orm';
import { calendarDays, tenants } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { type Executor, enterTenant, withTenant, withTransaction } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { casesErrors } from './cases.errors';
import { type CalendarOverrides, isCoveredYear, NATIONAL_YEARS, stageClock } from './working-days';

/** The platform's added days and the city's own, the city's winning; and the years the platform added. */
export async function loadOverrides(db: Executor, tenantId: string): Promise<CalendarOverrides> {
  const rows = await db
    .select({ tenantId: calendarDays.tenantId, day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .where(or(isNull(calendarDays.tenantId), eq(calendarDays.tenantId, tenantId)));
  const days = new Map<string, 'day_off' | 'working_day'>();
  const addedYears = new Set<number>();
  for (const row of rows.filter((row) => row.tenantId === null)) {
    days.set(row.day, row.kind);
    addedYears.add(Number(row.day.slice(0, 4)));
  }
  for (const row of rows.filter((row) => row.tenantId !== null)) days.set(row.day, row.kind);
  return { days, addedYears };
}

/** The clock of a stage for a case of this city, on its calendar. */
export async function clockFor(
  db: Executor,
  tenant: { id: string; timezone: string },
  startedAt: Date,
  limit: number,
  warnShare: number,
) {
  return stageClock(startedAt, limit, warnShare, tenant.timezone, await loadOverrides(db, tenant.id));
}

/** What the calendar covers: the package's years, the platform's, and whether next year is in. */
export async function calendarCoverage(db: Executor, tenantId: string, today: string) {
  const overrides = await loadOverrides(db, tenantId);
  const year = Number(today.slice(0, 4));
  return {
    nationalYears: [...NATIONAL_YEARS],
    addedYears: [...overrides.addedYears].sort((a, b) => a - b),
    coversThisYear: isCoveredYear(year, overrides),
    coversNextYear: isCoveredYear(year + 1, overrides),
    cityDays: [...overrides.days.entries()].map(([day, kind]) => ({ day, kind })),
  };
}

/** A city administrator adds a local day off or working day (it wins over the national calendar). */
export async function addCalendarDay(
  ctx: ServiceContext,
  input: { day: string; kind: 'day_off' | 'working_day'; note: string },
) {
  refuseUnsafeText({ note: input.note });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'case_catalog.manage', { tenantId: ctx.tenant.id });
    let row: typeof calendarDays.$inferSelect | undefined;
    try {
      [row] = await tx
        .insert(calendarDays)
        .values({
          tenantId: ctx.tenant.id,
          day: input.day,
          kind: input.kind,
          note: input.note,
          createdAt: ctx.now(),
        })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw casesErrors.calendarDayExists();
      throw error;
    }
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'calendar.add_day',
      { type: 'calendar_day', id: row.id },
      { day: row.day, kind: row.kind },
    );
    return row;
  });
}

/**
 * The platform adds days for every city: a year the data package does not cover yet (the State
 * Council's notice is out, the package release is not). Recorded in every city's audit trail,
 * since every city's deadlines follow it.
 */
export async function addPlatformCalendarDays(
  ctx: Pick<ServiceContext, 'db' | 'actor' | 'now'>,
  days: { day: string; kind: 'day_off' | 'working_day'; note: string }[],
) {
  for (const [index, day] of days.entries()) refuseUnsafeText({ [`days.${index}.note`]: day.note });
  return withTransaction(ctx.db, async (tx) => {
    await authorize(tx, ctx.actor, 'calendar.manage', {});
    let rows: (typeof calendarDays.$inferSelect)[];
    try {
      rows = await tx
        .insert(calendarDays)
        .values(days.map((day) => ({ tenantId: null, ...day, createdAt: ctx.now() })))
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw casesErrors.calendarDayExists();
      throw error;
    }
    for (const tenant of await tx.select().from(tenants)) {
      await enterTenant(tx, tenant.id);
      await recordAudit(
        { tenant, actor: ctx.actor, now: ctx.now },
        tx,
        'calendar.add_platform_days',
        {
          type: 'calendar',
          id: 'platform',
        },
        { days: rows.map((row) => ({ day: row.day, kind: row.kind })) },
      );
    }
    return rows;
  });
}
