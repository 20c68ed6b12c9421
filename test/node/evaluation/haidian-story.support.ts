import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../functions/auth/context';
import { listCategories } from '../../../functions/cases/case-catalog.service';
import {
  acceptCase,
  dispatchCase,
  evaluateCase,
  reportCase,
  verifyCase,
} from '../../../functions/cases/case-handling.service';
import { collectCase, registerCase } from '../../../functions/cases/cases.service';
import { createUser } from '../../../functions/identity/users.service';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { systemActor } from '../../../functions/platform/context';
import type { Database } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import {
  agreementItems,
  assistanceAgreements,
  cases,
  departments,
  fundingObligations,
  fundingPayments,
  workItems,
} from '../../../schema';
import { uniqueSlug } from '../../support/fixtures';
import { GOOD_PASSWORD, platform, unitId } from '../../support/identity';

/** A Haidian-style city: a district, two streets (kept, as Haidian keeps them), three communities. */
export async function haidianCity(db: Database): Promise<TenantRow> {
  const slug = uniqueSlug('haidian');
  const { tenant } = await onboardTenant(
    { db },
    {
      tenant: {
        slug,
        name: { zh: `海淀式测试区 ${slug}`, en: `Haidian-style ${slug}` },
        timezone: 'Asia/Shanghai',
      },
      template: 'jinjiang',
      units: [
        { code: 'city', level: 'city', name: { zh: '测试市', en: 'Test city' } },
        { code: 'hd', level: 'district', parent: 'city', name: { zh: '海淀区', en: 'Haidian' } },
        { code: 's1', level: 'street', parent: 'hd', name: { zh: '学院路街道', en: 'Xueyuan Road street' } },
        { code: 's2', level: 'street', parent: 'hd', name: { zh: '中关村街道', en: 'Zhongguancun street' } },
        { code: 's1-c1', level: 'community', parent: 's1', name: { zh: '展春园社区', en: 'Zhanchunyuan' } },
        { code: 's1-c2', level: 'community', parent: 's1', name: { zh: '二里庄社区', en: 'Erlizhuang' } },
        { code: 's2-c1', level: 'community', parent: 's2', name: { zh: '科育社区', en: 'Keyu' } },
      ],
      administrator: { name: '测试管理员', email: `admin@${slug}.example.org` },
    },
  );
  return tenant;
}

export async function departmentId(db: Database, tenant: TenantRow, key: string): Promise<string> {
  const [row] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, tenant.id), eq(departments.key, key)));
  if (!row) throw new Error(`no department ${key}`);
  return row.id;
}

let counter = 0;
/** A person with one role (a department officer names their department). */
export async function staff(
  db: Database,
  tenant: TenantRow,
  role:
    | 'city_administrator'
    | 'district_administrator'
    | 'community_staff'
    | 'department_officer'
    | 'surveyor',
  code: string,
  department?: string,
) {
  counter += 1;
  const email = `${role}-${counter}@${tenant.slug}.example.org`;
  const { user } = await createUser(
    { db, tenant, actor: platform, now: () => new Date() },
    {
      email,
      displayName: `${role} ${counter}`,
      password: GOOD_PASSWORD,
      roles: [
        {
          role,
          orgUnitId: await unitId(db, tenant.id, code),
          ...(department ? { departmentId: department } : {}),
        },
      ],
    },
  );
  return { id: user.id, email };
}

/**
 * Cases in the period, through the real verbs: `closed` of them handled by 城管 and closed with the
 * given satisfaction, one left in handling. Returns the case ids.
 */
export async function urbanCases(
  db: Database,
  tenant: TenantRow,
  satisfactions: number[],
): Promise<string[]> {
  let at = new Date('2026-03-02T01:00:00Z').getTime();
  const ctx: ServiceContext = { db, tenant, actor: systemActor('story'), now: () => new Date(at) };
  const handler: ServiceContext = { ...ctx, actor: systemActor('story-handler') };
  const next = (hours: number) => {
    at += hours * 3_600_000;
  };
  const category = (await listCategories({ db, tenant, now: () => new Date(at) })).find(
    (row) => row.code === 'city_operation',
  );
  if (!category) throw new Error('no city_operation category');
  const place = await unitId(db, tenant.id, 's1-c1');
  const ids: string[] = [];
  for (const satisfaction of [...satisfactions, null]) {
    const row = await collectCase(ctx, { categoryId: category.id, orgUnitId: place, title: '占道经营' });
    ids.push(row.id);
    next(1);
    await registerCase(ctx, row.id, {});
    next(1);
    await dispatchCase(ctx, row.id, {});
    next(2);
    await acceptCase(handler, row.id, {});
    if (satisfaction === null) continue;
    next(5);
    await reportCase(handler, row.id, { summary: '已清理' });
    next(2);
    await verifyCase(ctx, row.id, { outcome: 'fixed' });
    next(1);
    await evaluateCase(ctx, row.id, { satisfaction });
    next(24);
  }
  return ids;
}

/**
 * The admission domain's records for 城管 in the period, as its verbs leave them: an admitted
 * (assisted) item with two funding obligations to a community — one paid by its due date, one late —
 * a signed assistance agreement whose two items the government met once, and a case carrying the item.
 */
export async function admissionRecords(
  db: Database,
  tenant: TenantRow,
  urban: string,
  community: string,
  caseId: string,
) {
  const [item] = await db
    .insert(workItems)
    .values({
      tenantId: tenant.id,
      code: 'urban-stalls',
      list: 'assisted',
      nameZh: '协助清理占道经营',
      nameEn: 'Help clear street stalls',
      departmentId: urban,
      validFrom: '2026-01-01',
    })
    .returning();
  if (!item) throw new Error('no work item');
  const obligations = await db
    .insert(fundingObligations)
    .values([
      {
        tenantId: tenant.id,
        workItemId: item.id,
        orgUnitId: community,
        year: 2026,
        amountYuan: 1000,
        dueOn: '2026-03-31',
      },
      {
        tenantId: tenant.id,
        workItemId: item.id,
        orgUnitId: community,
        year: 2027,
        amountYuan: 500,
        dueOn: '2026-05-31',
      },
    ])
    .returning();
  const [onTime, late] = obligations;
  if (!onTime || !late) throw new Error('no obligations');
  await db.insert(fundingPayments).values([
    {
      tenantId: tenant.id,
      obligationId: onTime.id,
      amountYuan: 1000,
      paidOn: '2026-03-20',
      recordedBy: 'test',
    },
    { tenantId: tenant.id, obligationId: late.id, amountYuan: 500, paidOn: '2026-06-10', recordedBy: 'test' },
  ]);
  const [agreement] = await db
    .insert(assistanceAgreements)
    .values({
      tenantId: tenant.id,
      orgUnitId: community,
      year: 2026,
      version: 1,
      status: 'signed',
      governmentObligations: '按时拨付经费',
      committeeObligations: '协助清理',
      penalties: '双向约束',
      draftedBy: 'test',
    })
    .returning();
  if (!agreement) throw new Error('no agreement');
  const [second] = await db
    .insert(workItems)
    .values({
      tenantId: tenant.id,
      code: 'urban-posters',
      list: 'assisted',
      nameZh: '协助清理小广告',
      nameEn: 'Help clear posters',
      departmentId: urban,
      validFrom: '2026-01-01',
    })
    .returning();
  if (!second) throw new Error('no second item');
  await db.insert(agreementItems).values([
    {
      tenantId: tenant.id,
      agreementId: agreement.id,
      workItemId: item.id,
      fundingYuan: 1000,
      governmentMet: true,
      committeeMet: true,
    },
    {
      tenantId: tenant.id,
      agreementId: agreement.id,
      workItemId: second.id,
      fundingYuan: 500,
      governmentMet: false,
      committeeMet: true,
    },
  ]);
  await db.update(cases).set({ workItemId: item.id }).where(eq(cases.id, caseId));
  return { onTime: onTime.id, late: late.id };
}
