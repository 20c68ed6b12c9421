import { eq } from 'drizzle-orm';
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
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { systemActor } from '../platform/context';
import type { Transaction } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { defaultRules, quorumOf } from './council.defaults';
import { titleKeyOf } from './proposals.service';
import { sealedTally } from './votes.service';

export const actor = systemActor('demo-seed');

export type Ctx = { tenant: TenantRow; actor: typeof actor; now: () => Date };

export type UnitRow = { id: string; code: string; nameZh: string; nameEn: string };

export async function newCouncil(
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

/** Guiyang: one sample 三会一评 cycle, every name and number labelled as a sample. */
export async function seedGuiyang(tx: Transaction, ctx: Ctx, unit: UnitRow) {
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
  await sampleVote(tx, ctx, council, members, proposal.id, decision);
  await sampleProject(tx, t, council.id, proposal.id, meeting);
}

type Council = Awaited<ReturnType<typeof newCouncil>>;
type Meeting = (
  kind: string,
  title: string,
  at: string,
  minutes: string,
) => Promise<{
  row: typeof councilMeetings.$inferSelect;
  item: typeof councilAgendaItems.$inferSelect;
}>;

/** The sample decision meeting's named vote: 4 of 5 present, 3 for and 1 abstaining, sealed. */
async function sampleVote(
  tx: Transaction,
  ctx: Ctx,
  council: Council,
  members: (typeof councilMembers.$inferSelect)[],
  proposalId: string,
  decision: Awaited<ReturnType<Meeting>>,
) {
  const t = ctx.tenant.id;
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
    proposalId,
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
}

/** The sample project with weighted parts and milestones, and its 述职评议 review. */
async function sampleProject(
  tx: Transaction,
  t: string,
  councilId: string,
  proposalId: string,
  meeting: Meeting,
) {
  const title = '小区增设电动车充电桩（样例）';
  const [project] = await tx
    .insert(councilProjects)
    .values({
      tenantId: t,
      councilId: councilId,
      proposalId,
      title,
      owner: '社区服务中心城市管理部（样例）',
      budgetYuan: 60000,
    })
    .returning();
  if (!project) return;
  await tx.insert(councilProjects).values([
    {
      tenantId: t,
      councilId: councilId,
      parentId: project.id,
      title: '选址与报批（样例）',
      owner: '居委会（样例）',
      weight: 1,
      progress: 100,
    },
    {
      tenantId: t,
      councilId: councilId,
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
    councilId: councilId,
    meetingId: review.row.id,
    projectId: project.id,
    reporterName: '主任（样例）',
    reporterRole: '居委会主任',
    subject: '电动车充电桩项目进展',
    rating: 'basically_satisfied',
  });
}
