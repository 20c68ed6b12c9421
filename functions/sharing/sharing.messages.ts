import { type Catalogue, msg } from '../platform/messages';

/** The sharing domain's errors and field issues (registry, grants, feed, corrections), by code; the imports' are in imports/imports.messages.ts. */
export const sharingMessages = {
  'resident.not_found': { zh: '本市没有这位居民。', en: 'No such resident in this city.' },
  'data_domain.not_found': { zh: '本市没有这个数据域。', en: 'No such data domain in this city.' },
  'grant.not_found': { zh: '本市没有这项数据共享授权。', en: 'No such grant in this city.' },
  'facet.not_owner': msg<{ domain: string }>(
    (p) => `只有“${p.domain}”的所属部门可以写入；请改为提交更正申请。`,
    (p) => `Only the department that owns "${p.domain}" writes it; file a correction instead.`,
  ),
  'resident.invalid_id_number': { zh: '身份证号码无效。', en: 'The ID number is not valid.' },
  'resident.id_number_format': {
    zh: '18 位：17 位数字加 1 位数字或 X',
    en: '18 characters: 17 digits and a digit or X',
  },
  'resident.id_number_check': {
    zh: '校验码不符（GB 11643）',
    en: 'the check character does not match (GB 11643)',
  },
  'resident.id_number_birth_date': {
    zh: '其中的出生日期不是有效日期',
    en: 'the birth date it contains is not a calendar date',
  },
  'resident.exists': msg<{ residentId?: string }>(
    (p) =>
      p.residentId ? `已有居民以此身份证号码登记（编号 ${p.residentId}）。` : '已有居民以此身份证号码登记。',
    (p) =>
      p.residentId
        ? `A resident with this ID number is already registered (${p.residentId}).`
        : 'A resident with this ID number is already registered.',
  ),
  'resident.already_registered': { zh: '已登记', en: 'already registered' },
  'facet.invalid': { zh: '部分字段不符合要求。', en: 'Some fields are not acceptable.' },
  'facet.version_mismatch': msg<{ current: number }>(
    (p) => `您读取后该数据已被修改，当前版本为 ${p.current}。`,
    (p) => `The facet changed since you read it; it is now at version ${p.current}.`,
  ),
  'facet.unknown_field': msg<{ domain: string }>(
    (p) => `不是“${p.domain}”的字段`,
    (p) => `not a field of ${p.domain}`,
  ),
  'facet.wrong_type': msg<{ type: string }>(
    (p) => `类型应为 ${p.type}`,
    (p) => `must be a ${p.type}`,
  ),
  'facet.nul_character': {
    zh: '不能包含 NUL 字符（U+0000）',
    en: 'must not contain the NUL character (U+0000)',
  },
  'facet.no_fields': { zh: '未提供任何字段', en: 'no fields given' },
  'idempotency.key_reused': {
    zh: '此 Idempotency-Key 已用于另一个请求。',
    en: 'This Idempotency-Key was used for a different request.',
  },
  'idempotency.use_new_key': { zh: '新的请求请使用新的键', en: 'use a new key for a new request' },
  'purpose.required': {
    zh: '请说明读取这些数据的用途（2–200 个字符）',
    en: 'state why you read this data (2–200 characters)',
  },
  'purpose.undecodable': {
    zh: '不是有效的百分号编码 UTF-8（请用 encodeURIComponent 编码）',
    en: 'not valid percent-encoded UTF-8 (encode it with encodeURIComponent)',
  },
  'purpose.unknown': msg<{ purpose: string; held: readonly string[] }>(
    (p) => `本市没有用途代码“${p.purpose}”。${heldZh(p.held)}`,
    (p) => `This city has no purpose with the code "${p.purpose}". ${heldEn(p.held)}`,
  ),
  'purpose.not_a_code': msg<{ held: readonly string[] }>(
    (p) => `请填写本市的用途代码（可在分号后附说明）。${heldZh(p.held)}`,
    (p) => `give one of the city's purpose codes (free text may follow a semicolon). ${heldEn(p.held)}`,
  ),
  'purpose.not_granted': msg<{ purpose: string; held: readonly string[] }>(
    (p) => `贵部门没有为用途“${p.purpose}”获得的授权。${heldZh(p.held)}`,
    (p) => `Your department holds no grant for the purpose "${p.purpose}". ${heldEn(p.held)}`,
  ),
  'purpose.exists': { zh: '本市已有这个用途代码。', en: 'This city already has this purpose code.' },
  'purpose.code_taken': msg<{ code: string }>(
    (p) => `“${p.code}”已被使用`,
    (p) => `"${p.code}" is taken`,
  ),
  'grant.purpose_unknown': msg<{ purpose: string }>(
    (p) => `本市没有用途代码“${p.purpose}”`,
    (p) => `the city has no purpose code "${p.purpose}"`,
  ),
  'search.field_not_readable': msg<{ fields: readonly string[] }>(
    (p) => `您不能按 ${p.fields.join('、')} 查询：您无权读取。`,
    (p) => `You may not search on ${p.fields.join(', ')}: you cannot read it.`,
  ),
  'verify.field_not_readable': msg<{ fields: readonly string[] }>(
    (p) => `您不能核验 ${p.fields.join('、')}：贵部门没有它的读取或核验授权。`,
    (p) => `You may not ask about ${p.fields.join(', ')}: you hold no read or verification grant for it.`,
  ),
  'correction.field_not_readable': msg<{ field: string }>(
    (p) => `您不能申请更正 ${p.field}：您无权读取此居民的这个字段。`,
    (p) => `You may not ask for a correction of ${p.field}: you cannot read it for this resident.`,
  ),
  'grant.invalid': { zh: '数据共享申请不符合要求。', en: 'The grant request is not acceptable.' },
  'grant.no_such_field': msg<{ field: string }>(
    (p) => `没有字段“${p.field}”`,
    (p) => `no such field "${p.field}"`,
  ),
  'grant.field_not_shared': msg<{ field: string; legalBasis: string }>(
    (p) => `“${p.field}”不共享（${p.legalBasis || '不共享'}）`,
    (p) => `"${p.field}" is not shared (${p.legalBasis || 'no sharing'})`,
  ),
  'grant.valid_to_before_from': { zh: '不能早于生效日期', en: 'must not be before validFrom' },
  'grant.unit_unknown': { zh: '本市没有这个单位', en: 'no such unit in this city' },
  'grant.reason_required': { zh: '拒绝时必须填写理由', en: 'a refusal needs a reason' },
  'grant.decided': { zh: '此申请已处理。', en: 'This grant was already decided.' },
  'webhook.not_found': {
    zh: '贵部门没有这个推送订阅。',
    en: 'No such webhook subscription of your department.',
  },
  'webhook.url_invalid': { zh: '不是网址', en: 'not a URL' },
  'webhook.url_use_https': { zh: '请使用 https', en: 'use https' },
  'webhook.url_https_only': {
    zh: '请使用 https（仅本地开发允许 http）',
    en: 'use https (plain http is allowed only in local development)',
  },
  'webhook.url_single_label': {
    zh: '请使用完整的公网域名，而不是单段名称',
    en: 'use a fully qualified public host name, not a single label',
  },
  'webhook.url_local_host': {
    zh: '请使用公网域名，不能用本地域名',
    en: 'use a public host name, not a local one',
  },
  'webhook.url_private_address': {
    zh: '请使用公网地址，不能用回环、内网或链路本地地址',
    en: 'use a public address, not a loopback, private or link-local one',
  },
  'correction.not_found': { zh: '本市没有这项更正申请。', en: 'No such correction request in this city.' },
  'grant.nothing_to_withdraw': {
    zh: '贵部门没有批准过这项申请中属于贵部门的字段，无可撤回（待审批的请直接作出决定）。',
    en: 'Your department has no approval of its fields on this grant to withdraw (decide a pending one instead).',
  },
  'grant.departments_only': {
    zh: '只有部门（使用其接口密钥）可以申请数据共享。',
    en: 'Only a department, with its API key, may request a grant.',
  },
  'grant.revoke_not_party': {
    zh: '贵部门既不持有这项授权，也不拥有它所列的全部数据，不能撤销。',
    en: 'Your department neither holds this grant nor owns all the data it names, so it may not revoke it.',
  },
  'grant.decide_not_owner': {
    zh: '这项申请所列的数据都不属于贵部门，贵部门无需审批。',
    en: 'Your department owns none of the data this grant names, so it has nothing to decide.',
  },
  'correction.decide_not_owner': msg<{ field: string }>(
    (p) => `只有 ${p.field} 的所属部门可以处理这项更正申请。`,
    (p) => `Only the department that owns ${p.field} may decide this correction.`,
  ),
  'correction.decided': { zh: '此更正申请已处理。', en: 'This correction was already decided.' },
  'correction.field_not_correctable': msg<{ field: string }>(
    (p) => `“${p.field}”不是可更正的部门字段`,
    (p) => `"${p.field}" is not a correctable department field`,
  ),
  'correction.reason_required': { zh: '驳回时必须填写理由', en: 'a rejection needs a reason' },
  'verify.no_such_field': msg<{ field: string }>(
    (p) => `没有字段“${p.field}”`,
    (p) => `no such field "${p.field}"`,
  ),
  'verify.department_field': {
    zh: '请询问部门字段，或使用 livesIn',
    en: 'ask about a department field, or use livesIn',
  },
  'data_field.not_found': { zh: '此数据域没有这个字段。', en: 'No such field in this data domain.' },
  'catalog.legal_basis_required': msg<{ sharingClass: string }>(
    (p) => `${p.sharingClass === 'none' ? '不共享' : '有条件共享'}的字段需要填写法律依据`,
    (p) => `a ${p.sharingClass} field needs its legal basis`,
  ),
  'catalog.work_item_required': {
    zh: '社区采集的字段须注明已准入的工作事项',
    en: 'a field community staff collect names its admitted work item',
  },
  'catalog.work_item_not_admitted': {
    zh: '不是该部门现行有效的准入事项（依法履职或依法协助清单）',
    en: "not an admitted work item in force of the domain's department",
  },
  'catalog.field_exists': msg<{ domain: string; key: string }>(
    (p) => `${p.domain} 已有字段“${p.key}”`,
    (p) => `${p.domain} already has a field "${p.key}"`,
  ),
} satisfies Catalogue;

function heldZh(held: readonly string[]): string {
  return held.length > 0 ? `您持有授权的用途：${held.join('、')}。` : '您尚未持有任何用途的授权。';
}
function heldEn(held: readonly string[]): string {
  return held.length > 0
    ? `Purposes you hold grants for: ${held.join(', ')}.`
    : 'You hold grants for no purpose yet.';
}

export type IdNumberProblem =
  | 'resident.id_number_format'
  | 'resident.id_number_check'
  | 'resident.id_number_birth_date';
export type WebhookUrlProblem = Extract<keyof typeof sharingMessages, `webhook.url_${string}`>;
