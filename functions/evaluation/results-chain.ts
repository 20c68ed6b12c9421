import type { ResultPart } from '../../schema/evaluation';
import { canonicalJson, sha256Hex } from '../platform/canonical';
import type { LogKey } from '../platform/crypto';

/**
 * How a sealed result's hash is made: HMAC-SHA256 under the log key (which the database does not
 * hold) over the canonical result and the previous result's hash, as the audit trail's events are
 * chained (`audit/audit-chain.ts`). An edited score, part or flag no longer matches its hash, and
 * nobody without the key can give it one that does; the seal's audit row keeps the last hash.
 */
export interface SealedResult {
  campaignId: string;
  subjectId: string;
  seq: number;
  score: number | null;
  complete: boolean;
  parts: ResultPart[];
  award: boolean;
  vetoed: boolean;
  sealedAt: string;
  prevHash: string;
}

export const resultsGenesis = (campaignId: string) => sha256Hex(`shequ-evaluation-genesis:${campaignId}`);

const LABEL = 'shequ-evaluation-result/v1';

export function resultHash(key: LogKey, row: SealedResult): string {
  return key.mac(
    LABEL,
    canonicalJson({
      campaignId: row.campaignId,
      subjectId: row.subjectId,
      seq: row.seq,
      score: row.score,
      complete: row.complete,
      // As the database hands it back (undefined members go).
      parts: JSON.parse(JSON.stringify(row.parts)),
      award: row.award,
      vetoed: row.vetoed,
      sealedAt: new Date(row.sealedAt).toISOString(),
      prevHash: row.prevHash,
    }),
  );
}

export interface ChainProblem {
  seq: number;
  subjectId: string;
  problem: 'hash' | 'link' | 'gap' | 'head';
}

/** Recomputes the chain in order; every row whose hash, link or place is wrong is named. */
export function verifyChain(
  key: LogKey,
  campaignId: string,
  rows: (SealedResult & { hash: string })[],
  sealHash: string | null,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = resultsGenesis(campaignId);
  rows.forEach((row, index) => {
    if (row.seq !== index + 1) problems.push({ seq: row.seq, subjectId: row.subjectId, problem: 'gap' });
    if (row.prevHash !== prev) problems.push({ seq: row.seq, subjectId: row.subjectId, problem: 'link' });
    if (resultHash(key, row) !== row.hash)
      problems.push({ seq: row.seq, subjectId: row.subjectId, problem: 'hash' });
    prev = row.hash;
  });
  if (sealHash !== null && prev !== sealHash)
    problems.push({ seq: rows.length, subjectId: '', problem: 'head' });
  return problems;
}
