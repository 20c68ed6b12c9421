import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant, withTransaction } from '../../../functions/platform/db';
import { findTenantBySlug, type TenantRow } from '../../../functions/platform/tenancy';
import { publicCity } from '../../../functions/public-site/public-city';
import { seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';

/**
 * A cached public page costs about what `/healthz` costs (issue 17): a hit asks the database one
 * small statement — the city's id, its row's version stamp and the public-site version — and never
 * reads the tenant row with its structure document; the ETag is worked out once, when the page is
 * rendered. The tenant row kept in memory is read again as soon as the row changes. Hits at the same
 * time share the version statement, each from one that started after it arrived.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = (await onboardTenant({ db: db.db }, smallCity())).tenant;
  await withTenant({ db: db.db, tenantId: city.id }, (tx) => seedPublicSite(tx, city, new Date()));
});
afterAll(async () => db.close());

describe('a page-cache hit', () => {
  it('sends one statement, which reads no tenant row, and keeps the ETag of the rendered page', async () => {
    const first = await api.get(`/t/${city.slug}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    await api.get(`/t/${city.slug}`);

    const recording = db.record();
    const hit = await api.get(`/t/${city.slug}`);
    const statements = recording.stop();
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('etag')).toBe(etag);
    // Before: the whole tenant row (its structure document among it) was read on every hit.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('public_site_versions');
    expect(statements[0]).not.toContain('"structure"');
    expect(statements[0]).not.toContain('"settings"');

    const unchanged = await api.get(`/t/${city.slug}`, { headers: { 'if-none-match': etag ?? '' } });
    expect(unchanged.status).toBe(304);
  });

  it('hits at once share version statements, and a request after a change sees it even with a read in flight', async () => {
    await api.get(`/t/${city.slug}`);
    const recording = db.record();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.get(`/t/${city.slug}`)));
    const statements = recording.stop();
    expect(answers.map((answer) => answer.headers.get('x-cache'))).toEqual(Array(20).fill('HIT'));
    // One statement for the first, one shared by those that came while it ran (Coalescer).
    expect(statements.length).toBeLessThan(20);
    expect(statements.length).toBeGreaterThanOrEqual(1);
    const inFlight = api.get(`/t/${city.slug}`);
    await db.query('update public_site_versions set version = version + 1 where tenant_id = $1', [city.id]);
    // Started after the change committed: never answered from the read in flight before it.
    expect((await api.get(`/t/${city.slug}`)).headers.get('x-cache')).toBe('MISS');
    expect((await inFlight).status).toBe(200);
  });

  it('sees a change to the tenant row at once (the kept row is keyed by the row version)', async () => {
    const before = await publicCity(db.db, { slug: city.slug });
    expect(before?.tenant.nameZh).toBe(city.nameZh);
    await db.query('update tenants set name_zh = $1 where id = $2', ['改名后的城市', city.id]);
    const after = await publicCity(db.db, { slug: city.slug });
    expect(after?.tenant.nameZh).toBe('改名后的城市');
    expect(await publicCity(db.db, { slug: 'no-such-city' })).toBeUndefined();
  });

  it('never keeps a version the current transaction wrote (a second update keeps the same xmin)', async () => {
    await withTransaction(db.db, async (tx) => {
      await tx.execute(sql`update tenants set name_zh = '第一次' where id = ${city.id}`);
      expect((await findTenantBySlug(tx, city.slug))?.nameZh).toBe('第一次');
      await tx.execute(sql`update tenants set name_zh = '第二次' where id = ${city.id}`);
    });
    expect((await findTenantBySlug(db.db, city.slug))?.nameZh).toBe('第二次');
  });
});
