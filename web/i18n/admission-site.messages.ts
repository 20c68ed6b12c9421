import type { Catalogue } from '../../functions/platform/messages';

/** The public work-admission page and the console's admission view. */
export const admissionSiteMessages = {
  'admissionSite.title': { zh: '社区工作准入', en: 'Work admission' },
  'admissionSite.intro': {
    zh: '未经准入的工作，任何部门不得交给社区；准入的工作费随事转。以下是本市的三张清单、本年度审定的准入申请和各社区应得经费，居民和居委会可据此核对。',
    en: 'No department may hand work to a community unless it was admitted, and money follows admitted work. Below are the city’s three lists, the applications decided this year, and the money owed to each community — so residents and committees can check what may be asked of them.',
  },
  'admissionSite.list.statutory': { zh: '依法履职事项', en: 'Duties by law' },
  'admissionSite.list.assisted': { zh: '依法协助事项', en: 'Matters assisted' },
  'admissionSite.list.negative': { zh: '负面清单（不得下派）', en: 'Negative list (never pushed down)' },
  'admissionSite.item': { zh: '事项', en: 'Item' },
  'admissionSite.department': { zh: '责任部门', en: 'Department' },
  'admissionSite.legalBasis': { zh: '法律依据', en: 'Legal basis' },
  'admissionSite.funding': { zh: '每社区每年经费（元）', en: 'Yuan per community per year' },
  'admissionSite.forms': { zh: '表单台账', en: 'Forms and ledgers' },
  'admissionSite.none': { zh: '暂无', en: 'None' },
  'admissionSite.decided': { zh: '本年度审定的准入申请', en: 'Applications decided this year' },
  'admissionSite.number': { zh: '编号', en: 'Number' },
  'admissionSite.outcome': { zh: '结果', en: 'Outcome' },
  'admissionSite.reason': { zh: '理由', en: 'Reason' },
  'admissionSite.admitted': { zh: '准入', en: 'Admitted' },
  'admissionSite.refused': { zh: '不予准入', en: 'Refused' },
  'admissionSite.money': {
    zh: '各社区经费（费随事转）',
    en: 'Money per community (funding follows the work)',
  },
  'admissionSite.community': { zh: '社区', en: 'Community' },
  'admissionSite.owed': { zh: '应拨（元）', en: 'Owed (yuan)' },
  'admissionSite.paid': { zh: '已拨（元）', en: 'Paid (yuan)' },
  'admissionSite.outstanding': { zh: '未拨（元）', en: 'Outstanding (yuan)' },
  'admissionSite.downloads': { zh: '下载清单：', en: 'Download the lists: ' },
  'admissionSite.myWork': { zh: '本社区承接的工作', en: 'Work in your community’s hands' },
  'admissionSite.case': { zh: '案卷', en: 'Case' },
  'admissionSite.status': { zh: '准入情况', en: 'Admission' },
  'admissionSite.ground.ok': { zh: '已准入或依法履职', en: 'Admitted or a duty by law' },
  'admissionSite.ground.no_item': {
    zh: '未列明准入事项，可拒绝',
    en: 'No admitted item named: may be declined',
  },
  'admissionSite.ground.not_in_force': {
    zh: '事项已撤销或失效，可拒绝',
    en: 'Item revoked or expired: may be declined',
  },
  'admissionSite.ground.negative_list': {
    zh: '属负面清单，可拒绝',
    en: 'On the negative list: may be declined',
  },
} satisfies Catalogue;
