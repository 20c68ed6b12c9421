import { type Catalogue, msg } from '../platform/messages';

/**
 * A chain that contradicts a checkpoint: which chain (the audit trail's events, or the access log's
 * seals), the entry the checkpoint recorded, and the checkpoint — one kept in the database (its
 * number) or the one the auditor handed in (no number) — with when it was made.
 */
interface Contradiction {
  chain: 'audit' | 'seals';
  recorded: number;
  checkpoint?: number;
  madeAt: string;
}
const NOUN_EN = { audit: 'event', seals: 'seal' } as const;
const NOUN_ZH = { audit: '记录', seals: '封存' } as const;
const checkpointEn = (p: Contradiction) =>
  `${p.checkpoint === undefined ? 'your checkpoint' : `checkpoint ${p.checkpoint} in the database`}, made ${p.madeAt}`;
const checkpointZh = (p: Contradiction) =>
  `${p.checkpoint === undefined ? '您保存的检查点' : `数据库中的第 ${p.checkpoint} 个检查点`}（生成于 ${p.madeAt}）`;

/** What a verification of the audit chain (and of the logs against checkpoints) finds, by code. */
export const auditMessages = {
  'audit.events_missing': msg<{ from: number; to: number }>(
    (p) => `缺少第 ${p.from}–${p.to} 条记录`,
    (p) => `missing event(s) ${p.from}–${p.to}`,
  ),
  'audit.chain_broken': { zh: '与上一条记录衔接不上', en: 'does not follow the previous event' },
  'audit.contents_changed': { zh: '写入后内容被修改', en: 'contents changed after it was written' },
  'audit.latest_removed': { zh: '最新的记录被删除', en: 'the latest event(s) were removed' },
  'audit.head_missing': { zh: '审计链头缺失', en: 'the chain head is missing' },
  'audit.checkpoint_forged': msg<{ checkpoint: number }>(
    (p) => `数据库中的第 ${p.checkpoint} 个检查点被修改过，或并非本服务生成（其 MAC 不符）`,
    (p) =>
      `checkpoint ${p.checkpoint} in the database was changed or not made by this service (its MAC does not match)`,
  ),
  'audit.chain_cut_back': msg<Contradiction & { last: number }>(
    (p) =>
      `该链止于第 ${p.last} 条${NOUN_ZH[p.chain]}，但${checkpointZh(p)}记录了第 ${p.recorded} 条${NOUN_ZH[p.chain]}：有${NOUN_ZH[p.chain]}被删除`,
    (p) =>
      `the chain ends at ${NOUN_EN[p.chain]} ${p.last}, but ${checkpointEn(p)}, recorded ${NOUN_EN[p.chain]} ${p.recorded}: ${NOUN_EN[p.chain]}s were removed`,
  ),
  'audit.chain_rewritten': msg<Contradiction>(
    (p) => `第 ${p.recorded} 条${NOUN_ZH[p.chain]}与${checkpointZh(p)}记录的不同：该链被改写过`,
    (p) =>
      `${NOUN_EN[p.chain]} ${p.recorded} is not the one ${checkpointEn(p)}, recorded: the chain was rewritten`,
  ),
  'audit.checkpoint_invalid': {
    zh: '这不是本服务为本市生成的检查点（其 MAC 不符）。',
    en: 'This is not a checkpoint this service made for this city (its MAC does not match).',
  },
  'checkpoint.not_valid': { zh: '不是本市的有效检查点', en: 'not a valid checkpoint for this city' },
} satisfies Catalogue;

/** One problem of the chain: where, what (by code), and the English the API has always given. */
export type AuditProblemCode = keyof typeof auditMessages;
