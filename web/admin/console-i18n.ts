import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../functions/auth/roles';
import { type Lang, pickLang } from '../i18n';

export const LANG_COOKIE = 'shequ_lang';

/** `?lang=` wins and is remembered in a cookie, so forms posted later keep the language. */
export function consoleLang(c: Context): Lang {
  const query = c.req.query('lang');
  if (query === 'en' || query === 'zh') {
    setCookie(c, LANG_COOKIE, query, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
    return query;
  }
  const cookie = getCookie(c, LANG_COOKIE);
  if (cookie === 'en' || cookie === 'zh') return cookie;
  return pickLang(undefined, c.req.header('accept-language'));
}

const zh = {
  /** Punctuation: full-width on Chinese pages, ASCII on English ones. */
  paren: (text: string | number) => `（${text}）`,
  colon: '：',
  semicolon: '；',
  listSep: '、',
  endedKeys: (n: number) => `已吊销的密钥（${n}）`,
  system: '系统',
  /** Sign-in refusals by code, in the page's language (the API's messages carry both). */
  signInErrors: {
    'auth.invalid_credentials': '登录名或密码不正确。',
    'auth.second_factor_required': '请输入动态验证码。',
    'auth.invalid_second_factor': '验证码不正确。',
    'auth.throttled': '登录失败次数过多，请稍后再试。',
  } as Record<string, string>,
  missingSignIn: (fields: string) => `请填写：${fields}`,
  console: '管理后台',
  skip: '跳到正文',
  menu: '管理菜单',
  signIn: '登录',
  signOut: '退出登录',
  signedInAs: '当前用户',
  city: '城市（代码）',
  cityHint: '平台管理员留空',
  login: '邮箱或手机号',
  password: '密码',
  totp: '动态验证码（已开启两步验证时填写）',
  dashboard: '概览',
  onboarding: '新城市入驻',
  grants: '数据共享申请',
  imports: '批量导入',
  departments: '部门与接口密钥',
  users: '人员与角色',
  audit: '审计记录',
  accessLog: '数据访问日志',
  incidents: '事件管理',
  staffListings: '网格员公示',
  forbidden: '您没有权限访问此页面。',
  forbiddenTitle: '无权访问',
  notFound: '未找到',
  errorsTitle: '请修改以下问题',
  conflictTitle: '无法完成此操作',
  failedTitle: '出现问题',
  crossSite: '请求来源与本站不同，已拒绝。',
  submit: '提交',
  save: '保存',
  cancel: '取消',
  back: '返回',
  next: '下一步',
  none: '暂无',
  pending: '待审批',
  approved: '已批准',
  refused: '已拒绝',
  revoked: '已撤销',
  approve: '批准',
  refuse: '拒绝',
  reason: '拒绝理由',
  deadline: '答复期限',
  overdue: '已超期',
  daysLeft: (days: number) => `剩余 ${days} 天`,
  department: '部门',
  fields: '字段',
  purpose: '用途',
  legalBasis: '法律依据',
  validity: '有效期',
  status: '状态',
  ownerApproved: '数据所属部门已同意',
  cityApproved: '市级已同意',
  decided: '已处理',
  cities: '已入驻城市',
  pendingGrants: '待审批共享申请',
  recentAudit: '最近审计记录',
  step: (n: number, of: number) => `第 ${n} 步，共 ${of} 步`,
  basics: '基本信息',
  slug: '城市代码（英文小写）',
  nameZh: '中文名称',
  nameEn: '英文名称',
  timezone: '时区',
  template: '治理模式模板',
  adminName: '首位管理员姓名',
  adminEmail: '首位管理员邮箱',
  structure: '层级与机构',
  levels: '层级',
  model: '治理模式',
  modelHint: '公开页面的“治理模式”一节显示这里的名称与简介；请写本市自己的情况。',
  modelName: '模式名称',
  modelSummary: '简介',
  bodies: '社区内设机构',
  keepBody: '保留',
  unitsFile: '辖区、社区、网格文件（CSV 或 Excel .xlsx）',
  unitsFileHint: '列：level、code、name_zh、name_en、parent_code、valid_from；parent_code 留空表示直属本市。',
  example: '下载示例文件',
  preview: '预览',
  previewTitle: '预览：将要创建的内容',
  willCreate: '将创建',
  rowsInFile: '文件行',
  level: '层级',
  code: '代码',
  name: '名称',
  parent: '上级',
  fileErrors: '文件中的问题',
  row: '行',
  apply: '确认入驻',
  applied: (name: string, units: number) => `${name} 已入驻，共创建 ${units} 个单位。`,
  alreadyOnboarded: '该城市已用同一份资料入驻，无需重复。',
  adminPasswordOnce: (slug: string, email: string) =>
    `首位管理员的一次性密码如下，只显示这一次，请当面或通过安全渠道交给本人：在 /admin/sign-in 以城市代码“${slug}”、登录名 ${email} 和此密码登录，登录后在“人员与角色”页为自己设置新密码。`,
  shownFirst: (shown: number, total: number) => `显示前 ${shown} 行，共 ${total} 行。`,
  upload: '上传并开始导入',
  file: '文件',
  format: '格式',
  domain: '数据域（CSV 必填）',
  sourceSystem: '来源系统',
  chunkSize: '每批行数',
  progress: '进度',
  linesRead: '已读行数',
  linesApplied: '已写入',
  linesFailed: '失败',
  report: '逐行报告',
  importRunning: '导入进行中，本页每 2 秒自动刷新。',
  importDone: '导入完成。',
  importDoneWithErrors: '导入完成，部分行有错误。',
  importFailed: '导入中断。',
  importsHint: '各部门导入本部门的数据域；社区工作人员可在权限范围内登记和更新居民数据。',
  line: '行号',
  problem: '问题',
  when: '时间',
  actor: '操作者',
  action: '操作',
  target: '对象',
  resident: '居民',
  operation: '操作类型',
  unmasked: '完整身份证号',
  chainOk: (n: number) => `审计链完整（${n} 条）。`,
  chainBroken: '审计链被篡改：',
  verifyChain: '校验审计链完整性',
  olderEntries: '更早的记录',
  readOnly: '只读：审计人员只能查看，不能修改任何内容。',
  email: '邮箱',
  displayName: '姓名',
  roles: '角色',
  unit: '单位',
  grantRole: '授予角色',
  revokeRole: '撤销',
  newUser: '新增人员',
  initialPassword: '初始密码（可留空，稍后设置）',
  create: '创建',
  clients: '接口客户端',
  newDepartment: '部门',
  departmentKey: '部门代码（英文小写）',
  newClient: '新增客户端',
  clientName: '客户端名称',
  issueKey: '签发密钥',
  scopes: '权限范围',
  expiresAt: '到期日期（可选）',
  keyShownOnce: '请立即保存此密钥，它只显示这一次：',
  revokeKey: '吊销',
  rotateKey: '轮换',
  prefix: '前缀',
  lastUsed: '最近使用',
  never: '从未',
  revokedAt: '已吊销',
  expires: '到期',
  saved: '已保存。',
  setPassword: '设置密码',
  newPassword: '新密码（至少 10 位，含大小写字母、数字、符号中的三类，或 16 位以上）',
  roleNames: {
    platform_administrator: '平台管理员',
    city_administrator: '市级管理员',
    district_administrator: '区级管理员',
    community_staff: '社区工作人员',
    grid_worker: '网格员',
    department_officer: '部门工作人员',
    council_member: '议事会成员',
    auditor: '审计员',
  } as Record<Role, string>,
};

const en: typeof zh = {
  paren: (text: string | number) => ` (${text})`,
  colon: ': ',
  semicolon: '; ',
  listSep: ', ',
  endedKeys: (n: number) => `Revoked keys (${n})`,
  system: 'System',
  signInErrors: {
    'auth.invalid_credentials': 'The sign-in name or password is incorrect.',
    'auth.second_factor_required': 'Enter the code from your authenticator app.',
    'auth.invalid_second_factor': 'The code is not valid.',
    'auth.throttled': 'Too many failed sign-ins. Try again later.',
  },
  missingSignIn: (fields: string) => `Please fill in: ${fields}`,
  console: 'Administration',
  skip: 'Skip to content',
  menu: 'Console menu',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  city: 'City (slug)',
  cityHint: 'leave empty for the platform administrator',
  login: 'Email or phone',
  password: 'Password',
  totp: 'One-time code (if two-step sign-in is on)',
  dashboard: 'Dashboard',
  onboarding: 'Onboard a city',
  grants: 'Grant requests',
  imports: 'Bulk import',
  departments: 'Departments and API keys',
  users: 'People and roles',
  audit: 'Audit trail',
  accessLog: 'Access log',
  incidents: 'Incidents',
  staffListings: 'Grid staff listing',
  forbidden: 'You may not open this page.',
  forbiddenTitle: 'Not allowed',
  notFound: 'Not found',
  errorsTitle: 'Please correct the following',
  conflictTitle: 'This could not be done',
  failedTitle: 'Something went wrong',
  crossSite: 'The request came from another site and was refused.',
  submit: 'Submit',
  save: 'Save',
  cancel: 'Cancel',
  back: 'Back',
  next: 'Next',
  none: 'None',
  pending: 'Pending',
  approved: 'Approved',
  refused: 'Refused',
  revoked: 'Revoked',
  approve: 'Approve',
  refuse: 'Refuse',
  reason: 'Reason for refusing',
  deadline: 'Reply by',
  overdue: 'overdue',
  daysLeft: (days: number) => `${days} days left`,
  department: 'Department',
  fields: 'Fields',
  purpose: 'Purpose',
  legalBasis: 'Legal basis',
  validity: 'Valid',
  status: 'Status',
  ownerApproved: 'owner department approved',
  cityApproved: 'city approved',
  decided: 'Decided',
  cities: 'Cities',
  pendingGrants: 'Pending grant requests',
  recentAudit: 'Recent audit events',
  step: (n: number, of: number) => `Step ${n} of ${of}`,
  basics: 'The city',
  slug: 'Slug (lowercase letters)',
  nameZh: 'Name in Chinese',
  nameEn: 'Name in English',
  timezone: 'Time zone',
  template: 'Governance template',
  adminName: 'First administrator’s name',
  adminEmail: 'First administrator’s email',
  structure: 'Levels and bodies',
  levels: 'Levels',
  model: 'Governance model',
  modelHint:
    "The public page's Governance model section shows this name and summary; describe this city's own arrangements.",
  modelName: 'Model name',
  modelSummary: 'Summary',
  bodies: 'Bodies in each community',
  keepBody: 'Keep',
  unitsFile: 'Districts, communities and grids (CSV or Excel .xlsx)',
  unitsFileHint:
    'Columns: level, code, name_zh, name_en, parent_code, valid_from; an empty parent_code hangs the unit under the city.',
  example: 'Download an example',
  preview: 'Preview',
  previewTitle: 'Preview: what will be created',
  willCreate: 'Will create',
  rowsInFile: 'File row',
  level: 'Level',
  code: 'Code',
  name: 'Name',
  parent: 'Parent',
  fileErrors: 'Problems in the file',
  row: 'Row',
  apply: 'Onboard the city',
  applied: (name: string, units: number) => `${name} is onboarded with ${units} units.`,
  alreadyOnboarded: 'This city was already onboarded from the same document; nothing changed.',
  adminPasswordOnce: (slug: string, email: string) =>
    `The first administrator's one-time password is below; it is shown only this once, so hand it over in person or through a secure channel. They sign in at /admin/sign-in with city "${slug}", sign-in name ${email} and this password, then set their own password on the People and roles page.`,
  shownFirst: (shown: number, total: number) => `Showing the first ${shown} of ${total} rows.`,
  upload: 'Upload and start',
  file: 'File',
  format: 'Format',
  domain: 'Data domain (required for CSV)',
  sourceSystem: 'Source system',
  chunkSize: 'Lines per chunk',
  progress: 'Progress',
  linesRead: 'Lines read',
  linesApplied: 'Applied',
  linesFailed: 'Failed',
  report: 'Per-line report',
  importRunning: 'The import is running; this page refreshes every 2 seconds.',
  importDone: 'The import finished.',
  importDoneWithErrors: 'The import finished; some lines failed.',
  importFailed: 'The import stopped.',
  importsHint:
    'A department imports its own data domains; community staff register and update residents within their part of the city.',
  line: 'Line',
  problem: 'Problem',
  when: 'When',
  actor: 'Who',
  action: 'Action',
  target: 'Target',
  resident: 'Resident',
  operation: 'Operation',
  unmasked: 'Full ID number',
  chainOk: (n: number) => `The audit chain is intact (${n} events).`,
  chainBroken: 'The audit chain has been tampered with:',
  verifyChain: 'Verify the audit chain',
  olderEntries: 'Older entries',
  readOnly: 'Read only: auditors see everything here and change nothing.',
  email: 'Email',
  displayName: 'Name',
  roles: 'Roles',
  unit: 'Unit',
  grantRole: 'Grant a role',
  revokeRole: 'Revoke',
  newUser: 'Add a person',
  initialPassword: 'Initial password (optional; set it later)',
  create: 'Create',
  clients: 'API clients',
  newDepartment: 'Departments',
  departmentKey: 'Department key (lowercase letters)',
  newClient: 'Add a client',
  clientName: 'Client name',
  issueKey: 'Issue a key',
  scopes: 'Scopes',
  expiresAt: 'Expires on (optional)',
  keyShownOnce: 'Copy this key now; it is shown only once:',
  revokeKey: 'Revoke',
  rotateKey: 'Rotate',
  prefix: 'Prefix',
  lastUsed: 'Last used',
  never: 'never',
  revokedAt: 'revoked',
  expires: 'expires',
  saved: 'Saved.',
  setPassword: 'Set password',
  newPassword: 'New password (10+ characters mixing three of lowercase, uppercase, digits, symbols; or 16+)',
  roleNames: {
    platform_administrator: 'Platform administrator',
    city_administrator: 'City administrator',
    district_administrator: 'District administrator',
    community_staff: 'Community staff',
    grid_worker: 'Grid worker',
    department_officer: 'Department officer',
    council_member: 'Council member',
    auditor: 'Auditor',
  },
};

export type ConsoleMessages = typeof zh;
export function cm(lang: Lang): ConsoleMessages {
  return lang === 'en' ? en : zh;
}

/**
 * Chinese for the field messages the console and the common verbs give (they are written in
 * English, the API's language); anything not listed is shown as it came.
 */
const ISSUES_ZH: Record<string, string> = {
  '1–100 characters': '1–100 个字符',
  'a .csv, .xlsx, .ndjson or .jsonl file': '请上传 .csv、.xlsx、.ndjson 或 .jsonl 文件',
  'a date': '请填写日期',
  'a whole number from 1 to 5000': '请填写 1 到 5000 之间的整数',
  'approve or refuse': '请选择批准或拒绝',
  'at most 20 MB here; use the API for larger files': '此处最大 20 MB，更大的文件请通过接口上传',
  'choose a CSV or .xlsx file': '请选择 CSV 或 .xlsx 文件',
  'choose a department': '请选择部门',
  'choose a file': '请选择文件',
  'choose a template': '请选择模板',
  'choose a unit': '请选择单位',
  'choose at least one': '请至少选择一项',
  'not a data domain you may import here': '您不能在此导入该数据域',
  'not valid JSON': '不是有效的 JSON',
  'required for CSV and Excel': 'CSV 和 Excel 文件必须选择数据域',
  required: '必填',
  'missing column': '缺少此列',
  'a refusal needs a reason': '拒绝时必须填写理由',
  'already used': '已被使用',
  'already taken by another onboarding': '该城市代码已被使用',
  'already taken by another city': '该城市代码已被其他城市使用',
  'unknown role': '未知角色',
  'unknown person': '未知人员',
  'unknown key': '未知密钥',
  'unknown client': '未知客户端',
  'unknown role grant': '未知的角色授权',
  'at least 10 characters': '至少 10 个字符',
  'too easy to guess': '太容易被猜到',
  'mix at least three of: lowercase, uppercase, digits, symbols (or use 16+ characters)':
    '请混合使用小写字母、大写字母、数字、符号中的至少三类（或使用 16 位以上）',
  'lowercase letters, digits and -, 2–40 characters': '小写字母、数字和 -，2–40 个字符',
  'lowercase letters, digits and _; starting with a letter': '小写字母、数字和 _，以字母开头',
  'not an IANA time zone': '不是有效的时区（如 Asia/Shanghai）',
  'a number too long for Excel to keep exactly; format the column as text':
    '数字太长，Excel 无法精确保存；请将该列设为文本格式',
  'not an .xlsx spreadsheet': '不是 .xlsx 表格文件',
  'unbalanced quotes': '引号不成对',
  'not a valid choice': '不是有效的选项',
  'not an email address': '邮箱格式不正确',
  'not one of the choices': '不在可选范围内',
  'no such unit': '没有这个单位',
  'the unit was closed': '该单位已撤销',
  'Invalid input': '输入无效',
};

const AUDIT_ACTIONS: Record<string, { zh: string; en: string }> = {
  'tenant.onboard': { zh: '城市入驻', en: 'City onboarded' },
  'user.create': { zh: '新增人员', en: 'Person added' },
  'user.set_password': { zh: '设置密码', en: 'Password set' },
  'role.grant': { zh: '授予角色', en: 'Role granted' },
  'role.revoke': { zh: '撤销角色', en: 'Role revoked' },
  'department.create': { zh: '新增部门', en: 'Department added' },
  'api_client.create': { zh: '新增接口客户端', en: 'API client added' },
  'api_key.issue': { zh: '签发密钥', en: 'API key issued' },
  'api_key.rotate': { zh: '轮换密钥', en: 'API key rotated' },
  'api_key.revoke': { zh: '吊销密钥', en: 'API key revoked' },
  'grant.request': { zh: '申请数据共享', en: 'Data grant requested' },
  'grant.approve': { zh: '批准数据共享', en: 'Data grant approved' },
  'grant.refuse': { zh: '拒绝数据共享', en: 'Data grant refused' },
  'grant.revoke': { zh: '撤销数据共享', en: 'Data grant revoked' },
  'org_unit.create': { zh: '新增单位', en: 'Unit added' },
  'org_unit.update': { zh: '修改单位', en: 'Unit changed' },
  'reform.apply': { zh: '实施区划改革', en: 'Reform applied' },
  'incident.open': { zh: '发布事件', en: 'Incident opened' },
  'incident.update': { zh: '更新事件', en: 'Incident updated' },
  'incident.resolve': { zh: '事件已解决', en: 'Incident resolved' },
  'staff_listing.create': { zh: '新增网格员公示', en: 'Grid staff listed' },
  'staff_listing.update': { zh: '修改网格员公示', en: 'Grid staff listing changed' },
  'staff_listing.delete': { zh: '删除网格员公示', en: 'Grid staff listing removed' },
  'host.map': { zh: '绑定域名', en: 'Host name mapped' },
  'host.unmap': { zh: '解绑域名', en: 'Host name unmapped' },
  'resident.registered': { zh: '登记居民', en: 'Resident registered' },
};

/** An audit action by its name in the page's language (the code itself when it has none). */
export function auditActionName(lang: Lang, code: string): string {
  return AUDIT_ACTIONS[code]?.[lang] ?? code;
}

/** Field paths (as the verbs name them) → the label of the form field a person sees. */
const FIELD_LABELS: Record<string, keyof ConsoleMessages> = {
  slug: 'slug',
  'tenant.slug': 'slug',
  nameZh: 'nameZh',
  nameEn: 'nameEn',
  'name.zh': 'nameZh',
  'name.en': 'nameEn',
  timezone: 'timezone',
  template: 'template',
  adminName: 'adminName',
  adminEmail: 'adminEmail',
  email: 'email',
  displayName: 'displayName',
  password: 'password',
  role: 'roles',
  roles: 'roles',
  'roles.role': 'roles',
  'roles.orgUnitId': 'unit',
  orgUnitId: 'unit',
  reason: 'reason',
  file: 'file',
  domain: 'domain',
  scopes: 'scopes',
  expiresAt: 'expiresAt',
  key: 'departmentKey',
  departmentId: 'department',
  departmentIds: 'department',
  sourceSystem: 'sourceSystem',
  chunkSize: 'chunkSize',
  status: 'status',
  login: 'login',
  totp: 'totp',
};
const OTHER_LABELS: Record<string, { zh: string; en: string }> = {
  decision: { zh: '审批决定', en: 'Decision' },
  user: { zh: '人员', en: 'Person' },
  grant: { zh: '角色授权', en: 'Role grant' },
  client: { zh: '接口客户端', en: 'API client' },
  document: { zh: '入驻草稿', en: 'Onboarding draft' },
  tenant: { zh: '入驻草稿', en: 'Onboarding draft' },
  '(form)': { zh: '表单', en: 'Form' },
  '(body)': { zh: '表单', en: 'Form' },
  '(document)': { zh: '入驻草稿', en: 'Onboarding draft' },
};
const COLUMN_LABELS: Record<string, { zh: string; en: string }> = {
  level: { zh: '层级', en: 'level' },
  code: { zh: '代码', en: 'code' },
  name_zh: { zh: '中文名称', en: 'Chinese name' },
  name_en: { zh: '英文名称', en: 'English name' },
  parent_code: { zh: '上级代码', en: 'parent code' },
  valid_from: { zh: '成立日期', en: 'date founded' },
};

/** The label a person knows a field by: `第 4 行，上级代码` for a file row, `邮箱` for `email`. */
export function fieldLabel(lang: Lang, path: string): string {
  const row = /^row (\d+)(?:, (.+))?$/.exec(path);
  if (row) {
    const column = row[2] ? (COLUMN_LABELS[row[2]]?.[lang] ?? row[2]) : undefined;
    if (lang === 'zh') return column ? `第 ${row[1]} 行，${column}` : `第 ${row[1]} 行`;
    return column ? `Row ${row[1]}, ${column}` : `Row ${row[1]}`;
  }
  const general = path.replace(/\.\d+(?=\.|$)/g, '');
  const last = general.split('.').at(-1) ?? general;
  for (const candidate of [path, general, last]) {
    const key = FIELD_LABELS[candidate];
    if (key) return String(cm(lang)[key]);
    const other = OTHER_LABELS[candidate];
    if (other) return other[lang];
  }
  return path;
}

/** zod's English messages, said the way the rest of the console says things. */
function plainZod(message: string): string {
  const tooBig = /^Too big: expected string to have <=(\d+) characters$/.exec(message);
  if (tooBig) return `at most ${tooBig[1]} characters`;
  const tooSmall = /^Too small: expected string to have >=(\d+) characters?$/.exec(message);
  if (tooSmall) return tooSmall[1] === '1' ? 'required' : `at least ${tooSmall[1]} characters`;
  const fewItems = /^Too small: expected array to have >=(\d+) items?$/.exec(message);
  if (fewItems) return 'choose at least one';
  if (/^Invalid input: expected \w+, received undefined$/.test(message)) return 'required';
  if (message === 'Invalid UUID') return 'not a valid choice';
  if (message === 'Invalid email address') return 'not an email address';
  if (/^Invalid option: expected one of /.test(message)) return 'not one of the choices';
  if (/^Invalid (ISO )?date/.test(message)) return 'a date';
  return message;
}

/** A field message in the page's language. */
export function issueText(lang: Lang, raw: string): string {
  const message = plainZod(raw);
  if (lang === 'en') return message;
  const exact = ISSUES_ZH[message];
  if (exact) return exact;
  const unknownCode = /^unknown unit code "(.+)"$/.exec(message);
  if (unknownCode) return `找不到代码为“${unknownCode[1]}”的单位`;
  const used = /^unit code "(.+)" is already used$/.exec(message);
  if (used) return `单位代码“${used[1]}”重复`;
  const notLevel = /^level "(.+)" is not one of this city's levels$/.exec(message);
  if (notLevel) return `“${notLevel[1]}”不是本市的层级`;
  const under = /^a (.+) cannot sit under a (.+) \(allowed: (.+)\)$/.exec(message);
  if (under) return `${under[1]} 不能设在 ${under[2]} 之下（允许的上级：${under[3]}）`;
  const needsParent = /^a (.+) unit needs a parent \((.+)\)$/.exec(message);
  if (needsParent)
    return `${needsParent[1]} 单位需要填写上级（${needsParent[2]?.replaceAll(' or ', ' 或 ')}）`;
  const abolished = /^level "(.+)" was abolished; no new units of it$/.exec(message);
  if (abolished) return `层级“${abolished[1]}”已撤销，不能再新建`;
  const atMost = /^at most (\d+) characters$/.exec(message);
  if (atMost) return `最多 ${atMost[1]} 个字符`;
  const atLeast = /^at least (\d+) characters$/.exec(message);
  if (atLeast) return `至少 ${atLeast[1]} 个字符`;
  const grantedOn = /^(\w+) is granted on a (.+), not a (\w+)$/.exec(message);
  if (grantedOn) {
    const role = (zh.roleNames as Record<string, string>)[grantedOn[1] ?? ''] ?? grantedOn[1];
    return `${role}只能授予在 ${grantedOn[2]?.replaceAll(' or ', ' 或 ')} 上，不能授予在 ${grantedOn[3]} 上`;
  }
  return message;
}
