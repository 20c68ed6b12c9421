import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { registerResident } from '../../../functions/sharing/registry/residents.service';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';

/** Where one permission must not stretch into another (each found in review, each shown here). */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const keys = { civil: '', hrss: '', police: '' };
const east = { id: '', idNumber: idNumberFor('1961-07-01', 701) };
const west = { id: '', idNumber: idNumberFor('1962-08-02', 702) };
const purpose = { 'x-purpose': 'employment_assistance' };

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  east.id = (
    await registerResident(ctx, {
      idNumber: east.idNumber,
      name: '东居民',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    })
  ).id;
  west.id = (
    await registerResident(ctx, {
      idNumber: west.idNumber,
      name: '西居民',
      addressUnitId: await unitId(db.db, city.id, 'west-c1-g1'),
    })
  ).id;
  keys.civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
  keys.hrss = (
    await departmentKey(api, city.slug, 'human_resources_social_security', [
      'residents:read',
      'feed:read',
      'grants:request',
      'residents:write',
    ])
  ).secret;
  keys.police = (await departmentKey(api, city.slug, 'public_security', ['grants:decide'])).secret;
  for (const resident of [east, west]) {
    await api.send('PUT', `/v1/t/${city.slug}/residents/${resident.id}/facets/minimum_income`, {
      token: keys.civil,
      json: { data: { enrolled: true }, sourceSystem: '民政低保系统' },
    });
  }
  const grant = await body<{ id: string }>(
    await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: keys.hrss,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '西区就业援助',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
        orgUnitId: await unitId(db.db, city.id, 'west'),
      },
    }),
  );
  await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
    token: PLATFORM_TOKEN,
    json: { approve: true },
  });
});
afterAll(async () => db.close());

describe('sharing boundaries', () => {
  it('a grant limited to one district shows that district’s changes only, in pulls and in the feed', async () => {
    const pull = async (id: string) =>
      body<{ domains: Record<string, unknown> }>(
        await api.send('GET', `/v1/t/${city.slug}/residents/${id}`, { token: keys.hrss, headers: purpose }),
      );
    expect((await pull(west.id)).domains.minimum_income).toBeDefined();
    expect((await pull(east.id)).domains.minimum_income).toBeUndefined();
    const feed = await body<{ items: { residentId: string; domain: string }[] }>(
      await api.send('GET', `/v1/t/${city.slug}/changes?after=0`, { token: keys.hrss }),
    );
    const income = feed.items
      .filter((item) => item.domain === 'minimum_income')
      .map((item) => item.residentId);
    expect(income).toEqual([west.id]);
  });

  it('the NDJSON stream gives what the pages give — same events, fields and order — and where to go on', async () => {
    const compare = async (token: string) => {
      const pages: unknown[] = [];
      let cursor = 0;
      for (;;) {
        const page = await body<{ items: unknown[]; nextCursor: number }>(
          await api.send('GET', `/v1/t/${city.slug}/changes?after=${cursor}&limit=1`, { token }),
        );
        pages.push(...page.items);
        if (page.nextCursor === cursor) break;
        cursor = page.nextCursor;
      }
      const streamed = await api.send('GET', `/v1/t/${city.slug}/changes/stream?after=0`, { token });
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = (await streamed.text())
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.at(-1)).toEqual({ nextCursor: cursor });
      expect(lines.slice(0, -1)).toEqual(pages);
      expect(pages.length).toBeGreaterThan(0);
      return { lines, cursor };
    };
    // Every field of every resident (filtered in the statement) …
    const all = await compare(PLATFORM_TOKEN);
    expect(all.lines.some((line) => line.residentId === east.id && line.domain === 'minimum_income')).toBe(
      true,
    );
    // … and a grant limited to one district (filtered by each resident's unit).
    const { lines, cursor } = await compare(keys.hrss);
    // The district-limited grant: the east resident's minimum-income change is not in it.
    expect(lines.some((line) => line.residentId === east.id && line.domain === 'minimum_income')).toBe(false);
    // From the end: nothing but the cursor. Without the feed permission: an error answer, not a stream.
    const fromEnd = await api.send('GET', `/v1/t/${city.slug}/changes/stream?after=${cursor}`, {
      token: keys.hrss,
    });
    expect(await fromEnd.text()).toBe(`{"nextCursor":${cursor}}\n`);
    // HEAD reads nothing and answers at once; a reader that stops early cancels the stream.
    const head = await api.send('HEAD', `/v1/t/${city.slug}/changes/stream?after=0`, { token: keys.hrss });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const partial = await api.send('GET', `/v1/t/${city.slug}/changes/stream?after=0`, {
      token: PLATFORM_TOKEN,
    });
    const reader = partial.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    await reader?.cancel();
    const refused = await api.send('GET', `/v1/t/${city.slug}/changes/stream`, { token: keys.police });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/json/);
  });

  it('the access-log row of a pull names exactly the fields answered, cold or warm catalog, whoever asks', async () => {
    const staff = await person(db.db, city, 'community_staff', 'east-c1');
    const staffToken = await signedIn(api, city.slug, staff.email, GOOD_PASSWORD);
    const callers = [
      { token: keys.hrss, ids: [west.id, east.id] }, // a grant limited to the west district
      { token: PLATFORM_TOKEN, ids: [west.id] },
      { token: staffToken, ids: [east.id] }, // staff of the resident's community
    ];
    for (const caller of callers) {
      for (const id of caller.ids) {
        for (let attempt = 0; attempt < 2; attempt++) {
          const response = await api.send('GET', `/v1/t/${city.slug}/residents/${id}`, {
            token: caller.token,
            headers: purpose,
          });
          expect(response.status).toBe(200);
          const answer = await body<{
            person: Record<string, unknown>;
            idNumberMasked: boolean;
            domains: Record<string, { data: Record<string, unknown> }>;
          }>(response);
          const answered = [
            ...Object.keys(answer.person)
              .filter((key) => key !== 'id_number' || !answer.idNumberMasked)
              .map((key) => `person.${key}`),
            ...Object.entries(answer.domains).flatMap(([domain, facet]) =>
              Object.keys(facet.data).map((key) => `${domain}.${key}`),
            ),
          ];
          const [logged] = await db.query<{ fields: string[]; unmasked_id_number: boolean }>(
            'select fields, unmasked_id_number from access_log where resident_id = $1 order by seq desc limit 1',
            [id],
          );
          expect(logged?.fields.toSorted()).toEqual(answered.toSorted());
          expect(logged?.unmasked_id_number).toBe(!answer.idNumberMasked);
        }
      }
    }
    // Staff of another community learn nothing, and no read is logged.
    const other = await person(db.db, city, 'community_staff', 'west-c1');
    const before = await db.query('select seq from access_log where resident_id = $1', [east.id]);
    const refused = await api.send('GET', `/v1/t/${city.slug}/residents/${east.id}`, {
      token: await signedIn(api, city.slug, other.email, GOOD_PASSWORD),
      headers: purpose,
    });
    expect(refused.status).toBe(404);
    expect(await db.query('select seq from access_log where resident_id = $1', [east.id])).toEqual(before);
  });

  it('verification by ID number needs the right to read ID numbers (no guessing the masked digits)', async () => {
    const response = await api.send('POST', `/v1/t/${city.slug}/verifications`, {
      token: keys.hrss,
      headers: purpose,
      json: { idNumber: west.idNumber, livesIn: await unitId(db.db, city.id, 'city') },
    });
    expect(response.status).toBe(403);
    // A refused question names the question, not a search.
    const error = (await body<ErrorBody>(response)).error;
    expect(error.code).toBe('verify.field_not_readable');
    expect(error.message).not.toMatch(/search/i);
  });

  it('community staff find only residents of their own units by search', async () => {
    const token = await signedIn(
      api,
      city.slug,
      (await person(db.db, city, 'grid_worker', 'west-c1-g1')).email,
      GOOD_PASSWORD,
    );
    const search = async (name: string, birthDate: string) =>
      body<{ items: unknown[] }>(
        await api.send(
          'GET',
          `/v1/t/${city.slug}/residents?name=${encodeURIComponent(name)}&birthDate=${birthDate}`,
          { token, headers: purpose },
        ),
      );
    expect((await search('西居民', '1962-08-02')).items).toHaveLength(1);
    expect((await search('东居民', '1961-07-01')).items).toHaveLength(0);
  });

  it('a department that can decide grants cannot revoke another department’s grant on data it does not own', async () => {
    const grants = await body<{ items: { id: string }[] }>(
      await api.send('GET', `/v1/t/${city.slug}/grants`, { token: keys.hrss }),
    );
    const response = await api.send('POST', `/v1/t/${city.slug}/grants/${grants.items[0]?.id}/revoke`, {
      token: keys.police,
    });
    expect(response.status).toBe(403);
    expect((await body<ErrorBody>(response)).error.code).toBe('grant.revoke_not_party');
  });

  it('a bulk line with an impossible effective date is a line error, not a failed import', async () => {
    const response = await api.app.request(
      `/v1/t/${city.slug}/imports?format=ndjson&sourceSystem=x&domain=employment`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.hrss}`, 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify({ idNumber: west.idNumber, data: { employment_status: 'employed' }, effectiveOn: '2026-13-45' })}\n`,
      },
    );
    expect(response.status).toBe(200);
    const job = await body<{ status: string; failures: { line: number; errors: { path: string }[] }[] }>(
      response,
    );
    expect(job.status).toBe('completed_with_errors');
    expect(job.failures[0]?.errors[0]?.path).toBe('effectiveOn');
  });
});

describe('identity boundaries', () => {
  it('a district administrator cannot reset a peer district administrator’s password', async () => {
    const token = await signedIn(
      api,
      city.slug,
      (await person(db.db, city, 'district_administrator', 'east')).email,
      GOOD_PASSWORD,
    );
    const peer = await person(db.db, city, 'district_administrator', 'east');
    const response = await api.send('POST', `/v1/t/${city.slug}/users/${peer.user.id}/password`, {
      token,
      json: { password: 'Another-Strong-Pass-9' },
    });
    expect(response.status).toBe(403);
    const staff = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    expect(
      (
        await api.send('POST', `/v1/t/${city.slug}/users/${staff.user.id}/password`, {
          token,
          json: { password: 'Another-Strong-Pass-9' },
        })
      ).status,
    ).toBe(204);
  });

  it('an `Origin: null` on a cookie-authenticated write is refused, not a 500', async () => {
    const token = await signedIn(
      api,
      city.slug,
      (await person(db.db, city, 'grid_worker', 'east-c1-g1')).email,
      GOOD_PASSWORD,
    );
    const response = await api.send(
      'PATCH',
      `/v1/t/${city.slug}/org-units/${await unitId(db.db, city.id, 'east-c1-g1')}`,
      {
        json: { attributes: { note: 'x' } },
        headers: { cookie: `shequ_session=${token}`, origin: 'null' },
      },
    );
    expect(response.status).toBe(403);
  });

  it('a role on a unit a reform closed can still be revoked', async () => {
    const worker = await person(db.db, city, 'grid_worker', 'east-c1-g2');
    await api.send('POST', `/v1/t/${city.slug}/reforms`, {
      token: PLATFORM_TOKEN,
      json: {
        code: 'close-grid',
        effectiveOn: '2025-01-01',
        title: { zh: '撤销网格', en: 'Grid closed' },
        closes: ['east-c1-g2'],
      },
    });
    const [grant] = await db.query<{ id: string }>('select id from role_grants where user_id = $1', [
      worker.user.id,
    ]);
    const response = await api.send(
      'DELETE',
      `/v1/t/${city.slug}/users/${worker.user.id}/roles/${grant?.id}`,
      { token: PLATFORM_TOKEN },
    );
    expect(response.status).toBe(204);
  });

  it('rotating keeps the key’s end date and an expired key cannot be rotated', async () => {
    const departments = await body<{ items: { id: string }[] }>(
      await api.get(`/v1/t/${city.slug}/departments`),
    );
    const client = await body<{ id: string }>(
      await api.send('POST', `/v1/t/${city.slug}/api-clients`, {
        token: PLATFORM_TOKEN,
        json: { departmentId: departments.items[0]?.id, name: 'rotation' },
      }),
    );
    const ends = new Date(Date.now() + 3600_000).toISOString();
    const issued = await body<{ key: { id: string } }>(
      await api.send('POST', `/v1/t/${city.slug}/api-clients/${client.id}/keys`, {
        token: PLATFORM_TOKEN,
        json: { scopes: ['staff:read'], expiresAt: ends },
      }),
    );
    const rotated = await body<{ key: { expiresAt: string } }>(
      await api.send('POST', `/v1/t/${city.slug}/api-keys/${issued.key.id}/rotate`, {
        token: PLATFORM_TOKEN,
        json: { overlapSeconds: 86_400 },
      }),
    );
    expect(new Date(rotated.key.expiresAt).getTime()).toBe(new Date(ends).getTime());
    const later = testApp(db.db, () => new Date(Date.now() + 2 * 3600_000));
    const expired = await later.send('POST', `/v1/t/${city.slug}/api-keys/${issued.key.id}/rotate`, {
      token: PLATFORM_TOKEN,
      json: { overlapSeconds: 60 },
    });
    expect(expired.status).toBe(422);
  });
});
