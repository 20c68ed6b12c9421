import { type Catalogue, countEn, msg } from '../platform/messages';

/**
 * Cities, their structure, org tree and reforms, onboarding and units files, by code. Texts that
 * mention levels take their keys as params and name them through `names.level`, so a page says
 * the city's own level names (`社区 不能设在 市 之下`) and the API says the keys.
 */
export const tenantsMessages = {
  'tenant.slug_taken': msg<{ slug: string }>(
    (p) => `城市代码“${p.slug}”已被另一个城市使用。`,
    (p) => `A different city is already registered as "${p.slug}".`,
  ),
  'tenant.slug_in_use': { zh: '该城市代码已被使用', en: 'already taken by another onboarding' },
  'tenant.time_zone': { zh: '不是有效的时区（如 Asia/Shanghai）', en: 'not an IANA time zone' },
  'onboarding.invalid': {
    zh: '入驻资料不符合结构规则。',
    en: 'The onboarding document breaks the structure rules.',
  },
  'onboarding.no_root_unit': msg<{ level: string }>(
    (p, names) => `缺少${names.level(p.level)}单位`,
    (p, names) => `no ${names.level(p.level)} unit`,
  ),
  'reform.not_found': { zh: '本市没有这项改革。', en: 'No such reform in this city.' },
  'reform.invalid': msg<{ fields: readonly string[] }>(
    (p) => `改革不符合结构规则（见 ${p.fields.join('、')}）。`,
    (p) => `The reform breaks the structure rules (see ${p.fields.join(', ')}).`,
  ),
  'reform.parent_unknown': msg<{ field: string; code: string }>(
    (p) => `改革要在“${p.code}”之下成立单位（${p.field}），但本市没有代码为“${p.code}”的单位。`,
    (p) =>
      `The reform opens a unit under "${p.code}" (${p.field}), but this city has no unit with that code.`,
  ),
  'reform.unit_unknown': msg<{ field: string; code: string }>(
    (p) => `改革提到的单位“${p.code}”（${p.field}）在本市不存在。`,
    (p) => `The reform names unit "${p.code}" (${p.field}), which this city does not have.`,
  ),
  'org_unit.invalid': msg<{ fields: readonly string[] }>(
    (p) => `单位不符合结构规则（见 ${p.fields.join('、')}）。`,
    (p) => `The unit breaks the structure rules (see ${p.fields.join(', ')}).`,
  ),
  'org_unit.parent_not_found': msg<{ code: string }>(
    (p) => `本市没有代码为“${p.code}”的上级单位。`,
    (p) => `This city has no unit "${p.code}" to put the new unit under.`,
  ),
  'org_unit.code_unknown': msg<{ code: string }>(
    (p) => `本市没有代码为“${p.code}”的单位`,
    (p) => `no unit with code "${p.code}" in this city`,
  ),
  'reform.code_used': msg<{ code: string }>(
    (p) => `改革代码“${p.code}”重复`,
    (p) => `reform code "${p.code}" is already used`,
  ),
  'reform.close_listed_twice': msg<{ code: string }>(
    (p) => `单位“${p.code}”列出了两次`,
    (p) => `unit "${p.code}" is listed twice`,
  ),
  'reform.close_already_closed': msg<{ code: string; on: string }>(
    (p) => `单位“${p.code}”已于 ${p.on} 撤销`,
    (p) => `unit "${p.code}" was already closed on ${p.on}`,
  ),
  'reform.close_not_open_yet': msg<{ code: string; on: string }>(
    (p) => `单位“${p.code}”到 ${p.on} 才成立`,
    (p) => `unit "${p.code}" only opens on ${p.on}`,
  ),
  'reform.parent_closed': msg<{ code: string }>(
    (p) => `上级“${p.code}”在这次改革中撤销`,
    (p) => `parent "${p.code}" is closed by this reform`,
  ),
  'reform.child_left_open': msg<{ parent: string; child: string }>(
    (p) => `单位“${p.parent}”下仍有“${p.child}”；请在同一次改革中撤销或调整它`,
    (p) => `unit "${p.parent}" still has "${p.child}" under it; close or move it in the same reform`,
  ),
  'reform.lineage_not_closed': msg<{ code: string }>(
    (p) => `“${p.code}”不在这次改革撤销的单位中`,
    (p) => `"${p.code}" is not closed by this reform`,
  ),
  'reform.lineage_not_opened': msg<{ code: string }>(
    (p) => `“${p.code}”不在这次改革成立的单位中`,
    (p) => `"${p.code}" is not opened by this reform`,
  ),
  'reform.carry_no_successor': msg<{ code: string; count: number }>(
    (p) =>
      `“${p.code}”上还有 ${p.count} 项（居民地址、岗位、网格员名单、授权或未办结案件）要随改革迁移，但沿革中它没有后继单位`,
    (p) =>
      `${countEn(p.count, 'thing lives', 'things live')} on "${p.code}" (residents' addresses, staff roles, grid-staff listings, grants or open cases) and must move, but the lineage gives it no successor`,
  ),
  'reform.carry_ambiguous': msg<{ code: string; count: number; successors: readonly string[] }>(
    (p) =>
      `“${p.code}”上有 ${p.count} 项要迁移，它拆分为 ${p.successors.join('、')}：请在沿革中用 carry: true 标明迁往哪一个`,
    (p) =>
      `${countEn(p.count, 'thing lives', 'things live')} on "${p.code}", which splits into ${p.successors.join(', ')}: mark the lineage link ${p.count === 1 ? 'it moves' : 'they move'} along with carry: true`,
  ),
  'reform.no_predecessor': msg<{ code: string }>(
    (p) => `“${p.code}”在沿革中没有前身`,
    (p) => `"${p.code}" has no predecessor in lineage`,
  ),
  'org_unit.code_used': msg<{ code: string }>(
    (p) => `单位代码“${p.code}”重复`,
    (p) => `unit code "${p.code}" is already used`,
  ),
  'org_unit.level_unknown': msg<{ level: string }>(
    (p) => `“${p.level}”不是本市的层级`,
    (p) => `level "${p.level}" is not one of this city's levels`,
  ),
  'org_unit.level_abolished': msg<{ level: string }>(
    (p, names) => `层级“${names.level(p.level)}”已撤销，不能再新建`,
    (p, names) => `level "${names.level(p.level)}" was abolished; no new units of it`,
  ),
  'org_unit.root_has_parent': msg<{ level: string }>(
    (p, names) => `${names.level(p.level)}单位没有上级`,
    (p, names) => `a ${names.level(p.level)} unit has no parent`,
  ),
  'org_unit.one_root': msg<{ level: string }>(
    (p, names) => `只能有一个${names.level(p.level)}单位`,
    (p, names) => `there can be only one ${names.level(p.level)} unit`,
  ),
  'org_unit.parent_required': msg<{ level: string; allowed: readonly string[] }>(
    (p, names) => `${names.level(p.level)} 单位需要填写上级（${p.allowed.map(names.level).join(' 或 ')}）`,
    (p, names) =>
      `a ${names.level(p.level)} unit needs a parent (${p.allowed.map(names.level).join(' or ')})`,
  ),
  'org_unit.parent_unknown': msg<{ code: string }>(
    (p) => `找不到代码为“${p.code}”的单位`,
    (p) => `unknown unit code "${p.code}"`,
  ),
  'org_unit.parent_level': msg<{ level: string; parentLevel: string; allowed: readonly string[] }>(
    (p, names) =>
      `${names.level(p.level)} 不能设在 ${names.level(p.parentLevel)} 之下（允许的上级：${p.allowed.map(names.level).join('、')}）`,
    (p, names) =>
      `a ${names.level(p.level)} cannot sit under a ${names.level(p.parentLevel)} (allowed: ${p.allowed.map(names.level).join(', ')})`,
  ),
  'org_unit.parent_gone': msg<{ code: string }>(
    (p) => `上级“${p.code}”届时已不存在`,
    (p) => `parent "${p.code}" no longer exists then`,
  ),
  'org_unit.parent_not_yet': msg<{ code: string }>(
    (p) => `上级“${p.code}”届时尚未成立`,
    (p) => `parent "${p.code}" does not exist yet then`,
  ),
  'structure.custom_needs_structure': {
    zh: '自定义模板需要提供结构',
    en: 'a custom template needs a structure',
  },
  'structure.duplicate_level': msg<{ level: string }>(
    (p) => `层级“${p.level}”重复`,
    (p) => `duplicate level ${p.level}`,
  ),
  'structure.unknown_parent_level': msg<{ parent: string }>(
    (p) => `上级层级“${p.parent}”不是本结构的层级`,
    (p) => `parent level ${p.parent} is not one of this structure's levels`,
  ),
  'structure.level_cycle': msg<{ level: string }>(
    (p) => `层级“${p.level}”成了自己的上级`,
    (p) => `level ${p.level} is its own ancestor`,
  ),
  'structure.one_root_level': {
    zh: '必须恰好有一个层级没有上级',
    en: 'exactly one level must have no parents',
  },
  'structure.duplicate_key': msg<{ key: string }>(
    (p) => `代码“${p.key}”重复`,
    (p) => `duplicate key ${p.key}`,
  ),
  'units_file.unreadable': {
    zh: '文件不是 UTF-8 文本，也不是 .xlsx 表格。',
    en: 'The file is not UTF-8 text or an .xlsx spreadsheet.',
  },
  'units_file.save_as': { zh: '请另存为 CSV（UTF-8）或 .xlsx', en: 'save it as CSV (UTF-8) or .xlsx' },
  'units_file.empty': { zh: '文件是空的。', en: 'The file is empty.' },
  'units_file.no_rows': { zh: '文件是空的', en: 'empty' },
  'units_file.no_header': { zh: '缺少表头行', en: 'no header row' },
  'units_file.columns': { zh: '表头缺少必需的列。', en: 'The header row lacks required columns.' },
  'units_file.too_large': { zh: '文件行数太多。', en: 'The file has too many rows.' },
  'units_file.too_many_rows': msg<{ maximum: number }>(
    (p) => `最多 ${p.maximum} 行`,
    (p) => `at most ${countEn(p.maximum, 'row', 'rows')}`,
  ),
} satisfies Catalogue;
