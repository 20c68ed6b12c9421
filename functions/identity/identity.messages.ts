import { type Catalogue, msg } from '../platform/messages';

/** People, passwords, roles given to people, and API clients and keys: their field issues by code. */
export const identityMessages = {
  'password.too_short': { zh: '至少 10 个字符', en: 'at least 10 characters' },
  'password.too_long': { zh: '最多 200 个字符', en: 'at most 200 characters' },
  'password.mix': {
    zh: '请混合使用小写字母、大写字母、数字、符号中的至少三类（或使用 16 位以上）',
    en: 'mix at least three of: lowercase, uppercase, digits, symbols (or use 16+ characters)',
  },
  'password.guessable': { zh: '太容易被猜到', en: 'too easy to guess' },
  'role_grant.unit_unknown': { zh: '没有这个单位', en: 'no such unit' },
  'role_grant.unit_closed': { zh: '该单位已撤销', en: 'the unit was closed' },
  'role_grant.wrong_level': msg<{ role: string; levels: readonly string[]; level: string }>(
    (p, names) =>
      `${names.role(p.role)}只能授予在 ${p.levels.map(names.level).join(' 或 ')} 上，不能授予在 ${names.level(p.level)} 上`,
    (p, names) =>
      `${names.role(p.role)} is granted on a ${p.levels.map(names.level).join(' or ')}, not a ${names.level(p.level)}`,
  ),
  'role_grant.department_required': {
    zh: '部门工作人员须指定所属部门',
    en: 'a department officer names their department',
  },
  'role_grant.department_not_allowed': {
    zh: '只有部门工作人员才指定部门',
    en: 'only a department officer names a department',
  },
  'role_grant.department_unknown': { zh: '不是本市的部门', en: 'not a department of this city' },
  'totp.not_enrolling': { zh: '请先开始绑定验证器', en: 'start enrolment first' },
  'api_client.name_taken': { zh: '已有同名的客户端', en: 'a client with this name exists' },
  'api_key.expiry_past': { zh: '必须是将来的日期', en: 'must be in the future' },
  'api_key.revoked': { zh: '该密钥已吊销', en: 'the key is revoked' },
  'api_key.expired': { zh: '该密钥已过期，请签发新密钥', en: 'the key has expired; issue a new one' },
} satisfies Catalogue;
