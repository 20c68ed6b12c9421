import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { body, type ErrorBody, type OrgUnitsPage, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

async function newCity() {
  const doc = smallCity();
  await onboardTenant({ db: db.db }, doc);
  return doc.tenant.slug;
}

const merger = {
  code: 'merge-2015',
  effectiveOn: '2015-07-15',
  title: { zh: '社区合并', en: 'Communities merged' },
  closes: ['east-c1', 'east-c2'],
  opens: [
    { code: 'east-c12', level: 'community', parent: 'east', name: { zh: '东合并社区', en: 'East merged' } },
  ],
  lineage: [
    { from: 'east-c1', to: 'east-c12' },
    { from: 'east-c2', to: 'east-c12' },
  ],
};

describe('a reform applied through the API', () => {
  it('closes and opens units atomically and records lineage', async () => {
    const slug = await newCity();
    const response = await api.post(`/v1/t/${slug}/reforms`, merger);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      code: 'merge-2015',
      closed: { community: 2 },
      opened: { community: 1 },
    });

    const eve = await body<OrgUnitsPage>(
      await api.get(`/v1/t/${slug}/org-units?asOf=2015-07-14&level=community`),
    );
    expect(eve.items.map((unit) => unit.code)).toEqual(['east-c1', 'east-c2', 'east-c3', 'west-c1']);
    const day = await body<OrgUnitsPage>(
      await api.get(`/v1/t/${slug}/org-units?asOf=2015-07-15&level=community`),
    );
    expect(day.items.map((unit) => unit.code)).toEqual(['east-c12', 'east-c3', 'west-c1']);

    const merged = day.items.find((unit) => unit.code === 'east-c12');
    const detail = await body<{ predecessors: { code: string }[]; parent: { code: string } }>(
      await api.get(`/v1/t/${slug}/org-units/${merged?.id}`),
    );
    expect(detail.parent.code).toBe('east');
    expect(detail.predecessors.map((p) => p.code).sort()).toEqual(['east-c1', 'east-c2']);
  });

  it('lists reforms oldest first with what each closed and opened', async () => {
    const slug = await newCity();
    await api.post(`/v1/t/${slug}/reforms`, merger);
    const list = await body<{
      items: { code: string; closed: Record<string, number>; opened: Record<string, number> }[];
    }>(await api.get(`/v1/t/${slug}/reforms`));
    expect(list.items).toMatchObject([
      { code: 'reform-2010', closed: { street: 3 }, opened: { community: 4 } },
      { code: 'merge-2015', closed: { community: 2 }, opened: { community: 1 } },
    ]);
  });

  it.each([
    [
      'a unit closed twice',
      { ...merger, closes: ['east-c1', 'east-s1'], lineage: [{ from: 'east-c1', to: 'east-c12' }] },
      ['closes.1'],
      'reform.invalid',
    ],
    [
      'an unknown unit',
      { ...merger, closes: ['east-c1', 'nowhere'] },
      ['closes.1', 'lineage.1.from'],
      'reform.unit_unknown',
    ],
    [
      'a new unit under a closed parent',
      {
        ...merger,
        opens: [{ code: 'x', level: 'community', parent: 'east-c1', name: { zh: '错', en: 'Wrong' } }],
        lineage: [{ from: 'east-c1', to: 'x' }],
      },
      ['opens.0.parent'],
      'reform.invalid',
    ],
    [
      'a new unit under a parent code the city does not have',
      {
        ...merger,
        opens: [{ code: 'x', level: 'community', parent: 'eest', name: { zh: '错', en: 'Wrong' } }],
        lineage: [
          { from: 'east-c1', to: 'x' },
          { from: 'east-c2', to: 'x' },
        ],
      },
      ['opens.0.parent'],
      'reform.parent_unknown',
    ],
    [
      'a district closed with its communities left open',
      { ...merger, closes: ['west'], opens: [], lineage: [] },
      ['closes.0'],
      'reform.invalid',
    ],
    ['a new unit without a predecessor', { ...merger, lineage: [] }, ['opens.0'], 'reform.invalid'],
    [
      'a unit of an abolished level',
      { ...merger, opens: [{ ...merger.opens[0], level: 'street' }] },
      ['opens.0.level'],
      'reform.invalid',
    ],
  ])('refuses %s, naming the field, and changes nothing', async (_name, reform, paths, code) => {
    const slug = await newCity();
    const before = await snapshotStore(db);
    const response = await api.post(`/v1/t/${slug}/reforms`, reform);
    expect(response.status).toBe(422);
    const error = (await body<ErrorBody>(response)).error;
    expect(error.code).toBe(code);
    expect(error.details?.map((detail) => detail.path)).toEqual(expect.arrayContaining(paths));
    // The message names where the problem is, not only that there is one.
    expect(error.message).toContain(paths[0]);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('names an unknown parent of a new unit as such, not as a reform', async () => {
    const slug = await newCity();
    const before = await snapshotStore(db);
    const response = await api.post(`/v1/t/${slug}/org-units`, {
      code: 'east-c9',
      level: 'community',
      parent: 'eest',
      name: { zh: '新社区', en: 'New community' },
    });
    expect(response.status).toBe(422);
    const error = (await body<ErrorBody>(response)).error;
    expect(error).toMatchObject({ code: 'org_unit.parent_not_found', params: { code: 'eest' } });
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'parent', code: 'org_unit.parent_unknown' }),
    ]);
    expect(error.message).not.toMatch(/reform/i);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('refuses a reform without the platform token, and one for an unknown city', async () => {
    const slug = await newCity();
    expect((await api.post(`/v1/t/${slug}/reforms`, merger, { token: null })).status).toBe(401);
    expect((await api.post('/v1/t/atlantis/reforms', merger)).status).toBe(404);
  });
});
