import { type Catalogue, countEn, msg, type Plain } from './messages';
import type { PatternName } from './patterns';

/** The zh-CN names of the value types zod expects (`field.invalid_type`). */
const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
  file: '文件',
  null: '空值',
};

/** Formats by name (`platform/patterns.ts`): every named pattern says what it wants, in both languages. */
const formats: { [K in `field.format.${PatternName}`]: Plain } = {
  'field.format.slug': {
    zh: '小写字母、数字和 -，2–40 个字符，以字母开头',
    en: 'lowercase letters, digits and -, 2–40 characters',
  },
  'field.format.key': {
    zh: '小写字母、数字和 _，以字母开头',
    en: 'lowercase letters, digits and _; starting with a letter',
  },
  'field.format.unit_code': { zh: '小写字母、数字、- 和 _', en: 'lowercase letters, digits, - and _' },
  'field.format.iso_date': {
    zh: '日期格式为 YYYY-MM-DD（年份 1000–9999）',
    en: 'a date as YYYY-MM-DD (years 1000–9999)',
  },
  'field.format.phone': { zh: '数字，可在开头加 +', en: 'digits, optionally with a leading +' },
  'field.format.totp': { zh: '6 位数字', en: 'six digits' },
  'field.format.sha256_hex': { zh: '64 位十六进制字符', en: '64 hexadecimal characters' },
  'field.format.version_tag': { zh: '版本号，如 "3"', en: 'a version number such as "3"' },
  'field.format.host_name': {
    zh: '域名，如 guiyang.example.org',
    en: 'a host name such as guiyang.example.org',
  },
};

/**
 * The platform's codes: the generic errors, and the field issues zod reports, by zod's own issue
 * codes and their parameters (`platform/zod-issues.ts`).
 */
export const platformMessages = {
  'request.invalid': { zh: '请求无效。', en: 'The request is invalid.' },
  'request.unsupported_media_type': {
    zh: '请以 application/json 发送请求正文。',
    en: 'Send the body as application/json.',
  },
  'auth.required': { zh: '需要登录或提供凭据。', en: 'Credentials are required.' },
  'auth.forbidden': msg<{ action?: string }>(
    (p) => (p.action ? `您的角色不允许在此执行此操作（${p.action}）。` : '您无权执行此操作。'),
    (p) => (p.action ? `Your roles do not allow ${p.action} here.` : 'You may not do this.'),
  ),
  // A key is refused by its scopes, not by roles: say which scope would allow the action.
  'auth.scope_missing': msg<{ action: string; scopes: readonly string[] }>(
    (p) =>
      p.scopes.length > 0
        ? `此接口密钥的权限范围不允许 ${p.action}；需要权限范围 ${p.scopes.join(' 或 ')}。`
        : `接口密钥不能执行 ${p.action}；请以具有相应角色的人员身份登录。`,
    (p) =>
      p.scopes.length > 0
        ? `This API key's scopes do not allow ${p.action}; a key with ${p.scopes.join(' or ')} does.`
        : `No API key may do ${p.action}; sign in as a person whose role allows it.`,
  ),
  internal: { zh: '系统出现问题，请稍后再试。', en: 'Something went wrong on our side.' },
  'config.audit_key_missing': {
    zh: '写入或核验审计记录和访问日志需要服务器配置 AUDIT_KEY 或 DATA_KEY。',
    en: 'Writing or verifying the audit trail and the access log needs AUDIT_KEY or DATA_KEY to be configured.',
  },
  'route.method_not_allowed': msg<{ method: string; allowed: string }>(
    (p) => `此地址不接受 ${p.method} 请求；请使用 ${p.allowed}。`,
    (p) => `${p.method} is not allowed here; use ${p.allowed}.`,
  ),
  'text.unsafe_characters': {
    zh: '部分文字含有不能公开发布的字符。',
    en: 'Some texts contain characters that cannot be published.',
  },
  'field.text.lone_surrogate': {
    zh: '含有残缺字符（孤立的 UTF-16 代理项）',
    en: 'contains a broken character (a lone UTF-16 surrogate)',
  },
  'field.text.control': {
    zh: '含有控制字符或文字方向控制字符',
    en: 'contains a control or text-direction character',
  },
  'reference.unknown': {
    zh: '请求引用了本市不存在的对象，未作任何更改。',
    en: 'The request refers to something this city does not have; nothing was changed.',
  },
  'reference.in_use': {
    zh: '还有其他记录引用此对象，未作任何更改。',
    en: 'Other records still refer to this; nothing was changed.',
  },
  'field.reference.unknown': {
    zh: '本市没有此对象（不存在或属于其他城市）',
    en: 'refers to nothing in this city',
  },
  'field.out_of_range': { zh: '超出可保存的范围', en: 'out of the range that can be stored' },
  'field.text.line_break': { zh: '含有制表符或换行', en: 'contains a tab or line break' },
  'route.not_found': msg<{ method: string; path: string }>(
    (p) => `找不到此地址：${p.method} ${p.path}`,
    (p) => `No route for ${p.method} ${p.path}.`,
  ),
  'tenant.not_found': { zh: '没有以此名称注册的城市。', en: 'No city is registered under this name.' },
  'org_unit.not_found': { zh: '本市没有这个单位。', en: 'No such org unit in this city.' },
  'spreadsheet.inexact_cells': {
    zh: '部分单元格无法精确读取。',
    en: 'Some cells cannot be read exactly.',
  },
  'spreadsheet.too_large': { zh: '表格文件太大。', en: 'The spreadsheet is too large.' },
  'spreadsheet.unreadable': {
    zh: '文件不是可读取的 .xlsx 表格。',
    en: 'The file is not a readable .xlsx spreadsheet.',
  },

  // Field issues.
  'field.required': { zh: '必填', en: 'required' },
  'field.invalid': { zh: '输入无效', en: 'not valid' },
  'field.invalid_type': msg<{ expected: string }>(
    (p) => `应为${TYPE_ZH[p.expected] ?? p.expected}`,
    (p) => `expected ${p.expected}`,
  ),
  'field.too_short': msg<{ minimum: number }>(
    (p) => `至少 ${p.minimum} 个字符`,
    (p) => `at least ${countEn(p.minimum, 'character', 'characters')}`,
  ),
  'field.too_long': msg<{ maximum: number }>(
    (p) => `最多 ${p.maximum} 个字符`,
    (p) => `at most ${countEn(p.maximum, 'character', 'characters')}`,
  ),
  'field.too_few': msg<{ minimum: number }>(
    (p) => (p.minimum === 1 ? '请至少选择一项' : `至少 ${p.minimum} 项`),
    (p) => (p.minimum === 1 ? 'choose at least one' : `at least ${p.minimum} items`),
  ),
  'field.too_many': msg<{ maximum: number }>(
    (p) => `最多 ${p.maximum} 项`,
    (p) => `at most ${countEn(p.maximum, 'item', 'items')}`,
  ),
  'field.too_small': msg<{ minimum: number; inclusive: boolean }>(
    (p) => (p.inclusive ? `不能小于 ${p.minimum}` : `必须大于 ${p.minimum}`),
    (p) => (p.inclusive ? `at least ${p.minimum}` : `more than ${p.minimum}`),
  ),
  'field.too_big': msg<{ maximum: number; inclusive: boolean }>(
    (p) => (p.inclusive ? `不能大于 ${p.maximum}` : `必须小于 ${p.maximum}`),
    (p) => (p.inclusive ? `at most ${p.maximum}` : `less than ${p.maximum}`),
  ),
  'field.not_multiple_of': msg<{ divisor: number }>(
    (p) => `必须是 ${p.divisor} 的倍数`,
    (p) => `a multiple of ${p.divisor}`,
  ),
  'field.email': { zh: '邮箱格式不正确', en: 'not an email address' },
  'field.uuid': { zh: '不是有效的选项', en: 'not a valid choice' },
  'field.url': { zh: '不是有效的网址', en: 'not a valid URL' },
  'field.date': { zh: '请填写日期', en: 'a date' },
  'field.format': msg<{ format: string }>(
    (p) => `格式不正确（${p.format}）`,
    (p) => `not a valid ${p.format}`,
  ),
  'field.pattern': msg<{ pattern: string }>(
    () => '格式不正确',
    (p) => `does not match ${p.pattern}`,
  ),
  ...formats,
  'field.not_one_of': msg<{ values: readonly (string | number)[] }>(
    (p) => `不在可选范围内（${p.values.join('、')}）`,
    (p) => `not one of: ${p.values.join(', ')}`,
  ),
  'field.unrecognized_keys': msg<{ keys: readonly string[] }>(
    (p) => `不认识的字段：${p.keys.join('、')}`,
    (p) => `unrecognized keys: ${p.keys.join(', ')}`,
  ),
  'field.calendar_date': { zh: '不是有效的日期', en: 'not a calendar date' },
  'field.json': { zh: '不是有效的 JSON', en: 'not valid JSON' },
  'field.json_object': { zh: '必须是 JSON 对象', en: 'must be a JSON object' },
  'field.unbalanced_quotes': { zh: '引号不成对', en: 'unbalanced quotes' },
  'field.inexact_number': {
    zh: '数字太长，Excel 无法精确保存；请将该列设为文本格式',
    en: 'a number too long for Excel to keep exactly; format the column as text',
  },
  'field.not_xlsx': { zh: '不是 .xlsx 表格文件', en: 'not an .xlsx spreadsheet' },
  'field.file_too_large': msg<{ megabytes: number }>(
    (p) => `最大 ${p.megabytes} MB`,
    (p) => `at most ${p.megabytes} MB`,
  ),
  'field.missing_column': { zh: '缺少此列', en: 'missing column' },
} satisfies Catalogue;

export type PlatformCode = keyof typeof platformMessages;
