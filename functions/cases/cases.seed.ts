import { and, eq, inArray, isNull } from 'drizzle-orm';
import { cases, orgUnits } from '../../schema';
import type { ServiceContext } from '../auth/context';
import { systemActor } from '../platform/context';
import type { Database } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { listCategories } from './case-catalog.service';
import { acceptCase, dispatchCase, evaluateCase, reportCase, verifyCase } from './case-handling.service';
import { collectCase, refuseCase, registerCase } from './cases.service';
import { submitResidentReport } from './resident-reports.service';

const DAY = 86_400_000;

/** Sample problems (the seeds name the ten contents, not cases): each ends at a different link. */
const SAMPLES = [
  { code: 'city_operation', title: '井盖缺失（示例）', until: 'evaluated', daysAgo: 20 },
  { code: 'residents_requests', title: '楼道照明损坏（示例）', until: 'reported', daysAgo: 6 },
  { code: 'city_operation', title: '占道堆放建筑垃圾（示例）', until: 'handling', daysAgo: 12 },
  { code: 'social_services', title: '独居老人需要上门探访（示例）', until: 'dispatched', daysAgo: 1 },
  { code: 'disputes', title: '邻里噪声纠纷（示例）', until: 'registered', daysAgo: 0 },
  { code: 'residents_requests', title: '小区门口积水（示例）', until: 'collected', daysAgo: 0 },
] as const;

const ORDER = ['collected', 'registered', 'dispatched', 'handling', 'reported', 'closed', 'evaluated'];

/**
 * Sample cases for a city that has none (local runs, `npm start`), marked as samples: one at each
 * link of the loop, one of them past its deadline so the first sweep escalates it. Acts as the
 * system; grid units where the city has them, else communities.
 */
export async function seedSampleCases(db: Database, tenant: TenantRow, now: Date): Promise<number> {
  const [existing] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.tenantId, tenant.id))
    .limit(1);
  if (existing) return 0;
  const places = await db
    .select({ id: orgUnits.id, level: orgUnits.level, code: orgUnits.code })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.tenantId, tenant.id),
        isNull(orgUnits.validTo),
        inArray(orgUnits.level, ['grid', 'courtyard', 'community']),
      ),
    )
    .limit(200);
  const grids = places.filter((unit) => unit.level !== 'community');
  const pool = grids.length > 0 ? grids : places;
  if (pool.length === 0) return 0;
  const categories = await listCategories({ db, tenant, now: () => now });
  let made = 0;
  for (const [index, sample] of SAMPLES.entries()) {
    const category = categories.find((row) => row.code === sample.code);
    const place = pool[index % pool.length];
    if (!category || !place) continue;
    let at = now.getTime() - sample.daysAgo * DAY;
    const ctx: ServiceContext = { db, tenant, actor: systemActor('demo-seed'), now: () => new Date(at) };
    // The handler is another party than the one who verifies (nobody closes what they handled).
    const handler: ServiceContext = { ...ctx, actor: systemActor('demo-seed-handler') };
    const next = (hours: number) => {
      at = Math.min(at + hours * 3_600_000, now.getTime());
    };
    const row = await collectCase(
      ctx,
      { categoryId: category.id, orgUnitId: place.id, title: sample.title },
      { sample: true },
    );
    made += 1;
    const reached = (status: string) => ORDER.indexOf(sample.until) >= ORDER.indexOf(status);
    if (!reached('registered')) continue;
    next(2);
    await registerCase(ctx, row.id, {});
    if (!reached('dispatched')) continue;
    next(3);
    await dispatchCase(ctx, row.id, {});
    if (!reached('handling')) continue;
    next(20);
    await acceptCase(handler, row.id, {});
    if (!reached('reported')) continue;
    next(48);
    await reportCase(handler, row.id, { summary: '已处理（示例）' });
    if (!reached('closed')) continue;
    next(20);
    await verifyCase(ctx, row.id, { outcome: 'fixed' });
    next(4);
    await evaluateCase(ctx, row.id, { satisfaction: 5 });
  }
  // A duplicate report of the first, refused at registration.
  const [first] = await db.select({ id: cases.id }).from(cases).where(eq(cases.tenantId, tenant.id)).limit(1);
  const category = categories.find((row) => row.code === 'city_operation');
  if (first && category && pool[0]) {
    const ctx: ServiceContext = { db, tenant, actor: systemActor('demo-seed'), now: () => now };
    const duplicate = await collectCase(
      ctx,
      { categoryId: category.id, orgUnitId: pool[0].id, title: '井盖缺失（重复上报，示例）' },
      { sample: true },
    );
    await refuseCase(ctx, duplicate.id, {
      refusal: 'duplicate',
      duplicateOf: first.id,
      reason: '同一问题已立案（示例）',
    });
    made += 1;
  }
  made += await seedResidentReport(db, tenant, now, pool[0]?.code);
  return made;
}

/**
 * One resident's report, handled and closed with a reply to the resident, so the public site has a
 * request to track (its page, Open311 `GET requests`) and shows what a reply looks like. A sample.
 */
async function seedResidentReport(db: Database, tenant: TenantRow, now: Date, placeCode: string | undefined) {
  if (!placeCode) return 0;
  let at = now.getTime() - 9 * DAY;
  const ctx: ServiceContext = { db, tenant, actor: systemActor('resident'), now: () => new Date(at) };
  const staff: ServiceContext = { ...ctx, actor: systemActor('demo-seed') };
  const handler: ServiceContext = { ...ctx, actor: systemActor('demo-seed-handler') };
  const report = await submitResidentReport(
    ctx,
    {
      serviceCode: 'residents_requests',
      placeCode,
      description: '（示例）3号楼2单元楼道的灯一直不亮，晚上上下楼不方便，请尽快维修。',
    },
    { address: 'demo-seed' },
  ).catch(() => undefined);
  if (!report) return 0;
  const id = report.row.id;
  await db
    .update(cases)
    .set({ sample: true })
    .where(and(eq(cases.tenantId, tenant.id), eq(cases.id, id)));
  const step = (hours: number) => {
    at += hours * 3_600_000;
  };
  step(1);
  await registerCase(staff, id, {});
  step(2);
  await dispatchCase(staff, id, {});
  step(18);
  await acceptCase(handler, id, {});
  step(30);
  await reportCase(handler, id, {
    summary: '联系物业更换3号楼2单元楼道损坏的灯具，夜间复查已亮（示例）',
    publicReply: '已联系物业更换了3号楼2单元楼道损坏的灯具，当晚复查已恢复照明。感谢您的反映。（示例）',
  });
  step(6);
  await verifyCase(staff, id, { outcome: 'fixed' });
  return 1;
}
