import { createHash } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { changeEvents } from '../../schema';
import type { Principal } from '../auth/principal';
import { canonicalJson } from '../platform/canonical';
import { type LogKey, randomNonce } from '../platform/crypto';
import { type Executor, logKeyOf, type Transaction } from '../platform/db';
import { pgArray } from '../platform/pg-arrays';

/**
 * The next number of a per-tenant sequence. The upsert locks the tenant's counter row until the
 * transaction ends, so numbers are handed out in commit order: nobody can commit number N+1
 * while N is still uncommitted, and a reader paging by number never skips one.
 */
export async function nextSequence(tx: Transaction, tenantId: string, name: string): Promise<number> {
  const result = await tx.execute(sql`
    insert into sequence_heads (tenant_id, name, value) values (${tenantId}, ${name}, 1)
    on conflict (tenant_id, name) do update set value = sequence_heads.value + 1
    returning value`);
  const value = (result as unknown as { rows: { value: string | number }[] }).rows[0]?.value;
  return Number(value);
}

/** Reserves `count` consecutive numbers at once (same lock, same commit-order guarantee); returns the last. */
export async function reserveSequence(
  tx: Transaction,
  tenantId: string,
  name: string,
  count: number,
): Promise<number> {
  const result = await tx.execute(sql`
    insert into sequence_heads (tenant_id, name, value) values (${tenantId}, ${name}, ${count})
    on conflict (tenant_id, name) do update set value = sequence_heads.value + ${count}
    returning value`);
  return Number((result as unknown as { rows: { value: string | number }[] }).rows[0]?.value);
}

export async function emitChange(
  tx: Transaction,
  tenantId: string,
  event: {
    residentId: string;
    domainKey: string;
    fields: string[];
    kind: 'resident.registered' | 'facet.updated';
    version: number;
  },
  now: Date,
): Promise<number> {
  const seq = await nextSequence(tx, tenantId, 'change_feed');
  await tx.insert(changeEvents).values({ tenantId, seq, occurredAt: now, ...event });
  return seq;
}

export async function readChanges(db: Executor, tenantId: string, after: number, limit: number) {
  return db
    .select()
    .from(changeEvents)
    .where(and(eq(changeEvents.tenantId, tenantId), gt(changeEvents.seq, after)))
    .orderBy(asc(changeEvents.seq))
    .limit(limit);
}

/**
 * An access-log row as its MACs cover it. Each row carries two, made when it is written, so that a
 * row the database's owner inserts, edits or copies afterwards — before the sweep seals it as well
 * as after — does not verify:
 * - `mac`: HMAC under the log key over who read (actor, department), whose data, when (to the
 *   microsecond, as stored), why (purpose), how (operation) and a random per-row `nonce`. Always
 *   computed here, before the row is written.
 * - `fieldsMac`: over which fields were read and whether the ID number was shown, an NMAC-SHA256
 *   (`sha256(outer ‖ sha256(inner ‖ message))`) under two keys derived from the log key for this
 *   row's nonce alone. `logAccess` computes it here; the pull statement (`shequ_pull_resident`)
 *   computes it in SQL, because the fields are worked out there, in the same round trip: it is
 *   handed this row's two derived keys (never the log key), which fit no other row.
 * So a row cannot be forged or altered without the log key, and a copied row repeats its nonce.
 * What a database owner could do is capture the derived keys of pulls while they are being made
 * (statement logging of parameters) and rewrite those rows' fields: that needs a hold on the
 * database during the reads, and `mac` still pins everything but the fields.
 */
export interface AccessRowIdentity {
  tenantId: string;
  nonce: string;
  /** `occurred_at` in microseconds since the epoch, as text (as the database returns it). */
  occurredUs: string;
  actorKind: string;
  actorId: string;
  departmentId: string | null;
  residentId: string;
  purpose: string;
  operation: string;
}

const ROW_LABEL = 'shequ-access-row/v1';

export const accessRowMac = (key: LogKey, row: AccessRowIdentity) =>
  key.mac(
    ROW_LABEL,
    canonicalJson({
      tenantId: row.tenantId,
      nonce: row.nonce,
      occurredUs: row.occurredUs,
      actorKind: row.actorKind,
      actorId: row.actorId,
      departmentId: row.departmentId,
      residentId: row.residentId,
      purpose: row.purpose,
      operation: row.operation,
    }),
  );

/** The two keys a row's `fieldsMac` is made with, derived from the log key for its nonce alone. */
export function fieldsKeys(key: LogKey, nonce: string): { inner: Buffer; outer: Buffer } {
  return {
    inner: key.derive('shequ-access-fields-inner/v1', nonce),
    outer: key.derive('shequ-access-fields-outer/v1', nonce),
  };
}

/**
 * The fields' NMAC. The message is the fields as a JSON array, `|`, and `true`/`false`: exactly what
 * `array_to_json(fields)::text || '|' || unmasked::text` gives in SQL (no spaces; field names are
 * catalog keys, which both escape alike).
 */
export function fieldsMac(
  keys: { inner: Buffer; outer: Buffer },
  fields: readonly string[],
  unmasked: boolean,
) {
  const inner = createHash('sha256')
    .update(keys.inner)
    .update(`${JSON.stringify(fields)}|${unmasked}`, 'utf8')
    .digest();
  return createHash('sha256').update(keys.outer).update(inner).digest('hex');
}

/** A fresh nonce for a row about to be written: 128 random bits. */
export const accessNonce = () => randomNonce(16);

/** The lock every access-log writer shares and the sealer waits on (see access-seal.service.ts). */
export const accessWriteLockKey = (tenantId: string) => `access-log-insert|${tenantId}`;

/**
 * One row per read of personal data, in the same transaction as the read, with its MACs. One
 * statement: the writers' shared lock is taken before the row gets its number.
 */
export async function logAccess(
  tx: Transaction,
  tenantId: string,
  entry: {
    actor: Principal;
    residentId: string;
    fields: string[];
    /** As stated (`code` or `code; note`); covered by the row's MAC. */
    purpose: string;
    /** The purpose's code (absent only where no purpose code applies). */
    purposeCode?: string | undefined;
    unmaskedIdNumber: boolean;
    operation: 'read' | 'search' | 'verify';
  },
  now: Date,
): Promise<void> {
  const key = logKeyOf(tx);
  const row: AccessRowIdentity = {
    tenantId,
    nonce: accessNonce(),
    occurredUs: `${now.getTime()}000`,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    departmentId: entry.actor.kind === 'api_client' ? entry.actor.departmentId : null,
    residentId: entry.residentId,
    purpose: entry.purpose,
    operation: entry.operation,
  };
  const mac = accessRowMac(key, row);
  const fields = fieldsMac(fieldsKeys(key, row.nonce), entry.fields, entry.unmaskedIdNumber);
  await tx.execute(sql`
    with l as materialized (select pg_advisory_xact_lock_shared(hashtextextended(${accessWriteLockKey(tenantId)}, 0)))
    insert into access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields,
                            purpose, purpose_code, unmasked_id_number, operation, nonce, mac, fields_mac)
    select ${tenantId}::uuid, ${now.toISOString()}::timestamptz, ${row.actorKind}::text, ${row.actorId}::text,
           ${row.departmentId}::uuid, ${row.residentId}::uuid, ${pgArray(entry.fields)}::text[], ${row.purpose}::text,
           ${entry.purposeCode ?? null}::text, ${entry.unmaskedIdNumber}::boolean, ${row.operation}::text, ${row.nonce}::text, ${mac}::text, ${fields}::text
      from l`);
}
