import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  type CouncilHistoryFigure,
  councilAgendaItems,
  councilAttendance,
  councilBallots,
  councilMeetings,
  councilMembers,
  councilMilestones,
  councilProjects,
  councilProposals,
  councilReviews,
  councils,
  councilVoters,
  councilVotes,
  orgUnits,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { systemActor } from '../platform/context';
import { type Database, type Transaction, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { defaultRules, quorumOf } from './council.defaults';
import { titleKeyOf } from './proposals.service';
import { sealedTally } from './votes.service';

const JINJIANG_SOURCE = '《社区治理——锦江案例》（shared/seeds/002）';
const actor = systemActor('demo-seed');

type Ctx = { tenant: TenantRow; actor: typeof actor; now: () => Date };

async function newCouncil(
  tx: Transaction,
  tenant: TenantRow,
  unit: { id: string; nameZh: string; nameEn: string },
  extra: { sample: boolean; source?: string; history?: CouncilHistoryFigure[] },
) {
  const deliberation = tenant.structure.deliberation;
  const [row] = await tx
    .insert(councils)
    .values({
      tenantId: tenant.id,
      orgUnitId: unit.id,
      nameZh: `${unit.nameZh}${deliberation.mechanism === 'proposal_and_vote' ? '居民代表会议' : '居民议事会'}`,
      nameEn: `${deliberation.mechanism === 'proposal_and_vote' ? "Residents' representatives' meeting" : "Residents' deliberation council"}, ${unit.nameEn}`,
      mechanism: deliberation.mechanism,
      rules: defaultRules(deliberation.mechanism),
      history: extra.history ?? [],
      sample: extra.sample,
      source: extra.source ?? null,
    })
    .returning();
  if (!row) throw new Error('council seed');
  return row;
}

/** Jinjiang: 永兴's meeting of 18 September 2009 and 五福桥's record, from the source, labelled. */
async function seedJinjiang(tx: Transaction, ctx: Ctx, units: UnitRow[]) {
  const yongxing = units.find((u) => u.code === 'yongxing');
  const wufuqiao = units.find((u) => u.code === 'wufuqiao');
  if (wufuqiao) {
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
  if (!yongxing) return;
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

type UnitRow = { id: string; code: string; nameZh: string; nameEn: string };

/** Guiyang: one sample 三会一评 cycle, every name and number labelled as a sample. */
async function seedGuiyang(tx: Transaction, ctx: Ctx, unit: UnitRow) {
  const council = await newCouncil(tx, ctx.tenant, unit, { sample: true });
  const t = ctx.tenant.id;
  const members = await tx
    .insert(councilMembers)
    .values(
      ['委员甲', '委员乙', '委员丙', '委员丁', '委员戊'].map((name, i) => ({
        tenantId: t,
        councilId: council.id,
        name: `${name}（样例）`,
        seat: i === 0 ? 'convener' : i < 3 ? 'standing_representative' : 'sector_representative',
        chosenHow: i === 0 ? 'appointed' : 'elected',
        chosenBy: i === 0 ? '社区党委（样例）' : '居委会及行业代表推选（样例）',
        chosenOn: '2025-01-10',
        termStart: '2025-01-10',
        termEnd: '2028-01-09',
      })),
    )
    .returning();
  const title = '小区增设电动车充电桩（样例）';
  const [proposal] = await tx
    .insert(councilProposals)
    .values({
      tenantId: t,
      councilId: council.id,
      title,
      titleKey: titleKeyOf(title),
      body: '居民在楼道充电存在火灾隐患，建议在小区内增设集中充电桩（样例数据）。',
      origin: 'residents',
      status: 'decided',
      supporters: 9,
      sample: true,
      submittedAt: new Date('2026-03-01T10:00:00+08:00'),
      decidedAt: new Date('2026-03-20T20:00:00+08:00'),
      createdAt: new Date('2026-02-26T10:00:00+08:00'),
    })
    .returning();
  if (!proposal) return;
  const meeting = async (kind: string, title: string, at: string, minutes: string) => {
    const [row] = await tx
      .insert(councilMeetings)
      .values({
        tenantId: t,
        councilId: council.id,
        kind,
        title,
        heldAt: new Date(at),
        place: '社区会议室（样例）',
        minutes,
        sample: true,
      })
      .returning();
    if (!row) throw new Error('meeting seed');
    const [item] = await tx
      .insert(councilAgendaItems)
      .values({ tenantId: t, meetingId: row.id, position: 0, proposalId: proposal.id, title })
      .returning();
    if (!item) throw new Error('agenda seed');
    return { row, item };
  };
  await meeting(
    'opinion_collection',
    '群众意见收集会（样例）',
    '2026-03-05T19:00:00+08:00',
    '收集居民意见 15 条，其中 9 条涉及电动车充电（样例）。',
  );
  await meeting(
    'topic_discussion',
    '议题讨论会（样例）',
    '2026-03-12T19:00:00+08:00',
    '讨论选址与经费来源，决定提交议事决策会（样例）。',
  );
  const decision = await meeting(
    'decision',
    '议事决策会（样例）',
    '2026-03-20T19:00:00+08:00',
    '到会 4 人，达到法定人数，记名表决（样例）。',
  );
  const present = members.slice(0, 4);
  await tx
    .insert(councilAttendance)
    .values(present.map((m) => ({ tenantId: t, meetingId: decision.row.id, memberId: m.id })));
  const choices = ['for', 'for', 'for', 'abstain'];
  const vote = {
    id: crypto.randomUUID(),
    tenantId: t,
    meetingId: decision.row.id,
    agendaItemId: decision.item.id,
    proposalId: proposal.id,
    ballot: 'open',
    majority: council.rules.majority,
    inOffice: members.length,
    present: present.length,
    quorum: quorumOf(council.rules, members.length),
    status: 'closed',
    forCount: 3,
    againstCount: 0,
    abstainCount: 1,
    result: 'adopted',
    openedAt: decision.row.heldAt,
    closedAt: decision.row.heldAt,
    sealSeq: null,
    sealHash: null,
    sample: true,
    source: null,
  };
  const seal = await recordAudit(
    ctx,
    tx,
    'council.vote_seal',
    { type: 'council_vote', id: vote.id },
    { tally: sealedTally(vote) },
  );
  await tx.insert(councilVotes).values({ ...vote, sealSeq: seal.seq, sealHash: seal.hash });
  await tx
    .insert(councilVoters)
    .values(present.map((m) => ({ tenantId: t, voteId: vote.id, memberId: m.id })));
  await tx.insert(councilBallots).values(
    present.map((m, i) => ({
      tenantId: t,
      voteId: vote.id,
      secret: false,
      memberId: m.id,
      choice: choices[i] ?? 'for',
    })),
  );
  await tx
    .update(councilAgendaItems)
    .set({ decision: '表决通过（赞成 3，反对 0，弃权 1）' })
    .where(eq(councilAgendaItems.id, decision.item.id));
  const [project] = await tx
    .insert(councilProjects)
    .values({
      tenantId: t,
      councilId: council.id,
      proposalId: proposal.id,
      title,
      owner: '社区服务中心城市管理部（样例）',
      budgetYuan: 60000,
    })
    .returning();
  if (!project) return;
  await tx.insert(councilProjects).values([
    {
      tenantId: t,
      councilId: council.id,
      parentId: project.id,
      title: '选址与报批（样例）',
      owner: '居委会（样例）',
      weight: 1,
      progress: 100,
    },
    {
      tenantId: t,
      councilId: council.id,
      parentId: project.id,
      title: '采购与安装（样例）',
      owner: '物业（样例）',
      weight: 3,
      progress: 40,
    },
  ]);
  await tx.insert(councilMilestones).values([
    {
      tenantId: t,
      projectId: project.id,
      title: '完成选址（样例）',
      dueOn: '2026-04-10',
      doneOn: '2026-04-08',
    },
    { tenantId: t, projectId: project.id, title: '充电桩启用（样例）', dueOn: '2026-07-01' },
  ]);
  const review = await meeting(
    'report_review',
    '述职评议会（样例）',
    '2026-06-28T19:00:00+08:00',
    '居委会主任就充电桩项目述职，议事会评议（样例）。',
  );
  await tx.insert(councilReviews).values({
    tenantId: t,
    councilId: council.id,
    meetingId: review.row.id,
    projectId: project.id,
    reporterName: '主任（样例）',
    reporterRole: '居委会主任',
    subject: '电动车充电桩项目进展',
    rating: 'basically_satisfied',
  });
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
