import { type Catalogue, msg } from '../platform/messages';

const statusZh: Record<string, string> = {
  collected: '已采集',
  registered: '已立案',
  refused: '不予立案',
  dispatched: '已派遣',
  handling: '处理中',
  reported: '已反馈',
  closed: '已结案',
  evaluated: '已评价',
};

/** Cases, their catalog, the working-day calendar and deadline-bound requests, by code. */
export const casesMessages = {
  'case.not_found': { zh: '本市没有这个案卷。', en: 'No such case in this city.' },
  'case.wrong_status': msg<{ status: string; expected: readonly string[] }>(
    (p) =>
      `案卷当前为「${statusZh[p.status] ?? p.status}」，此操作只适用于「${p.expected.map((s) => statusZh[s] ?? s).join('」或「')}」的案卷。`,
    (p) => `The case is ${p.status}; this step applies to a case that is ${p.expected.join(' or ')}.`,
  ),
  'case.stale': {
    zh: '案卷已被他人更新；请刷新后再操作。',
    en: 'Someone else changed the case since you read it; reload it and try again.',
  },
  'case.handler_verifies': {
    zh: '处理过本案卷的人不能核查结案：请由采集人或其他非处理方核查。',
    en: 'Whoever handled a case may not verify it: the person who collected it or another party who did not handle it verifies.',
  },
  'case.not_handler': {
    zh: '本案卷未派遣给您或您的部门。',
    en: 'The case is not dispatched to you or your department.',
  },
  'case.top_level': {
    zh: '案卷已在本市最高层级，无法再上报。',
    en: 'The case is already at the top level of the city; it cannot go higher.',
  },
  'case.invalid': { zh: '案卷信息有误，请检查标出的字段。', en: 'The case has problems; see the fields.' },
  'case.unit_not_a_place': {
    zh: '请选择本市现有的网格、院落或社区',
    en: 'choose a current grid, courtyard or community of this city',
  },
  'case.category_unknown': { zh: '本市案卷目录中没有这个类别', en: "not a category of this city's catalog" },
  'case.category_inactive': { zh: '该类别已停用', en: 'the category is no longer used' },
  'case.attribute_unknown': { zh: '该类别没有这个问题', en: 'the category asks no such question' },
  'case.attribute_invalid': msg<{ type: string }>(
    (p) =>
      `应为${({ text: '文字', number: '数字', boolean: '是或否', date: '日期', choice: '列出的选项之一' } as Record<string, string>)[p.type] ?? p.type}`,
    (p) =>
      `must be ${({ text: 'text', number: 'a number', boolean: 'yes or no', date: 'a date', choice: 'one of the listed choices' } as Record<string, string>)[p.type] ?? p.type}`,
  ),
  'case.reason_required': { zh: '请说明理由', en: 'give a reason' },
  'case.reply_mobile': {
    zh: '给居民的答复会公开显示，不能包含手机号码',
    en: 'the reply to the resident is published; it must not contain a mobile number',
  },
  'case.reply_id_number': {
    zh: '给居民的答复会公开显示，不能包含身份证号码',
    en: 'the reply to the resident is published; it must not contain an ID number',
  },
  'case.handler_required': {
    zh: '请指定处理部门或处理单位',
    en: 'name the handling department or unit',
  },
  'case.department_unknown': { zh: '不是本市的部门', en: 'not a department of this city' },
  'case.work_item_unknown': {
    zh: '本市工作事项清单中没有这一项',
    en: "not a work item of this city's lists",
  },
  'case.handler_unit_invalid': {
    zh: '处理单位须是案卷所在网格或其上级社区、街道',
    en: 'the handling unit is the case’s grid or a community or street above it',
  },
  'case.duplicate_unknown': { zh: '本市没有这个案卷', en: 'no such case in this city' },
  'case.rated_by_resident': {
    zh: '报告人已给出满意度，工作人员不能更改；评价时请不填满意度。',
    en: 'The reporter has already rated this case; staff cannot change it. Evaluate it without a satisfaction score.',
  },
  'case.satisfaction_closed': {
    zh: '只有已结案的案卷可以评价。',
    en: 'Only a closed case is evaluated.',
  },
  'category.not_found': {
    zh: '本市案卷目录中没有这个类别。',
    en: "No such category in this city's catalog.",
  },
  'category.code_taken': { zh: '已有同代码的类别', en: 'a category with this code exists' },
  'category.invalid': {
    zh: '类别信息有误，请检查标出的字段。',
    en: 'The category has problems; see the fields.',
  },
  'category.department_required': {
    zh: '由部门处理的类别须指定部门',
    en: 'a category handled by a department names the department',
  },
  'category.department_not_allowed': {
    zh: '只有由部门处理的类别才指定部门',
    en: 'only a category handled by a department names one',
  },
  'calendar.day_exists': { zh: '这一天已有安排', en: 'this day is already set' },
  'acceptance.not_found': {
    zh: '本市没有这份限期受理函。',
    en: 'No such deadline-bound request in this city.',
  },
  'acceptance.answered': {
    zh: '该函已答复，不能再次答复。',
    en: 'The request has been answered already.',
  },
  'acceptance.not_addressed': {
    zh: '该函不是发给您部门的。',
    en: 'The request is not addressed to your department.',
  },
  'photo.not_found': { zh: '该案卷没有这张照片。', en: 'No such photo on this case.' },
  'photo.type': {
    zh: '照片须为 JPEG、PNG 或 WebP 格式（按文件内容判断）。',
    en: 'A photo is a JPEG, PNG or WebP image (judged by its content).',
  },
  'photo.too_large': { zh: '照片不能超过 5 MB。', en: 'A photo may not exceed 5 MB.' },
  'photo.limit': { zh: '每个案卷最多 9 张照片。', en: 'A case holds at most nine photos.' },
  'photo.store_missing': {
    zh: '本平台未配置照片存储，暂不能上传或查看照片。',
    en: 'No photo storage is configured on this platform; photos cannot be stored or read.',
  },
  'acceptance.due_past': { zh: '期限须在将来', en: 'the deadline must be in the future' },
} satisfies Catalogue;
