import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../functions/audit/audit.service';
import { canonicalJson, sha256Hex } from '../../../functions/platform/canonical';
import { bindLogKey, withTenant } from '../../../functions/platform/db';
import { migratePglite, openPglite } from '../../../functions/platform/drivers/pglite';
import { logAccess } from '../../../functions/sharing/ledger';
import { sealAccessLog } from '../../../functions/sharing/registry/access-seal.service';
import { verifyAccessLog } from '../../../functions/sharing/registry/access-verify.service';
import { testLogKey } from '../../support/fixtures';

/**
 * A database with logs written before the log key (every migration before 0017_log_key_and_checkpoints,
 * rows as the old code wrote them), then migrated: what was there verifies as it was written, up to
 * the switch-over point that migration records, and everything after it is keyed — the first keyed event pinning
 * the old chain, the first keyed seal taking the old rows still pending.
 */
let handle: Awaited<ReturnType<typeof openPglite>>;
let dir: string;
const query = async <T>(text: string, params?: unknown[]) =>
  (await handle.client.query<T>(text, params)).rows;

/** SHA-256 over the canonical row, as the old code chained events and sealed rows and seals. */
const oldHash = (value: Record<string, unknown>) => sha256Hex(canonicalJson(value));

beforeAll(async () => {
  // The migrations as they were before the log key's: all of those before it.
  dir = mkdtempSync(join(tmpdir(), 'shequ-before-log-key-'));
  cpSync('schema/migrations', dir, { recursive: true });
  const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8'));
  const entries: { idx: number; tag: string }[] = journal.entries;
  const logKey = entries.find((entry) => entry.tag.endsWith('_log_key_and_checkpoints'));
  if (!logKey) throw new Error('no log_key_and_checkpoints migration in the journal');
  journal.entries = entries.filter((entry) => entry.idx < logKey.idx);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  handle = await openPglite({});
  await migrate(drizzle({ client: handle.client }), { migrationsFolder: dir });
});
afterAll(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logs written before the log key', () => {
  it('verify as written up to the switch-over point; what follows is keyed and pins them', async () => {
    const [tenant] = await query<{ id: string }>(
      `insert into tenants (slug, name_zh, name_en, timezone, template, structure, onboarding_digest)
       values ('old-city', '旧城', 'Old city', 'Asia/Shanghai', 'guiyang', '{}', 'x') returning id`,
    );
    const tenantId = tenant?.id ?? '';
    // Three events, chained as the old code did.
    let prevHash = sha256Hex(`shequ-audit-genesis:${tenantId}`);
    for (let seq = 1; seq <= 3; seq++) {
      const row = {
        tenantId,
        seq,
        occurredAt: new Date(Date.UTC(2026, 0, seq)).toISOString(),
        actorKind: 'system',
        actorId: 'old',
        action: 'old.action',
        targetType: 'tenant',
        targetId: tenantId,
        details: { n: seq },
        prevHash,
      };
      const hash = oldHash(row);
      await query(
        `insert into audit_events values ($1::uuid, $2, $3, 'system', 'old', 'old.action', 'tenant', $1::text, $4, $5, $6)`,
        [tenantId, seq, row.occurredAt, JSON.stringify(row.details), prevHash, hash],
      );
      prevHash = hash;
    }
    await query('insert into audit_heads values ($1, 3, $2)', [tenantId, prevHash]);
    // Three reads without MACs; the first two sealed as the old sweep did, the third still pending.
    const residentId = '00000000-0000-4000-8000-000000000001';
    const reads = [];
    for (let i = 0; i < 3; i++) {
      const [read] = await query<{ seq: string; occurred_us: string }>(
        `insert into access_log (tenant_id, occurred_at, actor_kind, actor_id, resident_id, fields, purpose, operation)
         values ($1, now(), 'user', 'old', $2, '{person.name}', '旧', 'read')
         returning seq, (extract(epoch from occurred_at) * 1000000)::bigint::text as occurred_us`,
        [tenantId, residentId],
      );
      reads.push({ seq: Number(read?.seq), occurredUs: read?.occurred_us });
    }
    const rowHashes = reads.slice(0, 2).map((read) =>
      oldHash({
        tenantId,
        seq: read.seq,
        occurredUs: read.occurredUs,
        actorKind: 'user',
        actorId: 'old',
        departmentId: null,
        residentId,
        fields: ['person.name'],
        purpose: '旧',
        unmaskedIdNumber: false,
        operation: 'read',
      }),
    );
    const seal = {
      tenantId,
      seq: 1,
      sealedAt: new Date().toISOString(),
      rowCount: 2,
      rowsHash: sha256Hex(rowHashes.join('\n')),
      prevHash: sha256Hex(`shequ-access-log-genesis:${tenantId}`),
    };
    await query('insert into access_log_seals values ($1, 1, $2, 2, $3, $4, $5)', [
      tenantId,
      seal.sealedAt,
      seal.rowsHash,
      seal.prevHash,
      oldHash(seal),
    ]);
    for (const [i, read] of reads.slice(0, 2).entries())
      await query('insert into access_log_sealed values ($1, $2, 1, $3)', [tenantId, read.seq, rowHashes[i]]);

    // The switch-over: migration 0017_log_key_and_checkpoints (and any after it), then the app with its key.
    await migratePglite(handle.client);
    const db = bindLogKey(handle.db, testLogKey());
    expect(await query('select audit_through, seals_through, reads_through from log_legacy_ends')).toEqual([
      { audit_through: 3, seals_through: 1, reads_through: reads[2]?.seq },
    ]);
    expect(await verifyAuditChain(db, tenantId)).toMatchObject({ ok: true, events: 3 });
    expect(await verifyAccessLog(db, tenantId, new Date())).toMatchObject({
      ok: true,
      seals: 1,
      pendingRows: 1,
    });

    // What follows is keyed: an event, a read; the first keyed seal also takes the pending old read.
    await withTenant({ db, tenantId }, async (tx) => {
      await appendAudit(
        tx,
        tenantId,
        {
          actor: { kind: 'system', id: 'new' },
          action: 'new.action',
          targetType: 'tenant',
          targetId: tenantId,
        },
        new Date(),
      );
      await logAccess(
        tx,
        tenantId,
        {
          actor: { kind: 'platform', id: 'new' },
          residentId,
          fields: ['person.name'],
          purpose: '新',
          unmaskedIdNumber: false,
          operation: 'verify',
        },
        new Date(),
      );
    });
    expect((await sealAccessLog(db, tenantId, new Date())).rows).toBe(2);
    expect(await verifyAuditChain(db, tenantId)).toMatchObject({ ok: true, events: 4 });
    expect(await verifyAccessLog(db, tenantId, new Date())).toMatchObject({
      ok: true,
      seals: 2,
      sealedRows: 4,
      pendingRows: 0,
    });

    // An old event edited and the old chain recomputed with SHA-256: the first keyed event, whose
    // MAC covers the old head's hash, no longer follows.
    let previous = sha256Hex(`shequ-audit-genesis:${tenantId}`);
    const old = await query<Record<string, unknown>>(
      'select * from audit_events where tenant_id = $1 and seq <= 3 order by seq',
      [tenantId],
    );
    for (const row of old) {
      const details = Number(row.seq) === 2 ? { n: 'forged' } : row.details;
      const hash = oldHash({
        tenantId,
        seq: Number(row.seq),
        occurredAt: new Date(row.occurred_at as string | Date).toISOString(),
        actorKind: row.actor_kind,
        actorId: row.actor_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details,
        prevHash: previous,
      });
      await query(
        'update audit_events set details = $3, prev_hash = $4, hash = $5 where tenant_id = $1 and seq = $2',
        [tenantId, row.seq, JSON.stringify(details), previous, hash],
      );
      previous = hash;
    }
    expect((await verifyAuditChain(db, tenantId)).problems).toEqual([
      { seq: 4, code: 'audit.chain_broken', problem: 'does not follow the previous event' },
    ]);
  });
});
