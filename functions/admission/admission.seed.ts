import { eq } from 'drizzle-orm';
import { departments, type WorkList, workItems } from '../../schema';
import { findRootUnitId } from '../auth/units';
import { todayIn } from '../platform/dates';
import { type Database, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { communitiesUnder } from './admit';
import { ensureObligations } from './funding.service';
import { insertWorkItem } from './work-items.service';

interface Sample {
  code: string;
  list: WorkList;
  department?: string;
  name: { zh: string; en: string };
  legalBasis: string;
  funding: number;
  forms: string[];
}

/**
 * Illustrative items of the three lists (the seeds name the lists — Jiangsu's 政社互动, Guiyang's
 * 准入制 and its rule that communities carry no economic targets — not their items), all marked
 * as samples. The amounts are invented for the demo.
 */
const SAMPLES: Sample[] = [
  {
    code: 'residents_meetings',
    list: 'statutory',
    name: {
      zh: '召集居民会议、居民代表会议（示例）',
      en: "Convene residents' and representatives' meetings (sample)",
    },
    legalBasis: '《中华人民共和国城市居民委员会组织法》第十条',
    funding: 0,
    forms: [],
  },
  {
    code: 'mediation',
    list: 'statutory',
    name: { zh: '调解民间纠纷（示例）', en: 'Mediate disputes among residents (sample)' },
    legalBasis: '《中华人民共和国城市居民委员会组织法》第三条',
    funding: 0,
    forms: ['人民调解登记'],
  },
  {
    code: 'minimum_income_first_check',
    list: 'assisted',
    department: 'civil_affairs',
    name: {
      zh: '协助低保申请入户调查和公示（示例）',
      en: 'Assist minimum-income checks and notices (sample)',
    },
    legalBasis: '《社会救助暂行办法》第十一条',
    funding: 20000,
    forms: ['低保入户调查表'],
  },
  {
    code: 'employment_registration',
    list: 'assisted',
    department: 'human_resources_social_security',
    name: { zh: '协助就业失业登记（示例）', en: 'Assist employment and unemployment registration (sample)' },
    legalBasis: '《中华人民共和国就业促进法》',
    funding: 15000,
    forms: ['就业失业登记表'],
  },
  {
    code: 'floating_population',
    list: 'assisted',
    department: 'public_security',
    name: { zh: '协助流动人口信息登记（示例）', en: 'Assist floating-population registration (sample)' },
    legalBasis: '《居住证暂行条例》',
    funding: 15000,
    forms: [],
  },
  {
    code: 'no_economic_targets',
    list: 'negative',
    name: {
      zh: '招商引资、协税护税等经济指标（示例）',
      en: 'Economic targets such as investment and tax collection (sample)',
    },
    legalBasis: '经济职能上划区级部门，社区不再承担经济考核指标',
    funding: 0,
    forms: [],
  },
  {
    code: 'no_plaques_or_unverifiable_certificates',
    list: 'negative',
    name: {
      zh: '为部门挂牌、出具无法核实的证明（示例）',
      en: 'Plaques for departments, certificates the community cannot verify (sample)',
    },
    legalBasis: '',
    funding: 0,
    forms: [],
  },
];

/** Sample lists for a city that has none (`npm start`), with this year's money owed to every community. */
export async function seedAdmissionSamples(db: Database, tenant: TenantRow, now: Date): Promise<number> {
  return withTenant({ db, tenantId: tenant.id }, async (tx) => {
    const [existing] = await tx
      .select({ id: workItems.id })
      .from(workItems)
      .where(eq(workItems.tenantId, tenant.id))
      .limit(1);
    if (existing) return 0;
    const own = await tx
      .select({ id: departments.id, key: departments.key })
      .from(departments)
      .where(eq(departments.tenantId, tenant.id));
    const levels = tenant.structure.levels
      .map((level) => level.key as string)
      .filter((key) => key === 'community' || key === 'residents_committee');
    const year = Number(todayIn(tenant.timezone, now).slice(0, 4));
    const communities = await communitiesUnder(tx, tenant.id, await findRootUnitId(tx, tenant.id));
    const ctx = { tenant, now: () => now };
    let made = 0;
    for (const sample of SAMPLES) {
      const departmentId = sample.department ? own.find((row) => row.key === sample.department)?.id : null;
      if (sample.department && !departmentId) continue;
      const item = await insertWorkItem(
        tx,
        ctx,
        {
          code: sample.code,
          list: sample.list,
          name: sample.name,
          legalBasis: sample.legalBasis,
          departmentId: departmentId ?? null,
          levels,
          fundingPerCommunity: sample.funding,
          staffPerCommunity: 0,
          forms: sample.forms,
          validFrom: `${year}-01-01`,
        },
        { sample: true },
      );
      if (item.fundingPerCommunity > 0) await ensureObligations(tx, ctx, item, communities, year);
      made += 1;
    }
    return made;
  });
}
