import { type Catalogue, msg } from '../platform/messages';

/** Two-way evaluation, satisfaction surveys and published results, by code. */
export const evaluationMessages = {
  'evaluation.campaign_not_found': {
    zh: '本市没有这个考核评价。',
    en: 'No such evaluation campaign in this city.',
  },
  'evaluation.invalid': { zh: '考核评价的设置有误。', en: 'The evaluation settings are not valid.' },
  'evaluation.weights_sum': {
    zh: '各部分权重之和必须为 1。',
    en: 'The weights of the parts must add up to 1.',
  },
  'evaluation.floor_broken': msg<{ part: string; floor: number }>(
    (p) => `「${p.part}」部分的权重不得低于 ${Math.round(p.floor * 100)}%。`,
    (p) => `The ${p.part} part must weigh at least ${Math.round(p.floor * 100)} %.`,
  ),
  'evaluation.window': {
    zh: '评价时间窗口必须在开始之后结束，且考核期的结束不早于开始。',
    en: 'The rating window must close after it opens, and the period must not end before it starts.',
  },
  'evaluation.subject_unknown': {
    zh: '被考核对象不在本市。',
    en: 'The subject is not in this city.',
  },
  'evaluation.station_unknown': {
    zh: '本市没有这个派驻机构。',
    en: 'No such stationed agency in this city.',
  },
  'evaluation.no_subjects': {
    zh: '考核评价至少要有一个对象。',
    en: 'A campaign needs at least one subject.',
  },
  'evaluation.assignment_unknown': {
    zh: '本次考核没有这项评价任务。',
    en: 'This campaign has no such rating assignment.',
  },
  'evaluation.not_rater': {
    zh: '只有评价方单位（或部门）的工作人员才能提交这项评价。',
    en: 'Only staff of the rating unit (or department) may submit this rating.',
  },
  'evaluation.self_rating': { zh: '不能评价自己。', en: 'Nobody rates themselves.' },
  'evaluation.window_closed': {
    zh: '不在评价时间窗口内。',
    en: 'The rating window is not open.',
  },
  'evaluation.window_open': {
    zh: '评价时间窗口尚未结束，不能计算结果。',
    en: 'The rating window has not closed yet; results are computed when it closes.',
  },
  'evaluation.sealed': {
    zh: '结果已封存，不能再更改。',
    en: 'The results are sealed and can no longer change.',
  },
  'evaluation.not_sealed': { zh: '结果尚未封存。', en: 'The results are not sealed yet.' },
  'evaluation.score_range': { zh: '分数须在 0 到 100 之间。', en: 'A score is from 0 to 100.' },
  'evaluation.criterion_missing': msg<{ criterion: string }>(
    (p) => `缺少指标「${p.criterion}」的分数。`,
    (p) => `The score for criterion ${p.criterion} is missing.`,
  ),
  'evaluation.criterion_unknown': msg<{ criterion: string }>(
    (p) => `没有指标「${p.criterion}」。`,
    (p) => `There is no criterion ${p.criterion}.`,
  ),
  'evaluation.objection_not_found': { zh: '没有这项异议。', en: 'No such objection.' },
  'evaluation.objection_answered': { zh: '这项异议已经答复。', en: 'This objection has been answered.' },
  'evaluation.not_subject': {
    zh: '只有被考核对象（或其单位、部门）可以提出异议。',
    en: 'Only the subject (or its unit or department) may object to its result.',
  },
  'evaluation.veto_not_station': {
    zh: '一票否决只适用于派驻本社区（街道）的单位。',
    en: 'A veto applies only to a unit stationed in this community (or street).',
  },
  'evaluation.veto_exists': {
    zh: '本社区已对该单位行使否决。',
    en: 'This community has already vetoed that award.',
  },
  'evaluation.reason_required': { zh: '请写明理由。', en: 'A reason is required.' },
  'survey.not_found': { zh: '没有这项满意度调查。', en: 'No such satisfaction survey.' },
  'survey.closed': { zh: '这项调查已结束。', en: 'This survey is closed.' },
  'survey.not_community': {
    zh: '满意度调查针对一个社区（或街道）的居民。',
    en: 'A satisfaction survey asks the residents of one community (or street).',
  },
  'survey.answer_range': { zh: '每项回答为 1 到 5。', en: 'Each answer is from 1 to 5.' },
  'survey.question_unknown': msg<{ question: string }>(
    (p) => `问卷没有问题「${p.question}」。`,
    (p) => `The questionnaire has no question ${p.question}.`,
  ),
  'survey.sample_full': { zh: '已达到样本量。', en: 'The sample is complete.' },
} satisfies Catalogue;
