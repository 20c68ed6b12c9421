import { type Catalogue, msg, type Plain } from '../platform/messages';
import type { Role } from './roles';

/** Roles by name (`role.<key>`): the console's menus and the messages that name a role both use these. */
const roles: { [K in `role.${Role}`]: Plain } = {
  'role.platform_administrator': { zh: '平台管理员', en: 'Platform administrator' },
  'role.city_administrator': { zh: '市级管理员', en: 'City administrator' },
  'role.district_administrator': { zh: '区级管理员', en: 'District administrator' },
  'role.community_staff': { zh: '社区工作人员', en: 'Community staff' },
  'role.grid_worker': { zh: '网格员', en: 'Grid worker' },
  'role.department_officer': { zh: '部门工作人员', en: 'Department officer' },
  'role.council_member': { zh: '议事会成员', en: 'Council member' },
  'role.auditor': { zh: '审计员', en: 'Auditor' },
  'role.surveyor': { zh: '第三方调查员', en: 'Third-party surveyor' },
};

/** Sign-in, sessions, keys, roles and the people and departments they belong to, by code. */
export const authMessages = {
  ...roles,
  'auth.invalid_credentials': {
    zh: '登录名或密码不正确。',
    en: 'The sign-in name or password is incorrect.',
  },
  'auth.second_factor_required': {
    zh: '请输入动态验证码。',
    en: 'Enter the code from your authenticator app.',
  },
  'auth.invalid_second_factor': { zh: '验证码不正确。', en: 'The code is not valid.' },
  'auth.throttled': {
    zh: '登录失败次数过多，请稍后再试。',
    en: 'Too many failed sign-ins. Try again later.',
  },
  'auth.invalid_session': { zh: '会话已结束，请重新登录。', en: 'The session has ended; sign in again.' },
  'auth.unknown_token': {
    zh: '无法识别这个令牌：它不是当前有效的会话（可能已退出登录），也不是平台令牌。请重新登录获取新令牌。',
    en: 'This bearer token is not one we know: not a current session (it may have been signed out) nor the platform token. Sign in again for a new one.',
  },
  'auth.session_expired': { zh: '会话已过期，请重新登录。', en: 'The session has expired; sign in again.' },
  'auth.account_disabled': {
    zh: '此账号已停用，会话已结束。',
    en: 'This account is disabled; its sessions have ended.',
  },
  'auth.unknown_key': {
    zh: '无法识别这个接口密钥：本服务没有签发过它（请检查是否复制完整）。',
    en: 'This API key is not one this service issued (check that it was copied whole).',
  },
  'auth.key_expired': {
    zh: '这个接口密钥已过期，请管理员签发新密钥。',
    en: 'This API key has expired; ask for a new one to be issued.',
  },
  'auth.key_revoked': {
    zh: '这个接口密钥已被吊销，请使用新密钥。',
    en: 'This API key has been revoked; use its replacement.',
  },
  'auth.sessions_people_only': {
    zh: '会话和动态验证码属于登录的人员；接口密钥和平台令牌没有会话。',
    en: 'Sessions and second factors belong to people who sign in; an API key or the platform token has none.',
  },
  'auth.console_people_only': {
    zh: '管理控制台供人员登录使用，不接受接口密钥。',
    en: 'The console is for people who sign in, not for API keys.',
  },
  'auth.city_people_only': {
    zh: '城市页面供本市人员使用；平台管理员不属于任何城市。',
    en: 'City pages are for people of a city; the platform administrator belongs to none.',
  },
  'role_grant.not_grantable': msg<{ role: string }>(
    (p, names) => `您的角色不能在此单位授予“${names.role(p.role)}”角色。`,
    (p, names) => `Your roles may not grant the role ${names.role(p.role)} on this unit.`,
  ),
  'auth.cross_site': { zh: '请求来源与本站不同，已拒绝。', en: 'This request did not come from this site.' },
  'auth.wrong_tenant': { zh: '这些凭据属于另一个城市。', en: 'These credentials belong to another city.' },
  'auth.invalid_input': { zh: '部分字段不符合要求。', en: 'Some fields are not acceptable.' },
  'user.not_found': { zh: '本市没有这个人员。', en: 'No such user in this city.' },
  'user.email_taken': {
    zh: '本市已有使用此邮箱的人员。',
    en: 'A user with this email already exists in this city.',
  },
  'role_grant.not_found': { zh: '本市没有这项角色授权。', en: 'No such role grant in this city.' },
  'role_grant.last_city_administrator': {
    zh: '这是本市最后一个市级管理员角色；请先把该角色授予其他人，否则本市将无人能管理。',
    en: "This is the city's last city administrator role; grant the role to someone else first, or the city is locked out.",
  },
  'session.not_found': { zh: '没有这个会话。', en: 'No such session.' },
  'department.not_found': { zh: '本市没有这个部门。', en: 'No such department in this city.' },
  'department.key_taken': { zh: '已有使用此代码的部门。', en: 'A department with this key already exists.' },
  'api_client.not_found': { zh: '本市没有这个接口客户端。', en: 'No such API client in this city.' },
  'api_key.not_found': { zh: '本市没有这个接口密钥。', en: 'No such API key in this city.' },
  'config.data_key_missing': {
    zh: '两步验证需要服务器配置 DATA_KEY。',
    en: 'The second factor needs DATA_KEY to be configured.',
  },
  'field.already_used': { zh: '已被使用', en: 'already used' },
} satisfies Catalogue;
