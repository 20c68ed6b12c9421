import type { Catalogue } from '../../functions/platform/messages';

/** The public evaluation page: results of sealed campaigns and residents' satisfaction. */
export const evaluationSiteMessages = {
  'evaluation.site.title': { zh: '双向考核与满意度', en: 'Two-way evaluation and satisfaction' },
  'evaluation.site.none': {
    zh: '本市还没有封存的考核结果。',
    en: 'This city has no sealed evaluation results yet.',
  },
  'evaluation.site.period': { zh: '考核期', en: 'Period' },
  'evaluation.site.results': { zh: '部门与派驻机构得分', en: 'Scores of departments and stationed agencies' },
  'evaluation.site.resultsDesc': {
    zh: '每个部门和派驻机构的综合得分（0–100）。',
    en: 'The combined score (0–100) of each department and stationed agency.',
  },
  'evaluation.site.subject': { zh: '对象', en: 'Subject' },
  'evaluation.site.score': { zh: '综合得分', en: 'Combined score' },
  'evaluation.site.fromBelow': { zh: '下级评价（评价人数）', en: 'Rated from below (raters)' },
  'evaluation.site.award': { zh: '评优', en: 'Award' },
  'evaluation.site.vetoed': { zh: '社区一票否决', en: 'Vetoed by a community' },
  'evaluation.site.awarded': { zh: '达到评优线', en: 'Award earned' },
  'evaluation.site.noAward': { zh: '未评优', en: 'No award' },
  'evaluation.site.kind.department': { zh: '部门', en: 'Department' },
  'evaluation.site.kind.station': { zh: '派驻机构', en: 'Stationed agency' },
  'evaluation.site.methods': { zh: '方法', en: 'Methods' },
  'evaluation.site.methodsRaters': {
    zh: '评价人总数（各单位、部门的工作人员）：',
    en: 'People who rated (staff of units and departments): ',
  },
  'evaluation.site.part.from_above': { zh: '上级评价', en: 'Rated from above' },
  'evaluation.site.part.from_below': { zh: '下级评价', en: 'Rated from below' },
  'evaluation.site.part.host': { zh: '驻在街道（社区）评价', en: 'Rated by the host street or community' },
  'evaluation.site.part.department': { zh: '主管部门评价', en: 'Rated by the department' },
  'evaluation.site.part.measured': {
    zh: '业务数据（案卷、限期受理、数据共享）',
    en: 'Measured from records (cases, deadline requests, data sharing)',
  },
  'evaluation.site.part.survey': { zh: '第三方满意度调查', en: 'Third-party satisfaction survey' },
  'evaluation.site.weightsOf': { zh: '权重', en: 'Weights' },
  'evaluation.site.criteria': { zh: '评价指标', en: 'Criteria' },
  'evaluation.site.satisfaction': { zh: '居民满意度', en: "Residents' satisfaction" },
  'evaluation.site.byCommunity': { zh: '按社区（历次调查）', en: 'By community, survey by survey' },
  'evaluation.site.byDepartment': { zh: '按部门（历次考核期）', en: 'By department, period by period' },
  'evaluation.site.community': { zh: '社区', en: 'Community' },
  'evaluation.site.department': { zh: '部门', en: 'Department' },
  'evaluation.site.fieldedOn': { zh: '调查日期', en: 'Surveyed on' },
  'evaluation.site.periodEnd': { zh: '考核期末', en: 'Period ending' },
  'evaluation.site.satisfactionScore': { zh: '满意度（0–100）', en: 'Satisfaction (0–100)' },
  'evaluation.site.answers': { zh: '回答数', en: 'Answers' },
  'evaluation.site.smallCount': {
    zh: '为避免识别到个人，少于 5 位评价人或回答的分数不公布，人数显示为“<5”。个人得分、单条评价和评语均不公开。满意度按 1–5 分折算为 0–100。',
    en: 'So that no one can be singled out, a score from fewer than 5 raters or answers is withheld and the count shown as “<5”. No person’s score, single rating or comment is published. Satisfaction answers of 1–5 are scaled to 0–100.',
  },
} satisfies Catalogue;
