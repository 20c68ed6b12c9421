import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  councilAgendaItems,
  councilMeetings,
  councilProposals,
  councils,
  councilVotes,
  orgUnits,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { type Database, type Transaction, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { quorumOf } from './council.defaults';
import { titleKeyOf } from './proposals.service';
import { sealedTally } from './votes.service';

const JINJIANG_SOURCE = '《社区治理——锦江案例》（shared/seeds/002）';

import { actor, type Ctx, newCouncil, seedGuiyang, type UnitRow } from './council-samples.seed';

/** Jinjiang: 永兴's meeting of 18 September 2009 and 五福桥's record, from the source, labelled. */
async function seedJinjiang(tx: Transaction, ctx: Ctx, units: UnitRow[]) {
  const wufuqiao = units.find((u) => u.code === 'wufuqiao');
  if (wufuqiao) await seedWufuqiao(tx, ctx, wufuqiao);
  const yongxing = units.find((u) => u.code === 'yongxing');
  if (yongxing) await seedYongxing(tx, ctx, yongxing);
}

/** 五福桥: 48 proposals carried out, and the police room by the river. */
async function seedWufuqiao(tx: Transaction, ctx: Ctx, wufuqiao: UnitRow) {
  {
    const council = await newCouncil(tx, ctx.tenant, wufuqiao, {
      sample: false,
      source: JINJIANG_SOURCE,
      history: [
        {
          year: 2009,
          proposalsCarriedOut: 48,
          source: `${JINJIANG_SOURCE}：五福桥社区居民提案和建议落实 48 件（资料未载明年份，记于 2009 年）`,
        },
      ],
    });
    await tx.insert(councilProposals).values({
      tenantId: ctx.tenant.id,
      councilId: council.id,
      title: '在沙河边设立警务室',
      titleKey: titleKeyOf('在沙河边设立警务室'),
      body: '一位居民联合其他 6 位居民向居委会递交提案，建议在沙河边设立警务室；一个月后警务室建成。',
      origin: 'residents',
      status: 'carried_out',
      supporters: 7,
      source: JINJIANG_SOURCE,
      createdAt: new Date('2009-01-01T00:00:00+08:00'),
    });
  }
}

/** 永兴, 18 September 2009: 81 representatives, 5 projects, the 2 leisure rooms rejected. */
async function seedYongxing(tx: Transaction, ctx: Ctx, yongxing: UnitRow) {
  const council = await newCouncil(tx, ctx.tenant, yongxing, { sample: false, source: JINJIANG_SOURCE });
  const heldAt = new Date('2009-09-18T00:00:00+08:00');
  const [meeting] = await tx
    .insert(councilMeetings)
    .values({
      tenantId: ctx.tenant.id,
      councilId: council.id,
      kind: 'representatives_meeting',
      title: '永兴社区居民代表大会',
      heldAt,
      place: '永兴社区会议室',
      minutes:
        '到会 81 名居民代表，讨论提议的 5 个项目。经投票表决，两个修建休闲活动室的项目被否决——这是社区第一次看到自己的提议被否决。',
      presentCount: 81,
      source: JINJIANG_SOURCE,
      createdAt: heldAt,
    })
    .returning();
  if (!meeting) return;
  const projects = [
    { title: '修建休闲活动室（一）', adopted: false, sample: false },
    { title: '修建休闲活动室（二）', adopted: false, sample: false },
    { title: '提议项目三（资料未载明名称）', adopted: true, sample: true },
    { title: '提议项目四（资料未载明名称）', adopted: true, sample: true },
    { title: '提议项目五（资料未载明名称）', adopted: true, sample: true },
  ];
  const quorum = quorumOf(council.rules, 81);
  for (const [position, p] of projects.entries()) {
    const [proposal] = await tx
      .insert(councilProposals)
      .values({
        tenantId: ctx.tenant.id,
        councilId: council.id,
        title: p.title,
        titleKey: titleKeyOf(p.title),
        body: p.sample
          ? '资料只记载共 5 个项目、否决 2 个，未载明其余项目的名称（样例）。'
          : '修建社区休闲活动室。',
        origin: 'representative',
        status: p.adopted ? 'decided' : 'rejected',
        decidedAt: heldAt,
        sample: p.sample,
        source: JINJIANG_SOURCE,
        createdAt: heldAt,
      })
      .returning();
    const [item] = await tx
      .insert(councilAgendaItems)
      .values({
        tenantId: ctx.tenant.id,
        meetingId: meeting.id,
        position,
        proposalId: proposal?.id ?? null,
        title: p.title,
        decision: p.adopted ? '表决通过（票数未载明）' : '表决否决（票数未载明）',
      })
      .returning();
    if (!item) continue;
    const vote = {
      id: crypto.randomUUID(),
      tenantId: ctx.tenant.id,
      meetingId: meeting.id,
      agendaItemId: item.id,
      proposalId: proposal?.id ?? null,
      ballot: council.rules.ballot,
      majority: council.rules.majority,
      inOffice: 81,
      present: 81,
      quorum,
      status: 'closed',
      forCount: null,
      againstCount: null,
      abstainCount: null,
      result: p.adopted ? 'adopted' : 'rejected',
      openedAt: heldAt,
      closedAt: heldAt,
      sealSeq: null,
      sealHash: null,
      sample: p.sample,
      source: JINJIANG_SOURCE,
    };
    const seal = await recordAudit(
      ctx,
      tx,
      'council.vote_seal',
      { type: 'council_vote', id: vote.id },
      {
        tally: sealedTally(vote),
      },
    );
    await tx.insert(councilVotes).values({ ...vote, sealSeq: seal.seq, sealHash: seal.hash });
  }
}

/**
 * Councils for `npm start`: Jinjiang's 永兴 and 五福桥 from the source (marked with it; names the
 * source does not give are labelled samples), a sample 三会一评 cycle in Guiyang's first community,
 * and a sample council in the first community of any other city. Skips a city that has councils.
 */
export async function seedCouncils(db: Database, tenant: TenantRow): Promise<number> {
  return withTenant({ db, tenantId: tenant.id }, async (tx) => {
    const [existing] = await tx
      .select({ id: councils.id })
      .from(councils)
      .where(eq(councils.tenantId, tenant.id))
      .limit(1);
    if (existing) return 0;
    const units = await tx
      .select({ id: orgUnits.id, code: orgUnits.code, nameZh: orgUnits.nameZh, nameEn: orgUnits.nameEn })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, tenant.id), eq(orgUnits.level, 'community'), isNull(orgUnits.validTo)))
      .orderBy(asc(orgUnits.code));
    const first = units[0];
    if (!first) return 0;
    const ctx: Ctx = { tenant, actor, now: () => new Date() };
    if (units.some((u) => u.code === 'yongxing' || u.code === 'wufuqiao')) await seedJinjiang(tx, ctx, units);
    else if (tenant.structure.deliberation.mechanism === 'deliberation_council')
      await seedGuiyang(tx, ctx, first);
    else await newCouncil(tx, tenant, first, { sample: true });
    return 1;
  });
}
