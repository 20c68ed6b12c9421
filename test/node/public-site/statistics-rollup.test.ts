import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { runStatusSweep } from '../../../functions/public-site/data-links.service';
import { type StatisticsModel, statisticsModel } from '../../../functions/public-site/public-site.service';
import { seedCatalog } from '../../../functions/sharing/catalog/catalog.service';
import { seedDepartments } from '../../../functions/tenants/departments.service';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The statistics page counts closed days from the rollup (`sharing_days`) and the days since live.
 * The source rows (change events and access-log rows) are written here directly, stamped on chosen
 * days: what is under test is how they are counted.
 */
let db: TestDatabase;
let city: TenantRow;
const departments = new Map<string, string>();
const RESIDENT = '00000000-0000-4000-8000-000000000001';

/** 12:00 local time (Asia/Shanghai, UTC+8) on a day, or a given local time. */
const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00+08:00`);

async function push(day: string, time?: string) {
  await db.query(
    `insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
     values ($1, (select coalesce(max(seq), 0) + 1 from change_events where tenant_id = $1), $2, 'minimum_income',
             '{minimum_income.enrolled}', 'facet.updated', 1, $3)`,
    [city.id, RESIDENT, at(day, time)],
  );
}

async function pull(day: string, department: string | null, fields: string[], time?: string) {
  await db.query(
    `insert into access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields, purpose, operation)
     values ($1, $2, $3, 'x', $4, $5, $6, 'test', 'resident.read')`,
    [
      city.id,
      at(day, time),
      department ? 'api_client' : 'user',
      department ? departments.get(department) : null,
      RESIDENT,
      fields,
    ],
  );
}

const statistics = (now: Date) => statisticsModel({ db: db.db, tenant: city, now: () => now });
const sweep = (now: Date) => runStatusSweep({ db: db.db, now: () => now });
const counts = (model: StatisticsModel) => ({
  months: model.months.map((m) => [m.month, m.pushes.value, m.pulls.value, m.spared.value]),
  byDepartment: model.pullsByDepartment.map((d) => [d.key, d.pulls.value]),
});

beforeAll(async () => {
  db = await createTestDatabase();
  ({ tenant: city } = await onboardTenant(
    { db: db.db },
    JSON.parse(readFileSync('tenants/guiyang.json', 'utf8')),
  ));
  await withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
    await seedDepartments(tx, city.id, city.structure);
    await seedCatalog(tx, city.id, city.structure);
  });
  for (const row of await db.query<{ id: string; key: string }>(
    'select id, key from departments where tenant_id = $1',
    [city.id],
  ))
    departments.set(row.key, row.id);
  // Three months of activity: pushes, a department reading another's domain (a spared
  // re-collection), a department reading its own domain (not spared), and people's reads.
  for (const day of ['2026-09-03', '2026-10-15', '2026-10-16', '2026-11-20']) {
    for (let i = 0; i < 6; i++) await push(day);
    for (let i = 0; i < 5; i++)
      await pull(day, 'human_resources_social_security', ['minimum_income.enrolled']);
    for (let i = 0; i < 5; i++) await pull(day, 'civil_affairs', ['minimum_income.enrolled']);
    for (let i = 0; i < 5; i++) await pull(day, null, ['community_basics.household_size']);
  }
});
afterAll(async () => db.close());

describe('sharing statistics from daily rollups', () => {
  it('count the same whether closed days come from the rollup or from the logs', async () => {
    const now = at('2026-11-23', '10:00');
    const live = counts(await statistics(now));
    // Seen live, before any rollup: the expected figures.
    expect(live.months.slice(-3)).toEqual([
      ['2026-09', 6, 15, 5],
      ['2026-10', 12, 30, 10],
      ['2026-11', 6, 15, 5],
    ]);
    expect(live.byDepartment).toContainEqual(['human_resources_social_security', 20]);
    expect(live.byDepartment).toContainEqual(['civil_affairs', 20]);

    const report = await sweep(now);
    expect(report.daysRolledUp).toBeGreaterThan(300);
    expect(counts(await statistics(now))).toEqual(live);
    // A second sweep (or one overlapping) adds nothing.
    expect((await sweep(now)).daysRolledUp).toBe(0);
    expect(counts(await statistics(now))).toEqual(live);
  });

  it('read closed days from the rollup, and the days since live from the logs', async () => {
    const now = at('2026-11-23', '10:00');
    const before = counts(await statistics(now));
    // Remove a rolled-up day's source rows (as the database owner could): the page still counts
    // them, so the rollup is what it reads. (Without the rollup these counts would drop.)
    await db.query(`delete from access_log where tenant_id = $1 and occurred_at < $2`, [
      city.id,
      at('2026-10-01'),
    ]);
    await db.query(`delete from change_events where tenant_id = $1 and occurred_at < $2`, [
      city.id,
      at('2026-10-01'),
    ]);
    expect(counts(await statistics(now))).toEqual(before);
    // Today's rows are not rolled up yet and are counted as they come.
    await push('2026-11-23', '09:00');
    const after = counts(await statistics(now));
    expect(after.months.at(-1)).toEqual(['2026-11', 7, 15, 5]);
  });

  it('leave a day open until 15 minutes after it ended, so a late stamp is not lost', async () => {
    // A read stamped one minute before midnight; the sweep runs five minutes after midnight.
    await pull('2026-11-23', 'civil_affairs', ['minimum_income.enrolled'], '23:59');
    const early = at('2026-11-24', '00:05');
    await sweep(early);
    const [head] = await db.query<{ through_day: string }>(
      `select to_char(through_day, 'YYYY-MM-DD') as through_day from sharing_rollup_heads where tenant_id = $1`,
      [city.id],
    );
    expect(head?.through_day).toBe('2026-11-22');
    // Committed late, stamped yesterday: still counted, live.
    await pull('2026-11-23', 'civil_affairs', ['minimum_income.enrolled'], '23:59');
    const beforeClose = counts(await statistics(early));
    expect(beforeClose.months.at(-1)).toEqual(['2026-11', 7, 17, 5]);
    // Once the margin has passed the day is rolled up with both reads.
    const later = at('2026-11-24', '00:20');
    expect((await sweep(later)).daysRolledUp).toBe(1);
    expect(counts(await statistics(later))).toEqual(beforeClose);
  });
});
