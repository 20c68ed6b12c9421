import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../functions/audit/audit.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { verifyAllTenants } from '../../../scripts/audit-verify';
import { body, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

async function cityWithHistory(): Promise<TenantRow> {
  const tenant = await cityWithGrids(db.db);
  await person(db.db, tenant, 'community_staff', 'east-c1');
  await person(db.db, tenant, 'grid_worker', 'east-c1-g1');
  return tenant;
}

describe('the audit trail', () => {
  it('records each administrative action in a verified chain', async () => {
    const tenant = await cityWithHistory();
    const actions = await db.query<{ action: string }>(
      'select action from audit_events where tenant_id = $1 order by seq',
      [tenant.id],
    );
    expect(actions.map((row) => row.action)).toEqual([
      'tenant.onboard',
      'org_unit.create',
      'org_unit.create',
      'org_unit.create',
      'user.create',
      'user.create',
    ]);
    expect(await verifyAuditChain(db.db, tenant.id)).toMatchObject({ ok: true, events: 6, problems: [] });
  });

  it('detects an edited event', async () => {
    const tenant = await cityWithHistory();
    await db.query(
      `update audit_events set details = '{"email":"someone.else@example.org"}' where tenant_id = $1 and seq = 5`,
      [tenant.id],
    );
    const result = await verifyAuditChain(db.db, tenant.id);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({
      seq: 5,
      code: 'audit.contents_changed',
      problem: 'contents changed after it was written',
    });
    const cli = (await verifyAllTenants(db.db)).find((entry) => entry.slug === tenant.slug);
    expect(cli?.ok).toBe(false);
  });

  it('detects a deleted event in the middle and at the end', async () => {
    const middle = await cityWithHistory();
    await db.query('delete from audit_events where tenant_id = $1 and seq = 3', [middle.id]);
    const gap = await verifyAuditChain(db.db, middle.id);
    expect(gap.ok).toBe(false);
    expect(gap.problems.map((p) => p.problem)).toContain('missing event(s) 3–3');

    const end = await cityWithHistory();
    await db.query('delete from audit_events where tenant_id = $1 and seq = 6', [end.id]);
    const tail = await verifyAuditChain(db.db, end.id);
    expect(tail.ok).toBe(false);
    expect(tail.problems.map((p) => p.problem)).toContain('the latest event(s) were removed');
  });

  it('is append-only for the application role', async () => {
    const tenant = await cityWithHistory();
    const attempt = (statement: string) =>
      db.db.transaction(async (tx) => {
        await tx.execute(
          `select set_config('role', 'shequ_app', true), set_config('app.tenant_id', '${tenant.id}', true)`,
        );
        await tx.execute(statement);
      });
    await expect(
      attempt(`update audit_events set action = 'x' where tenant_id = '${tenant.id}'`),
    ).rejects.toSatisfy((error: Error) =>
      /permission denied/.test(`${error.message} ${String(error.cause)}`),
    );
    await expect(attempt(`delete from audit_events where tenant_id = '${tenant.id}'`)).rejects.toSatisfy(
      (error: Error) => /permission denied/.test(`${error.message} ${String(error.cause)}`),
    );
    expect((await verifyAuditChain(db.db, tenant.id)).ok).toBe(true);
  });

  it('is verifiable by an auditor through the API', async () => {
    const tenant = await cityWithHistory();
    const { email } = await person(db.db, tenant, 'auditor', 'city');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const ok = await body<{ ok: boolean; events: number }>(
      await api.send('GET', `/v1/t/${tenant.slug}/audit-events/verify`, { token }),
    );
    expect(ok).toMatchObject({ ok: true });
    await db.query('update audit_events set actor_id = $2 where tenant_id = $1 and seq = 2', [
      tenant.id,
      'forged',
    ]);
    const broken = await body<{ ok: boolean }>(
      await api.send('GET', `/v1/t/${tenant.slug}/audit-events/verify`, { token }),
    );
    expect(broken.ok).toBe(false);
  });
});
