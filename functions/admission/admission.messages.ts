import { type Catalogue, countEn, msg } from '../platform/messages';

/** Work admission (准入): the lists, applications, agreements and funding, by code. */
export const admissionMessages = {
  'admission.invalid': {
    zh: '准入信息有误，请检查标出的字段。',
    en: 'The admission data has problems; see the fields.',
  },
  'admission.work_item_not_found': {
    zh: '本市工作事项清单中没有这一项。',
    en: "No such work item in this city's lists.",
  },
  'admission.application_not_found': {
    zh: '本市没有这份准入申请。',
    en: 'No such admission application in this city.',
  },
  'admission.own_application': {
    zh: '提出申请的部门不能审核或审定自己的申请。',
    en: 'The department that applied may not review or decide its own application.',
  },
  'admission.not_reviewer': msg<{ step: string }>(
    (p) => `您不是本申请「${p.step}」环节指定的审核人。`,
    (p) => `You are not a reviewer named for the "${p.step}" step of this application.`,
  ),
  'admission.out_of_order': msg<{ step: string; current: string }>(
    (p) => `申请当前在「${p.current}」环节，不能先办理「${p.step}」环节。`,
    (p) => `The application waits at the "${p.current}" step; the "${p.step}" step cannot act before it.`,
  ),
  'admission.past_deadline': msg<{ dueAt: string }>(
    (p) => `申请已超过办理期限（${p.dueAt}），不能再办理；请部门重新申请。`,
    (p) =>
      `The application is past its deadline (${p.dueAt}) and can no longer be acted on; the department applies again.`,
  ),
  'admission.decided': { zh: '申请已经审定。', en: 'The application has already been decided.' },
  'admission.stale': {
    zh: '记录已被他人更新；请刷新后再操作。',
    en: 'Someone else changed it since you read it; reload and try again.',
  },
  'admission.revoked': { zh: '该事项已被撤销。', en: 'The work item has already been revoked.' },
  'admission.work_admitted': {
    zh: '该案卷所属工作事项已准入或属依法履职事项，社区应当受理。',
    en: 'The case was dispatched under an admitted or statutory work item; the community takes it on.',
  },
  'admission.not_community_handler': {
    zh: '只有案卷派遣到的社区或网格可以拒绝未准入的工作。',
    en: 'Only the community or grid the case was dispatched to may decline work that is not admitted.',
  },
  'admission.agreement_not_found': { zh: '没有这份协助管理协议书。', en: 'No such assistance agreement.' },
  'admission.agreement_signed': {
    zh: '协议书已由双方签署，不能再修改；请起草新版本。',
    en: 'Both sides have signed the agreement; draft a new version instead.',
  },
  'admission.already_signed': msg<{ side: string }>(
    (p) => `协议书的${p.side === 'committee' ? '居委会' : '政府'}一方已经签署。`,
    (p) => `The ${p.side} side has already signed the agreement.`,
  ),
  'admission.obligation_not_found': { zh: '没有这笔应拨经费。', en: 'No such funding obligation.' },
  'admission.code_taken': { zh: '编号已被使用', en: 'code already used' },
  'admission.department_unknown': { zh: '不是本市的部门', en: 'not a department of this city' },
  'admission.level_unknown': msg<{ level: string }>(
    (p) => `本市层级中没有「${p.level}」`,
    (p) => `the city has no level "${p.level}"`,
  ),
  'admission.too_late': msg<{ leadDays: number; earliest: string }>(
    (p) => `须提前${p.leadDays}个工作日申请，最早可从${p.earliest}起实施`,
    (p) =>
      `apply ${countEn(p.leadDays, 'working day', 'working days')} ahead: the earliest start is ${p.earliest}`,
  ),
  'admission.ends_before_start': { zh: '结束日期早于开始日期', en: 'ends before it starts' },
  'admission.unit_not_district': {
    zh: '请选择本市现有的区或市',
    en: 'choose a current district or the city',
  },
  'admission.unit_not_committee': {
    zh: '请选择本市现有的居委会或社区',
    en: "choose a current residents' committee or community",
  },
  'admission.reason_required': { zh: '请说明理由', en: 'give a reason' },
  'admission.item_not_assisted': {
    zh: '不是依法协助清单中现行有效的事项',
    en: 'not an active item of the assistance list',
  },
  'admission.decide_last': {
    zh: '须有且只有一个审定环节，且排在最后',
    en: 'exactly one decide step, and it comes last',
  },
  'admission.step_unknown': { zh: '本市准入流程中没有这个环节', en: 'not a step of the city’s procedure' },
  'admission.user_unknown': { zh: '不是本市的用户', en: 'not a person of this city' },
  'admission.overpaid': msg<{ outstanding: number }>(
    (p) => `超过未拨付金额（${p.outstanding} 元）`,
    (p) => `more than the outstanding ${p.outstanding} yuan`,
  ),
} satisfies Catalogue;
