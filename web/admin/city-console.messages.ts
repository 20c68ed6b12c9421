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
} satisfies Catalogue;
