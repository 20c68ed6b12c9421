import { type Catalogue, countEn, msg } from '../../functions/platform/messages';

/** The public council pages' and console's words, by key. */
export const councilPageMessages = {
  'councilPage.title': { zh: '居民议事', en: "Residents' council" },
  'councilPage.link': {
    zh: '居民议事：提案、会议、表决与项目',
    en: "Residents' council: proposals, meetings, votes and projects",
  },
  'councilPage.cycle': { zh: '议事流程', en: 'The deliberation cycle' },
  'councilPage.rules': msg<{ quorum: string; ballot: string; min: number }>(
    (p) =>
      `法定人数：在任成员的 ${p.quorum}；表决方式：${p.ballot === 'secret' ? '无记名投票' : '记名投票'}；居民提案须 ${p.min} 人联署。`,
    (p) =>
      `Quorum: ${p.quorum} of members in office; ballot: ${p.ballot}; a residents' proposal needs ${countEn(p.min, 'co-signer', 'co-signers')}.`,
  ),
  'councilPage.openProposals': { zh: '正在进行的提案', en: 'Open proposals' },
  'councilPage.allProposals': { zh: '全部提案', en: 'All proposals' },
  'councilPage.noProposals': { zh: '暂无提案。', en: 'No proposals yet.' },
  'councilPage.supporters': msg<{ n: number; min: number }>(
    (p) => `已有 ${p.n} 人联署（需 ${p.min} 人）`,
    (p) => `${countEn(p.n, 'supporter', 'supporters')} (${p.min} needed)`,
  ),
  'councilPage.howToSupport': {
    zh: '联署方法：在下方留下您的联系方式（仅用于核实，不会公开），每个联系方式只能联署一次。',
    en: 'To support: leave a contact below (only to check it is you; never published). One support per contact.',
  },
  'councilPage.support': { zh: '联署', en: 'Support' },
  'councilPage.contact': {
    zh: '联系方式（手机、座机或电子邮箱，不公开）',
    en: 'Contact (mobile, landline or email; not published)',
  },
  'councilPage.startTitle': { zh: '发起提案', en: 'Start a proposal' },
  'councilPage.proposalTitle': { zh: '提案标题', en: 'Title' },
  'councilPage.proposalBody': { zh: '提案内容', en: 'What you propose' },
  'councilPage.submit': { zh: '提交', en: 'Submit' },
  'councilPage.done.started': {
    zh: '提案已发起，请邀请邻居联署。',
    en: 'Your proposal is started; ask your neighbours to support it.',
  },
  'councilPage.done.supported': { zh: '已联署，谢谢！', en: 'Thank you for your support.' },
  'councilPage.refused': { zh: '未能提交：', en: 'Not accepted: ' },
  'councilPage.meetings': { zh: '会议', en: 'Meetings' },
  'councilPage.noMeetings': { zh: '暂无会议记录。', en: 'No meetings recorded.' },
  'councilPage.place': { zh: '地点', en: 'Place' },
  'councilPage.present': msg<{ n: number }>(
    (p) => `出席 ${p.n} 人`,
    (p) => `${p.n} present`,
  ),
  'councilPage.agenda': { zh: '议程', en: 'Agenda' },
  'councilPage.minutes': { zh: '会议纪要', en: 'Minutes' },
  'councilPage.decision': { zh: '决定', en: 'Decision' },
  'councilPage.votes': { zh: '表决', en: 'Votes' },
  'councilPage.tally': msg<{ for: number; against: number; abstain: number }>(
    (p) => `赞成 ${p.for}，反对 ${p.against}，弃权 ${p.abstain}`,
    (p) => `for ${p.for}, against ${p.against}, abstain ${p.abstain}`,
  ),
  'councilPage.tallyUnknown': { zh: '票数未载明', en: 'counts not recorded' },
  'councilPage.result.adopted': { zh: '通过', en: 'adopted' },
  'councilPage.result.rejected': { zh: '否决', en: 'rejected' },
  'councilPage.voteOpen': { zh: '表决进行中', en: 'voting in progress' },
  'councilPage.sealed': { zh: '计票已封存', en: 'tally sealed' },
  'councilPage.projects': { zh: '项目与进度', en: 'Projects and progress' },
  'councilPage.noProjects': { zh: '暂无项目。', en: 'No projects yet.' },
  'councilPage.noReviews': {
    zh: '暂无述职评议记录。',
    en: 'No reports have been reviewed yet.',
  },
  'councilPage.owner': { zh: '负责', en: 'Owner' },
  'councilPage.budget': msg<{ yuan: number }>(
    (p) => `预算 ${p.yuan} 元`,
    (p) => `budget ¥${p.yuan}`,
  ),
  'councilPage.progress': msg<{ n: number }>(
    (p) => `进度 ${p.n}%`,
    (p) => `${p.n}% done`,
  ),
  'councilPage.milestones': { zh: '节点', en: 'Milestones' },
  'councilPage.due': { zh: '计划', en: 'due' },
  'councilPage.reached': { zh: '完成于', en: 'reached' },
  'councilPage.reviews': { zh: '述职评议', en: 'Report and review' },
  'councilPage.rating.satisfied': { zh: '满意', en: 'satisfied' },
  'councilPage.rating.basically_satisfied': { zh: '基本满意', en: 'basically satisfied' },
  'councilPage.rating.unsatisfied': { zh: '不满意', en: 'unsatisfied' },
  'councilPage.summary': { zh: '年度汇总', en: 'Yearly summary' },
  'councilPage.summaryRow': msg<{
    year: number;
    proposals: number;
    carriedOut: number;
    adopted: number;
    rejected: number;
  }>(
    (p) =>
      `${p.year} 年：提案 ${p.proposals} 件，已落实 ${p.carriedOut} 件；表决通过 ${p.adopted} 项，否决 ${p.rejected} 项`,
    (p) =>
      `${p.year}: ${countEn(p.proposals, 'proposal', 'proposals')}, ${p.carriedOut} carried out; ${p.adopted} adopted, ${p.rejected} rejected by vote`,
  ),
  'councilPage.recorded': msg<{ count: number }>(
    (p) => `资料记载已落实提案 ${p.count} 件`,
    (p) => `the sources record ${countEn(p.count, 'proposal', 'proposals')} carried out`,
  ),
  'councilPage.source': { zh: '来源', en: 'Source' },
  'councilPage.feed': { zh: '决定订阅（RSS / Atom）', en: 'Decisions feed (RSS / Atom)' },
  'councilPage.feedTitle': msg<{ name: string }>(
    (p) => `${p.name}：新决定`,
    (p) => `${p.name}: new decisions`,
  ),
  'councilPage.noCouncil': { zh: '该社区尚未设立议事会', en: 'This community has no council yet' },
  'councilPage.status.draft': { zh: '征集联署中', en: 'collecting support' },
  'councilPage.status.submitted': { zh: '已提交', en: 'submitted' },
  'councilPage.status.accepted': { zh: '已列入议程', en: 'on the agenda' },
  'councilPage.status.declined': { zh: '不予列入', en: 'declined' },
  'councilPage.status.merged': { zh: '已合并', en: 'merged' },
  'councilPage.status.decided': { zh: '表决通过', en: 'adopted' },
  'councilPage.status.rejected': { zh: '表决否决', en: 'rejected' },
  'councilPage.status.carried_out': { zh: '已落实', en: 'carried out' },
  'councilPage.status.not_carried_out': { zh: '未落实', en: 'not carried out' },
  'councilPage.mergedInto': { zh: '已并入另一提案', en: 'merged into another proposal' },
  'councilPage.menu': { zh: '居民议事', en: 'Councils' },
  'councilPage.publicPage': { zh: '公开页面', en: 'Public page' },
  'councilPage.accept': { zh: '列入议程', en: 'Accept onto the agenda' },
  'councilPage.decline': { zh: '不予列入', en: 'Decline' },
  'councilPage.reason': { zh: '理由', en: 'Reason' },
  'councilPage.openVotes': { zh: '进行中的表决', en: 'Votes in progress' },
  'councilPage.cast': { zh: '投票', en: 'Vote' },
  'councilPage.choice.for': { zh: '赞成', en: 'For' },
  'councilPage.choice.against': { zh: '反对', en: 'Against' },
  'councilPage.choice.abstain': { zh: '弃权', en: 'Abstain' },
  'councilPage.noCouncils': {
    zh: '您可查看的社区尚未设立议事会。',
    en: 'No councils in the communities you may see.',
  },
} satisfies Catalogue;
