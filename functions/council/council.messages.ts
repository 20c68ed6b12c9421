import { type Catalogue, countEn, msg } from '../platform/messages';

const statusZh: Record<string, string> = {
  draft: '征集联署中',
  submitted: '已提交',
  accepted: '已列入议程',
  declined: '不予列入',
  merged: '已合并',
  decided: '已表决通过',
  rejected: '表决未通过',
  carried_out: '已落实',
  not_carried_out: '未落实',
};

/** Residents' councils: errors and field issues by code. */
export const councilMessages = {
  'council.not_found': { zh: '本市没有这个议事会。', en: 'No such council in this city.' },
  'council.exists': { zh: '该社区已有议事会。', en: 'The community already has a council.' },
  'council.not_a_community': { zh: '请选择本市现有的社区', en: 'choose a current community of this city' },
  'council.invalid': { zh: '信息有误，请检查标出的字段。', en: 'The request has problems; see the fields.' },
  'council.member_not_found': { zh: '该议事会没有这名成员。', en: 'No such member of this council.' },
  'council.member_exists': { zh: '此人已是该议事会成员', en: 'this person already sits on the council' },
  'council.user_unknown': { zh: '不是本市的用户', en: 'not a user of this city' },
  'council.term_order': { zh: '任期结束日须晚于开始日', en: 'the term must end after it starts' },
  'council.not_member': {
    zh: '您不是该议事会的在任成员，不能进行此操作。',
    en: 'You do not sit on this council (or your term is not running), so you may not do this.',
  },
  'council.not_convener': {
    zh: '只有担任召集人的社区党组织书记可以提出重大事项提案，且须本市规定赋予此权。',
    en: 'Only the party secretary sitting as convener may table a major matter, and only where the city gives that right.',
  },
  'council.proposal_not_found': { zh: '没有这个提案。', en: 'No such proposal.' },
  'council.proposal_status': msg<{ status: string; expected: readonly string[] }>(
    (p) =>
      `提案当前为「${statusZh[p.status] ?? p.status}」，此操作只适用于「${p.expected.map((s) => statusZh[s] ?? s).join('」或「')}」的提案。`,
    (p) => `The proposal is ${p.status}; this step applies to a proposal that is ${p.expected.join(' or ')}.`,
  ),
  'council.proposal_duplicate': {
    zh: '已有同名提案正在进行：请联署那一份。',
    en: 'A proposal with this title is already open: support that one instead.',
  },
  'council.already_supported': {
    zh: '这个联系方式已联署过该提案。',
    en: 'This contact has already supported the proposal.',
  },
  'council.contact_invalid': {
    zh: '请填写手机号、座机号或电子邮箱，以便核实是您本人（不会公开）',
    en: 'give a mobile or landline number or an email address, so that it can be checked it is you (it is never published)',
  },
  'council.contact_required': {
    zh: '请留下联系方式（不会公开）',
    en: 'leave a contact (it is never published)',
  },
  'council.reason_required': { zh: '请说明理由', en: 'give a reason' },
  'council.merge_target': {
    zh: '请选择同一议事会中另一份未结束的提案',
    en: 'choose another open proposal of the same council',
  },
  'council.meeting_not_found': { zh: '没有这次会议。', en: 'No such meeting.' },
  'council.meeting_kind': {
    zh: '不是本议事会议事流程中的会议类型',
    en: "not a kind of meeting in this council's cycle",
  },
  'council.agenda_proposal': {
    zh: '议程中的提案须属于本议事会并已列入议程',
    en: 'an agenda proposal must belong to this council and be accepted onto the agenda',
  },
  'council.agenda_item_unknown': { zh: '不是本次会议的议程事项', en: 'not an item of this meeting’s agenda' },
  'council.meeting_does_not_vote': {
    zh: '按本市议事流程，这类会议不进行表决。',
    en: "By the city's cycle this kind of meeting does not vote.",
  },
  'council.no_quorum': msg<{ present: number; quorum: number }>(
    (p) => `出席成员 ${p.present} 人，未达到法定人数 ${p.quorum} 人，不能表决。`,
    (p) =>
      `${countEn(p.present, 'member', 'members')} present, short of the quorum of ${p.quorum}: no vote may be held.`,
  ),
  'council.vote_not_found': { zh: '没有这项表决。', en: 'No such vote.' },
  'council.vote_exists': { zh: '该议程事项已有表决。', en: 'This agenda item already has a vote.' },
  'council.vote_closed': { zh: '表决已结束，计票已封存。', en: 'The vote is closed and its tally sealed.' },
  'council.not_present': {
    zh: '只有出席本次会议的成员可以投票。',
    en: 'Only members present at the meeting may vote.',
  },
  'council.already_voted': { zh: '您已在本项表决中投过票。', en: 'You have already voted in this vote.' },
  'council.ballots_secret': {
    zh: '这是无记名表决：只公开计票结果，任何人（包括管理员）都不能查看谁投了什么票。',
    en: 'This is a secret vote: only the tally is public; nobody, administrators included, can see who voted how.',
  },
  'council.project_not_found': { zh: '没有这个项目。', en: 'No such project.' },
  'council.project_exists': { zh: '该提案已有项目。', en: 'The proposal already has a project.' },
  'council.project_has_parts': {
    zh: '该项目的进度由其子项汇总，请更新子项',
    en: "this project's progress is rolled up from its parts; update the parts",
  },
  'council.milestone_unknown': { zh: '不是该项目的节点', en: 'not a milestone of this project' },
  'council.case_unknown': { zh: '不是本市的案卷', en: 'not a case of this city' },
  'council.meeting_does_not_review': {
    zh: '按本市议事流程，这类会议不进行述职评议。',
    en: "By the city's cycle this kind of meeting holds no report-and-review.",
  },
  'council.tally_mismatch': {
    zh: '封存的计票与选票或审计记录不符。',
    en: 'The sealed tally does not match the ballots or the audit record.',
  },
  'council.audit_broken': { zh: '审计链校验未通过。', en: 'The audit chain does not verify.' },
  'council.not_sealed': {
    zh: '表决尚未结束，计票未封存。',
    en: 'The vote is still open; its tally is not sealed.',
  },
} satisfies Catalogue;
