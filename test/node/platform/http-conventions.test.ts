import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CSP } from '../../../functions/platform/http-headers';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/** HTTP as clients expect it: 405 with Allow, ETags on public answers, CSP on pages, HSTS only over HTTPS. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

describe('HTTP as clients expect it', () => {
  it('answers a wrong method on a known path with 405, the methods it takes in Allow, and writes nothing', async () => {
    const before = await snapshotStore(db);
    const response = await api.app.request(`/v1/t/${city.slug}/org-units`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect((await body<ErrorBody>(response)).error.code).toBe('route.method_not_allowed');
    expect(await snapshotStore(db)).toEqual(before);
    // An unknown path is still 404.
    expect((await api.app.request('/v1/no-such-thing', { method: 'DELETE' })).status).toBe(404);
  });

  it('gives public answers an ETag and answers 304 to a client that holds the same one', async () => {
    for (const path of [
      `/t/${city.slug}`,
      `/t/${city.slug}/api/v2/summary.json`,
      `/t/${city.slug}/status/feed.rss`,
    ]) {
      const first = await api.app.request(path);
      expect(first.status, path).toBe(200);
      const tag = first.headers.get('etag');
      expect(tag, path).toBeTruthy();
      const again = await api.app.request(path, { headers: { 'if-none-match': tag as string } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      const stale = await api.app.request(path, { headers: { 'if-none-match': '"not-this-one"' } });
      expect(stale.status, path).toBe(200);
    }
  });

  it('sends a Content-Security-Policy with every HTML page and none that allows inline script', async () => {
    for (const path of [`/t/${city.slug}`, `/t/${city.slug}/status`, '/admin/sign-in', '/no-such-page']) {
      const response = await api.app.request(path, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy'), path).toBe(PAGE_CSP);
    }
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('sends HSTS only over HTTPS, and without includeSubDomains', async () => {
    const plain = await api.app.request(`http://localhost/t/${city.slug}`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const secure = await api.app.request(`https://guiyang.example.org/t/${city.slug}`);
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=15552000');
  });
});
