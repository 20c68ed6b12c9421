import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, type OrgUnitsPage, body as read, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity, uniqueSlug } from '../../support/fixtures';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

async function expectRefused(doc: unknown, status: number, code: string, paths: string[]) {
  const before = await snapshotStore(db);
  const response = await api.post('/v1/tenants', doc);
  const body = (await response.json()) as ErrorBody;
  expect(response.status).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBeTruthy();
  for (const path of paths) expect(body.error.details?.map((d) => d.path)).toContain(path);
  expect(await snapshotStore(db)).toEqual(before);
  return body;
}

describe('onboarding a city', () => {
  it('creates the tenant, its tree and its reform, and answers the structure as of any date', async () => {
    const doc = smallCity();
    const response = await api.post('/v1/tenants', doc);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      created: true,
      tenant: { slug: doc.tenant.slug },
      units: 10,
      reforms: 1,
    });

    const before = await read<OrgUnitsPage>(
      await api.get(`/v1/t/${doc.tenant.slug}/org-units?asOf=2009-12-31`),
    );
    expect(before.counts).toEqual({ city: 1, district: 2, street: 3 });
    const after = await read<OrgUnitsPage>(
      await api.get(`/v1/t/${doc.tenant.slug}/org-units?asOf=2010-02-01`),
    );
    expect(after.counts).toEqual({ city: 1, district: 2, community: 4 });
    expect(after.items.map((unit) => unit.code)).toContain('east-c3');
  });

  it('records the first city administrator with a city-wide role', async () => {
    const doc = smallCity();
    await api.post('/v1/tenants', doc);
    const rows = await db.query<{ email: string; role: string; level: string }>(
      `select u.email, g.role, o.level from users u join role_grants g on g.user_id = u.id
         join org_units o on o.id = g.org_unit_id join tenants t on t.id = u.tenant_id where t.slug = $1`,
      [doc.tenant.slug],
    );
    expect(rows).toEqual([{ email: doc.administrator.email, role: 'city_administrator', level: 'city' }]);
  });

  it('is idempotent: the same document twice changes nothing', async () => {
    const doc = smallCity();
    expect((await api.post('/v1/tenants', doc)).status).toBe(201);
    const before = await snapshotStore(db);
    const again = await api.post('/v1/tenants', doc);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, tenant: { slug: doc.tenant.slug } });
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('needs the platform administrator', async () => {
    const before = await snapshotStore(db);
    expect((await api.post('/v1/tenants', smallCity(), { token: null })).status).toBe(401);
    const wrong = await api.post('/v1/tenants', smallCity(), { token: 'not-the-platform-token-at-all-xxxx' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).error.code).toBe('auth.unknown_token');
    expect(await snapshotStore(db)).toEqual(before);
  });
});

describe('bad onboarding input is refused whole, naming the fields', () => {
  it('refuses a custom structure that breaks the schema, with the path of every bad field', async () => {
    const doc = {
      ...smallCity(),
      template: 'custom',
      structure: {
        name: { zh: '自定义' },
        levels: [{ key: 'city', name: { zh: '市', en: 'City' }, parents: ['planet'] }],
      },
    };
    await expectRefused(doc, 422, 'onboarding.invalid', [
      'structure.name.en',
      'structure.levels',
      'structure.levels.0.parents.0',
      'structure.bodies',
    ]);
  });

  it('refuses an unknown template', async () => {
    await expectRefused({ ...smallCity(), template: 'atlantis' }, 400, 'request.invalid', ['template']);
  });

  it('refuses a different document under a taken slug', async () => {
    const doc = smallCity();
    expect((await api.post('/v1/tenants', doc)).status).toBe(201);
    const changed = { ...doc, tenant: { ...doc.tenant, name: { zh: '另一个城市', en: 'Another city' } } };
    await expectRefused(changed, 422, 'tenant.slug_taken', ['tenant.slug']);
  });

  it('refuses a unit whose parent is of the wrong level', async () => {
    const doc = smallCity();
    doc.units.push({
      code: 'stray',
      level: 'community',
      parent: 'east-s1',
      name: { zh: '错层社区', en: 'Misplaced' },
    });
    const body = await expectRefused(doc, 422, 'onboarding.invalid', ['units.6.parent']);
    expect(body.error.details?.[0]?.message).toMatch(/cannot sit under a street/);
  });

  it('refuses a reform that closes a unit another reform already closed', async () => {
    const doc = smallCity();
    doc.reforms = [
      ...(doc.reforms ?? []),
      {
        code: 'again',
        effectiveOn: '2012-01-01',
        title: { zh: '再次撤销', en: 'Abolished again' },
        closes: ['east-s1'],
      },
    ];
    const body = await expectRefused(doc, 422, 'onboarding.invalid', ['reforms.1.closes.0']);
    expect(body.error.details?.[0]?.message).toMatch(/already closed on 2010-02-01/);
  });

  it('refuses the same unit listed twice in one reform', async () => {
    const doc = smallCity();
    const reform = doc.reforms?.[0];
    if (!reform?.closes) throw new Error('fixture changed');
    reform.closes.push('east-s2');
    await expectRefused(doc, 422, 'onboarding.invalid', ['reforms.0.closes.3']);
  });

  it('refuses malformed fields with 400 and every path', async () => {
    const doc = {
      ...smallCity(uniqueSlug()),
      tenant: { slug: 'Bad Slug!', name: { zh: '' }, timezone: 'Mars/Olympus' },
    };
    await expectRefused(doc, 400, 'request.invalid', [
      'tenant.slug',
      'tenant.name.zh',
      'tenant.name.en',
      'tenant.timezone',
    ]);
  });

  it('refuses a body that is not JSON with 400, not 500', async () => {
    const response = await api.app.request('/v1/tenants', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer test-platform-token-0123456789abcdef',
      },
      body: '{"tenant": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('request.invalid');
  });
});

describe('custom structures', () => {
  it('refuses levels whose parents loop, so no tree can cycle', async () => {
    const doc = smallCity();
    const structure = {
      name: { zh: '自定义', en: 'Custom' },
      summary: { zh: '测试', en: 'Test' },
      levels: [
        { key: 'city', name: { zh: '市', en: 'City' }, parents: [] },
        { key: 'district', name: { zh: '区', en: 'District' }, parents: ['city', 'community'] },
        { key: 'community', name: { zh: '社区', en: 'Community' }, parents: ['district'] },
      ],
      bodies: [{ key: 'party', kind: 'party', name: { zh: '党委', en: 'Party committee' } }],
      deliberation: { mechanism: 'proposal_and_vote', name: { zh: '提案', en: 'Proposals' } },
      admission: {
        steps: [
          { key: 'apply', actor: { zh: '部门', en: 'Department' }, action: { zh: '申请', en: 'Apply' } },
        ],
      },
      departments: [{ key: 'civil_affairs', name: { zh: '民政', en: 'Civil affairs' } }],
    };
    await expectRefused({ ...doc, template: 'custom', structure }, 422, 'onboarding.invalid', [
      'structure.levels.1.parents',
      'structure.levels.2.parents',
    ]);
  });

  it('accepts a template with a part replaced', async () => {
    const doc = smallCity();
    const response = await api.post('/v1/tenants', {
      ...doc,
      structure: {
        deliberation: { mechanism: 'proposal_and_vote', name: { zh: '提案制', en: 'Proposals' } },
      },
    });
    expect(response.status).toBe(201);
    const detail = await read<{ structure: { deliberation: { mechanism: string }; bodies: unknown[] } }>(
      await api.get(`/v1/tenants/${doc.tenant.slug}`),
    );
    expect(detail.structure.deliberation.mechanism).toBe('proposal_and_vote');
    expect(detail.structure.bodies.length).toBeGreaterThan(0);
  });
});
