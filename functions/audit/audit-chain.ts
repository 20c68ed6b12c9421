import { canonicalJson, sha256Hex } from '../platform/canonical';
import type { LogKey } from '../platform/crypto';

/**
 * How an audit event's `hash` is made. Events a city wrote before the log key (up to its
 * `log_legacy_ends.audit_through`) carry plain SHA-256 over the canonical row, which anyone with
 * the database could recompute; every later event carries HMAC-SHA256 under the log key, which
 * the database does not hold, so an edited event cannot be given a matching hash, nor can the
 * events after it be re-chained. Both cover the previous event's hash, and so the whole prefix.
 */
export interface ChainedEvent {
  tenantId: string;
  seq: number;
  occurredAt: string;
  actorKind: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The hash the first event of a chain follows (the same text `shequ_audit_append` checks). */
export const auditGenesis = (tenantId: string) => sha256Hex(`shequ-audit-genesis:${tenantId}`);

const EVENT_LABEL = 'shequ-audit-event/v1';

function canonicalEvent(row: ChainedEvent): string {
  return canonicalJson({
    tenantId: row.tenantId,
    seq: row.seq,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actorKind: row.actorKind,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
    prevHash: row.prevHash,
  });
}

/** The event's hash under the key; `undefined` for an event from before the key (plain SHA-256). */
export function eventHash(key: LogKey | undefined, row: ChainedEvent): string {
  const text = canonicalEvent(row);
  return key ? key.mac(EVENT_LABEL, text) : sha256Hex(text);
}
