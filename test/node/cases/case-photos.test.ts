import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, person, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * Evidence: photos on collection (and later stages) are checked by their bytes and size before
 * anything is kept, served only to those who may read the case, never cached by a shared cache,
 * and published for public views only by a case manager.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let other: TenantRow;
const tokens = { grid: '', westGrid: '', community: '', stranger: '' };
let caseId = '';
let photoId = '';

const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0xff, 0xd9,
]);
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

const upload = (token: string, bytes: Uint8Array<ArrayBuffer>, type: string, id = caseId) =>
  api.get(`/v1/t/${city.slug}/cases/${id}/photos`, {
    method: 'POST',
    body: bytes,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
  });
const fetchPhoto = (token: string, slug = city.slug) =>
  api.get(`/v1/t/${slug}/cases/${caseId}/photos/${photoId}`, {
    headers: { authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  other = await cityWithGrids(db.db);
  for (const [name, tenant, role, unit] of [
    ['grid', city, 'grid_worker', 'east-c1-g1'],
    ['westGrid', city, 'grid_worker', 'west-c1-g1'],
    ['community', city, 'community_staff', 'east-c1'],
    ['stranger', other, 'community_staff', 'east-c1'],
  ] as const) {
    const who = await person(db.db, tenant, role, unit);
    tokens[name] = await signedIn(api, tenant.slug, who.email, who.password);
  }
  const categories = await body<{ items: { id: string; code: string }[] }>(
    await api.get(`/v1/t/${city.slug}/case-categories`, {
      headers: { authorization: `Bearer ${tokens.grid}` },
    }),
  );
  const created = await api.send('POST', `/v1/t/${city.slug}/cases`, {
    token: tokens.grid,
    json: {
      categoryId: categories.items.find((item) => item.code === 'city_operation')?.id,
      orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
      title: '路灯倒伏',
    },
  });
  caseId = (await body<{ id: string }>(created)).id;
});
afterAll(async () => db.close());

describe('case photos', () => {
  it('are refused for a type their bytes do not match, or past 5 MB, writing nothing', async () => {
    const before = await snapshotStore(db);
    const disguised = await upload(tokens.grid, PNG, 'image/jpeg');
    expect(disguised.status).toBe(415);
    expect((await body<ErrorBody>(disguised)).error.code).toBe('photo.type');
    expect(
      (await upload(tokens.grid, new TextEncoder().encode('<svg onload=alert(1)>'), 'image/svg+xml')).status,
    ).toBe(415);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(JPEG);
    const tooLarge = await upload(tokens.grid, big, 'image/jpeg');
    expect(tooLarge.status).toBe(413);
    expect((await body<ErrorBody>(tooLarge)).error.code).toBe('photo.too_large');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('are added at collection by the collector and served only to who may read the case', async () => {
    expect((await upload(tokens.westGrid, JPEG, 'image/jpeg')).status).toBe(404);
    const stored = await upload(tokens.grid, JPEG, 'image/jpeg');
    expect(stored.status).toBe(201);
    const photo = await body<{ id: string; stage: string; bytes: number; published: boolean }>(stored);
    expect(photo).toMatchObject({ stage: 'collection', bytes: JPEG.byteLength, published: false });
    photoId = photo.id;
    const served = await fetchPhoto(tokens.community);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(JPEG);
    expect((await fetchPhoto(tokens.westGrid)).status).toBe(404);
    expect([403, 404]).toContain((await fetchPhoto(tokens.stranger)).status);
    expect((await fetchPhoto(tokens.stranger, other.slug)).status).toBe(404);
    const read = await body<{ photos: { id: string }[] }>(
      await api.get(`/v1/t/${city.slug}/cases/${caseId}`, {
        headers: { authorization: `Bearer ${tokens.grid}` },
      }),
    );
    expect(read.photos.map((item) => item.id)).toEqual([photoId]);
  });

  it('are published for public views by a case manager only', async () => {
    const path = `/v1/t/${city.slug}/cases/${caseId}/photos/${photoId}/publish`;
    expect((await api.send('POST', path, { token: tokens.grid })).status).toBe(403);
    const published = await api.send('POST', path, { token: tokens.community });
    expect(published.status).toBe(200);
    expect(await body<{ published: boolean }>(published)).toMatchObject({ published: true });
  });
});
