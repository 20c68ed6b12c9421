import { type Catalogue, msg } from '../platform/messages';

/** What a verification of the audit chain finds, by code. */
export const auditMessages = {
  'audit.events_missing': msg<{ from: number; to: number }>(
    (p) => `缺少第 ${p.from}–${p.to} 条记录`,
    (p) => `missing event(s) ${p.from}–${p.to}`,
  ),
  'audit.chain_broken': { zh: '与上一条记录衔接不上', en: 'does not follow the previous event' },
  'audit.contents_changed': { zh: '写入后内容被修改', en: 'contents changed after it was written' },
  'audit.latest_removed': { zh: '最新的记录被删除', en: 'the latest event(s) were removed' },
  'audit.head_missing': { zh: '审计链头缺失', en: 'the chain head is missing' },
} satisfies Catalogue;

/** One problem of the chain: where, what (by code), and the English the API has always given. */
export type AuditProblemCode = keyof typeof auditMessages;
