import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleCases } from '../../../functions/cases/cases.seed';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { cases } from '../../../schema';
import { tenantFiles } from '../../../scripts/embedded';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * `npm start` seeds each of the four cities with sample cases, one at each link, and one resident's
 * report answered and closed, all marked as samples.
 */
let db: TestDatabase;
const cities: TenantRow[] = [];
const now = new Date('2026-12-07T04:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  for (const file of tenantFiles()) {
    const { tenant } = await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
    cities.push(tenant);
  }
});
afterAll(async () => db.close());

describe('sample cases', () => {
  it('are seeded for every city across the seven links, once', async () => {
    expect(cities.map((city) => city.slug).sort()).toEqual(['guiyang', 'jinjiang', 'liaoyuan', 'tongling']);
    for (const city of cities) {
      expect(await seedSampleCases(db.db, city, now), city.slug).toBe(8);
      expect(await seedSampleCases(db.db, city, now), city.slug).toBe(0);
      const rows = await db.db.select().from(cases).where(eq(cases.tenantId, city.id));
      expect(rows.every((row) => row.sample)).toBe(true);
      expect(new Set(rows.map((row) => row.status))).toEqual(
        new Set([
          'collected',
          'registered',
          'dispatched',
          'handling',
          'reported',
          'closed',
          'evaluated',
          'refused',
        ]),
      );
      // A resident's report, closed with a reply the public tracking page shows.
      const fromResident = rows.filter((row) => row.channel === 'resident');
      expect(fromResident).toHaveLength(1);
      expect(fromResident[0]).toMatchObject({ status: 'closed' });
      expect(fromResident[0]?.publicReply).toContain('（示例）');
    }
  });
});
