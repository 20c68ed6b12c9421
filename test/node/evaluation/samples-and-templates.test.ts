import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../functions/auth/context';
import { seedSampleCases } from '../../../functions/cases/cases.seed';
import { createCampaign, readCampaign } from '../../../functions/evaluation/campaigns.service';
import { seedSampleEvaluation } from '../../../functions/evaluation/evaluation.seed';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { systemActor } from '../../../functions/platform/context';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { evaluationAssignments, evaluationCampaigns, evaluationSubjects } from '../../../schema';
import { tenantFiles } from '../../../scripts/embedded';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** `npm start` seeds each city with a sealed sample campaign; the Jiangsu template rates both ways. */
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

describe('sample evaluation', () => {
  it('is seeded for every city once, sealed, marked as a sample, and shown on the public page', async () => {
    const api = testApp(db.db, () => now);
    for (const city of cities) {
      await seedSampleCases(db.db, city, now);
      expect(await seedSampleEvaluation(db.db, city, now), city.slug).toBe(1);
      expect(await seedSampleEvaluation(db.db, city, now), city.slug).toBe(0);
      const [campaign] = await db.db
        .select()
        .from(evaluationCampaigns)
        .where(eq(evaluationCampaigns.tenantId, city.id));
      expect(campaign).toMatchObject({
        status: 'sealed',
        sample: true,
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
      });
      const page = await api.get(`/t/${city.slug}/evaluation`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('（示例）');
    }
  });
});

describe('the Jiangsu template (政社互动)', () => {
  it('has departments rate each residents’ committee and each committee rate the departments', async () => {
    const city = cities.find((row) => row.slug === 'jinjiang');
    if (!city) throw new Error('no jinjiang');
    const ctx: ServiceContext = { db: db.db, tenant: city, actor: systemActor('test'), now: () => now };
    const campaign = await createCampaign(ctx, {
      title: { zh: '政社互动双向评估', en: 'Government–society mutual evaluation' },
      template: 'jiangsu',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      opensAt: '2026-12-01T00:00:00+08:00',
      closesAt: '2026-12-31T00:00:00+08:00',
      subjects: { levels: ['community'], departments: true },
    });
    const { subjects } = await readCampaign(ctx, campaign.id);
    const rows = await db.db
      .select({
        part: evaluationAssignments.part,
        kind: evaluationSubjects.kind,
        unit: evaluationAssignments.raterUnitId,
        department: evaluationAssignments.raterDepartmentId,
      })
      .from(evaluationAssignments)
      .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, evaluationAssignments.subjectId))
      .where(eq(evaluationAssignments.campaignId, campaign.id));
    const communities = subjects.filter((s) => s.kind === 'unit').length;
    const departments = subjects.filter((s) => s.kind === 'department').length;
    expect(communities).toBe(6);
    // Every department rates every committee on its agreement; every committee rates every department.
    expect(rows.filter((r) => r.kind === 'unit' && r.part === 'department' && r.department).length).toBe(
      communities * departments,
    );
    expect(rows.filter((r) => r.kind === 'department' && r.part === 'from_below' && r.unit).length).toBe(
      communities * departments,
    );
    expect(campaign.scheme.criteria.department?.map((c) => c.code)).toEqual([
      'guidance',
      'services',
      'payments',
      'no_interference',
    ]);
  });
});
