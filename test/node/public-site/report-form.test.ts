import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids } from '../../support/identity';
import { snapshotStore as snapshot } from '../../support/snapshot';

/**
 * The report form on the city's site, as a browser without script uses it: a plain multipart POST.
 * Refusals come back as the same form with each field named by its code, in the page's language,
 * keeping what was typed, and write nothing; the answer gives the request's number and a tracking
 * link; a photo is kept but shown publicly only once staff publish it; similar open reports in the
 * same grid are pointed out; the tracking page and its RSS/Atom feeds read in plain words.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const MARKER = 'marker-contact-13900139000';
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

function form(fields: Record<string, string>, photo?: { bytes: Uint8Array; type: string }) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  if (photo) data.set('photo', new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: photo.type }), 'p');
  return data;
}
const post = (path: string, data: FormData) => api.app.request(path, { method: 'POST', body: data });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

const good = {
  service_code: 'city_operation',
  address_id: 'east-c1-g1',
  address_string: '3 号楼东侧',
  description: '消防通道被私家车堵塞',
  contact: MARKER,
};

describe('the report form', () => {
  it('shows the public categories and the communities and grids, in zh-CN and English', async () => {
    const zh = await (await api.get(`/t/${city.slug}/report`)).text();
    expect(zh).toContain('我要反映问题');
    expect(zh).toContain('value="city_operation"');
    expect(zh).not.toContain('value="public_order"');
    expect(zh).toContain('value="east-c1-g1"');
    expect(zh).toContain('enctype="multipart/form-data"');
    const en = await (await api.get(`/t/${city.slug}/report?lang=en`)).text();
    expect(en).toContain('Report a problem');
    expect(en).toContain(`action="/t/${city.slug}/report?lang=en"`);
  });

  it('refuses by field code in the page’s language, keeps what was typed, writes nothing', async () => {
    const before = await snapshot(db);
    const missing = await post(
      `/t/${city.slug}/report`,
      form({ ...good, description: '', address_id: '', lat: '999' }),
    );
    expect(missing.status).toBe(400);
    const page = await missing.text();
    for (const field of ['description', 'address_id', 'lat']) expect(page).toContain(`data-field="${field}"`);
    expect(page).toContain('请描述问题');
    expect(page).toContain('value="3 号楼东侧"');
    expect(page).toContain('<option value="city_operation" selected="">');
    // The summary names each field by its label, linked to it — not by its code ("`lat` 坐标不在有效范围").
    expect(page).toContain('<a href="#lat">纬度</a> 不是有效的坐标');
    expect(page).not.toContain('<code>lat</code>');
    // A coordinate that is not a number is named together with the rest, not on a second round.
    const garbled = await (
      await post(`/t/${city.slug}/report`, form({ ...good, description: '', address_id: '', long: 'abc' }))
    ).text();
    for (const field of ['description', 'address_id', 'long'])
      expect(garbled).toContain(`data-field="${field}"`);
    const en = await post(`/t/${city.slug}/report?lang=en`, form({ ...good, description: ' ' }));
    expect(await en.text()).toContain('describe the problem');
    const badPhoto = await post(`/t/${city.slug}/report`, form(good, { bytes: PNG, type: 'image/jpeg' }));
    expect(badPhoto.status).toBe(415);
    expect(await badPhoto.text()).toContain('data-field="photo"');
    expect(await snapshot(db)).toEqual(before);
  });

  it('answers a number and a tracking link; the photo stays private until published', async () => {
    const response = await post(`/t/${city.slug}/report`, form(good, { bytes: PNG, type: 'image/png' }));
    expect(response.status).toBe(201);
    const page = await response.text();
    const number = /data-request-id="(\d{4}-\d{6})"/.exec(page)?.[1] ?? '';
    expect(number).not.toBe('');
    const link = /href="([^"]*\/requests\/[^"]*token=[a-z2-7]+)"/.exec(page)?.[1] ?? '';
    expect(link).toContain(`/t/${city.slug}/requests/${number}?token=`);
    expect(page).not.toContain('data-similar');
    const tracking = await (await api.get(`/t/${city.slug}/requests/${number}`)).text();
    expect(tracking).toContain('已接收');
    expect(tracking).toContain('消防通道被私家车堵塞');
    expect(tracking).not.toContain('<img');
    expect(tracking).not.toContain(MARKER);
    const [photo] = await db.query<{ id: string; published_at: Date | null; uploaded_by: string }>(
      'select id, published_at, uploaded_by from case_photos',
    );
    expect(photo?.published_at).toBeNull();
    expect(photo?.uploaded_by).toMatch(/^resident:/);
    expect((await api.get(`/t/${city.slug}/requests/${number}/photos/${photo?.id}`)).status).toBe(404);
    await db.query('update case_photos set published_at = now()');
    const published = await (await api.get(`/t/${city.slug}/requests/${number}`)).text();
    expect(published).toContain(`/requests/${number}/photos/${photo?.id}`);
    const bytes = await api.get(`/t/${city.slug}/requests/${number}/photos/${photo?.id}`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('image/png');
  });

  it('points out similar open reports in the same grid', async () => {
    let page = '';
    for (let n = 0; n < 3; n++) {
      const response = await post(`/t/${city.slug}/report`, form({ ...good, description: `又堵了 ${n}` }));
      expect(response.status).toBe(201);
      page = await response.text();
    }
    expect(page).toContain('data-similar="3"');
    expect(page).toContain('同一地点已有 3 件类似的诉求正在办理');
  });

  it('tracks in RSS and Atom that a feed parser reads, with no personal data', async () => {
    const [row] = await db.query<{ number: string }>(
      'select c.number from cases c join resident_requests r on r.case_id = c.id order by c.number limit 1',
    );
    const number = row?.number ?? '';
    for (const kind of ['rss', 'atom']) {
      const response = await api.get(`/t/${city.slug}/requests/${number}/feed.${kind}?lang=en`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(MARKER);
      const feed = parseFeed(text);
      expect(feed.title).toContain(number);
      expect(feed.items.map((item) => item.title)).toContain('Received');
    }
    expect((await api.get(`/t/${city.slug}/requests/2026-999999`)).status).toBe(404);
    expect((await api.get(`/t/${city.slug}/requests/x`)).status).toBe(404);
    expect((await api.get(`/t/nowhere/requests/${number}`)).status).toBe(404);
  });
  it('writes the tracking link out to be kept, and its language link keeps the token (the 2026-12-07 review)', async () => {
    const page = await (
      await post(`/t/${city.slug}/report`, form({ ...good, description: '路灯不亮' }))
    ).text();
    const number = /data-request-id="(\d{4}-\d{6})"/.exec(page)?.[1] ?? '';
    const link = /href="([^"]*\/requests\/[^"]*token=[a-z2-7]+)"/.exec(page)?.[1] ?? '';
    // The link was only the words "查看办理进度": the token a resident must keep was in the href alone.
    const written = /data-tracking-url[^>]*>([^<]*)<\/code>/.exec(page)?.[1] ?? '';
    expect(written).toMatch(/^https?:\/\/[^/]+\/t\//);
    expect(written.replaceAll('&amp;', '&')).toContain(link.replaceAll('&amp;', '&'));
    const token = /token=([a-z2-7]+)/.exec(link)?.[1] ?? '';
    // "English" went back to an empty form; it now opens the tracking page with the token.
    expect(page).toContain(`href="/t/${city.slug}/requests/${number}?token=${token}&amp;lang=en"`);
    const tracking = await (await api.get(`/t/${city.slug}/requests/${number}?token=${token}`)).text();
    expect(tracking).toContain(`?token=${token}&amp;lang=en`);
  });
});
