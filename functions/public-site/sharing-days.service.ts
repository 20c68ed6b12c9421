import { eq, type SQL, sql } from 'drizzle-orm';
import { sharingRollupHeads } from '../../schema';
import { shiftDay, todayIn } from '../platform/dates';
import type { Transaction } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';

/**
 * A day is rolled up this long after it ended, so that a push or read stamped just before midnight
 * and committed just after is counted. (Rows are stamped with the time the request ran; commits
 * follow within seconds.)
 */
export const ROLLUP_MARGIN_MS = 15 * 60 * 1000;

/** The statistics window: this month and the eleven before it. */
export const STATISTICS_MONTHS = 12;

export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first day of the statistics window for a city's today. */
export function windowStart(today: string): string {
  return `${shiftMonth(today.slice(0, 7), -(STATISTICS_MONTHS - 1))}-01`;
}

/**
 * Pushes and pulls per (local day, department) counted from the change feed and the access log,
 * for local days from `fromDay` up to (not including) `toDay`, or to now. The one definition of
 * what the statistics count, used for the rollup and for the days not rolled up yet:
 * - a push is a change event (the department-less row);
 * - a pull is an access-log row, on its department's row (people's reads on the department-less row);
 * - a pull spared a re-collection when a department read a field of a domain another department owns.
 */
export function dailyCounts(tenantId: string, timeZone: string, fromDay: string, toDay?: string): SQL {
  const from = sql`(${fromDay}::date::timestamp at time zone ${timeZone})`;
  const to = toDay ? sql`(${toDay}::date::timestamp at time zone ${timeZone})` : sql`'infinity'::timestamptz`;
  return sql`
    select day, department_id, sum(pushes)::int as pushes, sum(pulls)::int as pulls, sum(spared)::int as spared
      from (
        select (occurred_at at time zone ${timeZone})::date as day, null::uuid as department_id,
               count(*) as pushes, 0 as pulls, 0 as spared
          from change_events
         where tenant_id = ${tenantId} and occurred_at >= ${from} and occurred_at < ${to}
         group by 1
        union all
        select (a.occurred_at at time zone ${timeZone})::date, a.department_id, 0, count(*),
               count(*) filter (where a.department_id is not null and exists (
                 select 1 from unnest(a.fields) f
                  where split_part(f, '.', 1) <> all(coalesce(o.domains, '{}'::text[]))))
          from access_log a
          left join (select owner_department_id, array_agg(key) as domains
                       from data_domains where tenant_id = ${tenantId} group by owner_department_id) o
            on o.owner_department_id = a.department_id
         where a.tenant_id = ${tenantId} and a.occurred_at >= ${from} and a.occurred_at < ${to}
         group by 1, 2
      ) counted
     group by day, department_id`;
}

/** The last rolled-up day of a city, if any. */
export async function rolledUpThrough(tx: Transaction, tenantId: string): Promise<string | undefined> {
  const [head] = await tx
    .select({ throughDay: sharingRollupHeads.throughDay })
    .from(sharingRollupHeads)
    .where(eq(sharingRollupHeads.tenantId, tenantId));
  return head?.throughDay;
}

/**
 * Rolls a city's closed days into `sharing_days` (run by the status sweep inside its per-city
 * lock): every day after the last rolled-up one (or from the start of the statistics window) up to
 * the last day that ended at least `ROLLUP_MARGIN_MS` ago. Returns how many days it closed.
 */
export async function rollUpSharingDays(tx: Transaction, tenant: TenantRow, now: Date): Promise<number> {
  const lastClosed = shiftDay(todayIn(tenant.timezone, new Date(now.getTime() - ROLLUP_MARGIN_MS)), -1);
  const through = await rolledUpThrough(tx, tenant.id);
  const from = through ? shiftDay(through, 1) : windowStart(todayIn(tenant.timezone, now));
  if (from > lastClosed) return 0;
  await tx.execute(sql`
    insert into sharing_days (tenant_id, day, department_id, pushes, pulls, spared)
    select ${tenant.id}::uuid, day, department_id, pushes, pulls, spared
      from (${dailyCounts(tenant.id, tenant.timezone, from, shiftDay(lastClosed, 1))}) counts
    on conflict do nothing`);
  await tx
    .insert(sharingRollupHeads)
    .values({ tenantId: tenant.id, throughDay: lastClosed })
    .onConflictDoUpdate({ target: sharingRollupHeads.tenantId, set: { throughDay: lastClosed } });
  return (Date.parse(lastClosed) - Date.parse(from)) / 86_400_000 + 1;
}
