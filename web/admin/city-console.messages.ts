import { type Catalogue, msg } from '../../functions/platform/messages';

/**
 * The words of the console pages that do what city administrators did only through the API: the
 * grant queue's parties, key scopes, the org tree and its reforms, the catalog, corrections and
 * webhooks. zh-CN first, English beside it.
 */
export const cityConsoleMessages = {
  'grantQueue.yourTurn': { zh: '待本市决定', en: 'Awaiting the city’s decision' },
  'grantQueue.othersTurn': {
    zh: '本市已决定，等待数据所属部门',
    en: 'The city has decided; waiting for owner departments',
  },
  'grantQueue.othersHint': {
    zh: '本市已作出决定，无需再次操作；以下申请等待所列部门通过接口答复。',
    en: 'The city has given its decision and has nothing more to do; these wait for the departments named to answer through the API.',
  },
  'grantQueue.parties': { zh: '各方决定', en: 'Decisions by party' },
  'grantQueue.city': { zh: '本市', en: 'The city' },
  'grantQueue.missing': msg<{ parties: string }>(
    ({ parties }) => `尚缺：${parties}`,
    ({ parties }) => `Still missing: ${parties}`,
  ),
  'grantQueue.noOwners': {
    zh: '不涉及其他部门的数据，只需本市决定',
    en: 'No other department’s data; only the city decides',
  },
  'scope.org_units:write': { zh: '修改组织机构', en: 'Change org units' },
  'scope.staff:read': { zh: '查看工作人员', en: 'Read staff' },
  'scope.audit:read': { zh: '查看审计记录', en: 'Read the audit trail' },
  'scope.residents:read': { zh: '读取居民数据', en: 'Read resident data' },
  'scope.residents:write': { zh: '写入本部门居民数据', en: 'Write its own resident data' },
  'scope.feed:read': { zh: '读取变更推送', en: 'Read the change feed' },
  'scope.grants:request': { zh: '申请数据共享', en: 'Request data grants' },
  'scope.grants:decide': { zh: '审批本部门数据的共享申请', en: 'Decide grants on its own data' },
  'scope.webhooks:manage': { zh: '管理回调订阅', en: 'Manage webhooks' },
  'scope.cases:read': { zh: '查看事项', en: 'Read cases' },
  'scope.cases:write': { zh: '上报事项', en: 'Report cases' },
  'scope.cases:handle': { zh: '办理事项', en: 'Handle cases' },
  'scope.open311:post': {
    zh: '通过 Open311 上报（不读取数据）',
    en: 'Post reports through Open311 (reads nothing)',
  },
  'scope.admission:apply': { zh: '申请工作准入', en: 'Apply for work admission' },
  'orgTree.menu': { zh: '组织架构与改革', en: 'Org tree and reforms' },
  'orgTree.title': { zh: '组织架构', en: 'Org tree' },
  'orgTree.open': { zh: '现存', en: 'open' },
  'orgTree.closed': msg<{ on: string }>(
    ({ on }) => `已撤销（${on}）`,
    ({ on }) => `closed (${on})`,
  ),
  'orgTree.since': msg<{ on: string }>(
    ({ on }) => `自 ${on}`,
    ({ on }) => `since ${on}`,
  ),
  'orgTree.showClosed': { zh: '同时显示已撤销的单位', en: 'Show closed units too' },
  'orgTree.hideClosed': { zh: '只显示现存单位', en: 'Show open units only' },
  'orgTree.counts': msg<{ open: number; closed: number }>(
    ({ open, closed }) => `现存 ${open} 个单位，已撤销 ${closed} 个`,
    ({ open, closed }) => `${open} units open, ${closed} closed`,
  ),
  'orgTree.reforms': { zh: '改革记录', en: 'Reforms' },
  'orgTree.applied': msg<{ code: string }>(
    ({ code }) => `改革“${code}”已实施。`,
    ({ code }) => `Reform "${code}" applied.`,
  ),
  'reformForm.title': { zh: '新的改革', en: 'A new reform' },
  'reformForm.hint': {
    zh: '合并：撤销 A 和 B，新设 C，沿革写 A > C 和 B > C。拆分：撤销 A，新设 B 和 C，沿革写 A > B 和 A > C，并在居民等迁往的一条后加 *。更名：撤销旧单位，以新代码新设，沿革写 旧 > 新。撤销：只填撤销的单位（其上有居民、人员或事项时须写明去向）。先预览，确认要迁移的内容后再实施。',
    en: 'Merge: close A and B, open C, lineage A > C and B > C. Split: close A, open B and C, lineage A > B and A > C, with * after the link residents and others move along. Rename: close the old unit, open it under a new code, lineage old > new. Close: list the unit only (if residents, staff or cases live on it, say where they go). Preview first, check what moves, then apply.',
  },
  'reformForm.code': { zh: '改革代码', en: 'Reform code' },
  'reformForm.effectiveOn': { zh: '生效日期', en: 'Effective on' },
  'reformForm.titleZh': { zh: '名称（中文）', en: 'Title in Chinese' },
  'reformForm.titleEn': { zh: '名称（英文）', en: 'Title in English' },
  'reformForm.closes': {
    zh: '撤销的单位（代码，以空格或逗号分隔）',
    en: 'Units closed (codes, separated by spaces or commas)',
  },
  'reformForm.opens': {
    zh: '新设的单位（每行：代码 | 层级 | 上级代码 | 中文名 | 英文名）',
    en: 'Units opened (one a line: code | level | parent code | Chinese name | English name)',
  },
  'reformForm.lineage': {
    zh: '沿革（每行：原单位 > 新单位，迁移所沿的一条后加 *）',
    en: 'Lineage (one a line: old > new, * after the link things move along)',
  },
  'reformForm.opensLine': msg<{ n: number }>(
    ({ n }) => `新设的单位第 ${n} 行`,
    ({ n }) => `Units opened, line ${n}`,
  ),
  'reformForm.lineageLine': msg<{ n: number }>(
    ({ n }) => `沿革第 ${n} 行`,
    ({ n }) => `Lineage, line ${n}`,
  ),
  'reformForm.closesItem': msg<{ n: number }>(
    ({ n }) => `撤销的单位第 ${n} 个`,
    ({ n }) => `Units closed, item ${n}`,
  ),
  'reformForm.preview': { zh: '预览要迁移的内容', en: 'Preview what moves' },
  'reformForm.apply': { zh: '实施改革', en: 'Apply the reform' },
  'reformForm.edit': { zh: '修改', en: 'Change it' },
  'reformPreview.title': msg<{ code: string }>(
    ({ code }) => `预览：改革“${code}”`,
    ({ code }) => `Preview: reform "${code}"`,
  ),
  'reformPreview.nothingWritten': {
    zh: '这是预览，尚未写入任何内容。确认无误后点击“实施改革”。',
    en: 'This is a preview; nothing has been written yet. When it is right, press "Apply the reform".',
  },
  'reformPreview.closes': { zh: '将撤销', en: 'Will close' },
  'reformPreview.opens': { zh: '将新设', en: 'Will open' },
  'reformPreview.moves': { zh: '将迁移', en: 'What moves' },
  'reformPreview.nothingMoves': {
    zh: '撤销的单位上没有需要迁移的内容。',
    en: 'Nothing lives on the units closed; nothing moves.',
  },
  'reformPreview.from': { zh: '原单位', en: 'From' },
  'reformPreview.to': { zh: '迁往', en: 'To' },
  'reformPreview.what': { zh: '内容', en: 'What' },
  'dweller.residents': { zh: '居民住址', en: 'residents’ addresses' },
  'dweller.roles': { zh: '工作人员角色', en: 'staff roles' },
  'dweller.staff_listing': { zh: '网格员公示', en: 'grid-staff listings' },
  'dweller.grants': { zh: '限定该单位的共享授权', en: 'grants limited to the unit' },
  'dweller.open_cases': { zh: '未办结事项', en: 'open cases' },
  'dweller.open_cases_level': {
    zh: '在该层级办理的未办结事项',
    en: 'open cases handled at the unit’s level',
  },
  'dweller.open_cases_handler': { zh: '由该单位承办的未办结事项', en: 'open cases the unit handles' },
  'dweller.evaluation_stations': { zh: '测评站点', en: 'evaluation stations' },
  'catalogPage.menu': { zh: '数据目录', en: 'Data catalog' },
  'catalogPage.hint': {
    zh: '每个字段只属于一个部门的数据域，只有该部门写入。开放共享的字段任何部门按用途可读；有条件共享的字段须经所属部门与本市批准；不共享的字段不提供给其他部门。',
    en: 'Each field belongs to one department’s data domain, and only that department writes it. Open fields are readable by any department for a stated purpose; conditional ones need the owner’s and the city’s approval; unshared ones are never given to other departments.',
  },
  'catalogPage.domain': msg<{ domain: string; owner: string }>(
    ({ domain, owner }) => `${domain}（所属部门：${owner}）`,
    ({ domain, owner }) => `${domain} (owned by ${owner})`,
  ),
  'catalogPage.field': { zh: '字段', en: 'Field' },
  'catalogPage.type': { zh: '类型', en: 'Type' },
  'catalogPage.sensitivity': { zh: '敏感程度', en: 'Sensitivity' },
  'catalogPage.sharingClass': { zh: '共享类别', en: 'Sharing class' },
  'catalogPage.legalBasis': { zh: '法律依据', en: 'Legal basis' },
  'catalogPage.change': { zh: '修改', en: 'Change' },
  'catalogPage.changed': msg<{ field: string }>(
    ({ field }) => `字段“${field}”已修改。`,
    ({ field }) => `Field "${field}" changed.`,
  ),
  'sharingClass.open': { zh: '开放共享', en: 'open' },
  'sharingClass.conditional': { zh: '有条件共享', en: 'conditional' },
  'sharingClass.none': { zh: '不共享', en: 'not shared' },
  'sensitivity.low': { zh: '低', en: 'low' },
  'sensitivity.medium': { zh: '中', en: 'medium' },
  'sensitivity.high': { zh: '高', en: 'high' },
  'fieldType.string': { zh: '文本', en: 'text' },
  'fieldType.number': { zh: '数字', en: 'number' },
  'fieldType.boolean': { zh: '是/否', en: 'yes/no' },
  'fieldType.date': { zh: '日期', en: 'date' },
} satisfies Catalogue;
