import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

/**
 * The story the sharing API exists for: 公安 pushes household registration, 民政 pushes 低保
 * status, the community registers the household once, 人社 asks for a conditional grant, is
 * approved, pulls only what it was granted, and the resident's access report lists every read.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let staff: string;
let cityAdmin: string;
let auditor: string;
const keys: Record<string, string> = {};
const idNumber = idNumberFor('1958-03-14', 123);
let residentId = '';

const purpose = (text: string) => ({ 'x-purpose': encodeURIComponent(`employment_assistance;${text}`) });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  staff = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'community_staff', 'east-c1')).email,
    GOOD_PASSWORD,
  );
  cityAdmin = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
    GOOD_PASSWORD,
  );
  auditor = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'auditor', 'city')).email,
    GOOD_PASSWORD,
  );
  keys.police = (
    await departmentKey(api, city.slug, 'public_security', ['residents:write', 'residents:read'])
  ).secret;
  keys.civil = (
    await departmentKey(api, city.slug, 'civil_affairs', ['residents:write', 'grants:decide'])
  ).secret;
  keys.hrss = (
    await departmentKey(api, city.slug, 'human_resources_social_security', [
      'residents:read',
      'residents:write',
      'grants:request',
      'feed:read',
    ])
  ).secret;
});
afterAll(async () => db.close());

describe('collect once, share with every department', () => {
  it('the community registers the household once; the ID number is validated, encrypted and masked', async () => {
    const response = await api.send('POST', `/v1/t/${city.slug}/residents`, {
      token: staff,
      json: {
        idNumber,
        name: '王秀英',
        phone: '13800000000',
        addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
        room: '3-2-101',
      },
    });
    expect(response.status).toBe(201);
    const created = await body<{ id: string; idNumber: string }>(response);
    residentId = created.id;
    expect(created.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    const stored = await db.query<Record<string, unknown>>('select * from residents where id = $1', [
      residentId,
    ]);
    expect(JSON.stringify(stored)).not.toContain(idNumber);
  });

  it('a second registration of the number is 409 naming the resident only to a caller who could find them', async () => {
    const westStaff = await signedIn(
      api,
      city.slug,
      (await person(db.db, city, 'community_staff', 'west-c1')).email,
      GOOD_PASSWORD,
    );
    const before = await snapshotStore(db);
    const again = await api.send('POST', `/v1/t/${city.slug}/residents`, {
      token: staff,
      json: { idNumber, name: '王秀英', addressUnitId: await unitId(db.db, city.id, 'east-c1-g2') },
    });
    expect(again.status).toBe(409);
    const error = (await body<ErrorBody>(again)).error;
    expect(error).toMatchObject({ code: 'resident.exists', params: { residentId } });
    expect(error.message).toContain(residentId);
    // Staff of another community may not read this resident, so are told only that the number is taken.
    const elsewhere = await api.send('POST', `/v1/t/${city.slug}/residents`, {
      token: westStaff,
      json: { idNumber, name: '王秀英', addressUnitId: await unitId(db.db, city.id, 'west-c1-g1') },
    });
    expect(elsewhere.status).toBe(409);
    const hidden = (await body<ErrorBody>(elsewhere)).error;
    expect(hidden.code).toBe('resident.exists');
    expect(JSON.stringify(hidden)).not.toContain(residentId);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('公安 and 民政 push the domains they own', async () => {
    const police = await api.send(
      'PUT',
      `/v1/t/${city.slug}/residents/${residentId}/facets/household_registration`,
      {
        token: keys.police,
        json: { data: { hukou_type: 'urban', registered_on: '1980-05-01' }, sourceSystem: '公安人口系统' },
      },
    );
    expect(police.status).toBe(201);
    expect(police.headers.get('etag')).toBe('"1"');
    const civil = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
      token: keys.civil,
      json: {
        data: { enrolled: true, monthly_amount: 785 },
        effectiveOn: '2026-11-01',
        sourceSystem: '民政低保系统',
      },
    });
    expect(civil.status).toBe(201);
  });

  it('人社 cannot write 民政’s domain, and without a grant sees no 低保 status', async () => {
    const before = await snapshotStore(db);
    const write = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
      token: keys.hrss,
      json: { data: { enrolled: false }, sourceSystem: '人社系统' },
    });
    expect(write.status).toBe(403);
    expect((await body<ErrorBody>(write)).error.code).toBe('facet.not_owner');
    expect(await snapshotStore(db)).toEqual(before);

    const pulled = await body<{
      person: Record<string, unknown>;
      domains: Record<string, unknown>;
      idNumberMasked: boolean;
    }>(
      await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
        token: keys.hrss,
        headers: purpose('就业援助核查'),
      }),
    );
    expect(pulled.domains.minimum_income).toBeUndefined();
    expect(pulled.person.phone).toBeUndefined();
    expect(pulled.person.name).toBe('王秀英');
    expect(pulled.idNumberMasked).toBe(true);
    expect(JSON.stringify(pulled)).not.toContain(idNumber);
  });

  it('refuses a search on a field the caller cannot read', async () => {
    const response = await api.send('GET', `/v1/t/${city.slug}/residents?idNumber=${idNumber}`, {
      token: keys.hrss,
      headers: purpose('核查'),
    });
    expect(response.status).toBe(403);
    expect((await body<ErrorBody>(response)).error.code).toBe('search.field_not_readable');
    const byName = await body<{ items: { id: string }[] }>(
      await api.send(
        'GET',
        `/v1/t/${city.slug}/residents?name=${encodeURIComponent('王秀英')}&birthDate=1958-03-14`,
        {
          token: keys.hrss,
          headers: purpose('核查'),
        },
      ),
    );
    expect(byName.items.map((item) => item.id)).toEqual([residentId]);
  });

  it('人社 asks for 低保 status; it waits for 民政 and the city, then 人社 sees exactly that field', async () => {
    const requested = await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: keys.hrss,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '就业援助对象认定',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    });
    expect(requested.status).toBe(201);
    const grant = await body<{ id: string; status: string; replyBy: string }>(requested);
    expect(grant.status).toBe('pending');
    expect(Date.parse(grant.replyBy)).toBeGreaterThan(Date.now());

    const owner = await body<{ status: string; ownerApproved: boolean }>(
      await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
        token: keys.civil,
        json: { approve: true },
      }),
    );
    expect(owner).toMatchObject({ status: 'pending', ownerApproved: true });
    const cityDecision = await body<{ status: string }>(
      await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
        token: cityAdmin,
        json: { approve: true },
        headers: { origin: 'http://localhost' },
      }),
    );
    expect(cityDecision.status).toBe('approved');

    const pulled = await body<{ domains: Record<string, { data: Record<string, unknown> }> }>(
      await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
        token: keys.hrss,
        headers: purpose('就业援助对象认定'),
      }),
    );
    expect(pulled.domains.minimum_income?.data).toEqual({ enrolled: true });
  });

  it('the feed shows 人社 the changes to fields it may read, in order', async () => {
    await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
      token: keys.civil,
      json: { data: { enrolled: false, monthly_amount: 0 }, sourceSystem: '民政低保系统' },
    });
    const feed = await body<{
      items: { seq: number; domain: string; fields: string[] }[];
      nextCursor: number;
    }>(await api.send('GET', `/v1/t/${city.slug}/changes?after=0`, { token: keys.hrss }));
    const seqs = feed.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const incomeEvents = feed.items.filter((item) => item.domain === 'minimum_income');
    expect(incomeEvents.length).toBe(2);
    for (const event of incomeEvents) expect(event.fields).toEqual(['minimum_income.enrolled']);
    expect(feed.items.some((item) => item.fields.includes('household_registration.hukou_type'))).toBe(false);
  });

  it('answers verification questions without sending the record', async () => {
    const ask = (json: unknown) =>
      api.send('POST', `/v1/t/${city.slug}/verifications`, {
        token: keys.hrss,
        json,
        headers: purpose('资格核验'),
      });
    const community = await unitId(db.db, city.id, 'east-c1');
    const elsewhere = await unitId(db.db, city.id, 'west-c1');
    expect(await body(await ask({ residentId, livesIn: community }))).toEqual({ answer: true });
    expect(await body(await ask({ residentId, livesIn: elsewhere }))).toEqual({ answer: false });
    expect(await body(await ask({ residentId, field: 'minimum_income.enrolled', equals: false }))).toEqual({
      answer: true,
    });
    // Naming the person by ID number would be a question about the ID number, which 人社 may not read.
    expect((await ask({ idNumber, field: 'minimum_income.enrolled', equals: false })).status).toBe(403);
    const response = await ask({ idNumber, field: 'disability.grade', equals: '一级' });
    expect(response.status).toBe(403);
  });

  it('a correction of a field the filer cannot read is refused as a correction, not as a search', async () => {
    const before = await snapshotStore(db);
    const refused = await api.send('POST', `/v1/t/${city.slug}/residents/${residentId}/corrections`, {
      token: keys.hrss,
      json: { field: 'disability.grade', proposedValue: '二级', reason: '复核' },
    });
    expect(refused.status).toBe(403);
    const error = (await body<ErrorBody>(refused)).error;
    expect(error).toMatchObject({
      code: 'correction.field_not_readable',
      params: { field: 'disability.grade' },
    });
    expect(error.message).toMatch(/correction of disability\.grade/);
    expect(error.message).not.toMatch(/search/i);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('人社 files a correction on 民政’s field; 民政 accepts it and the change is an event', async () => {
    const filed = await api.send('POST', `/v1/t/${city.slug}/residents/${residentId}/corrections`, {
      token: keys.hrss,
      json: { field: 'minimum_income.enrolled', proposedValue: true, reason: '复核发现仍符合低保条件' },
    });
    expect(filed.status).toBe(201);
    const correction = await body<{ id: string; status: string }>(filed);
    const notOwner = await api.send('POST', `/v1/t/${city.slug}/corrections/${correction.id}/decision`, {
      token: keys.hrss,
      json: { accept: true },
    });
    expect(notOwner.status).toBe(403);
    expect((await body<ErrorBody>(notOwner)).error).toMatchObject({
      code: 'correction.decide_not_owner',
      params: { field: 'minimum_income.enrolled' },
    });
    const queue = await body<{ items: { id: string }[] }>(
      await api.send('GET', `/v1/t/${city.slug}/corrections?status=open`, { token: keys.civil }),
    );
    expect(queue.items.map((item) => item.id)).toContain(correction.id);
    const events = async () =>
      (await db.query<{ n: number }>('select count(*)::int as n from change_events'))[0]?.n ?? 0;
    const before = await events();
    const accepted = await body<{ status: string }>(
      await api.send('POST', `/v1/t/${city.slug}/corrections/${correction.id}/decision`, {
        token: keys.civil,
        json: { accept: true },
      }),
    );
    expect(accepted.status).toBe('accepted');
    expect(await events()).toBe(before + 1);
  });

  it('revocation takes effect on the next call', async () => {
    const grants = await body<{ items: { id: string; status: string }[] }>(
      await api.send('GET', `/v1/t/${city.slug}/grants`, { token: keys.hrss }),
    );
    const active = grants.items.find((grant) => grant.status === 'approved');
    expect(
      (await api.send('POST', `/v1/t/${city.slug}/grants/${active?.id}/revoke`, { token: keys.hrss })).status,
    ).toBe(200);
    const pulled = await body<{ domains: Record<string, unknown> }>(
      await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
        token: keys.hrss,
        headers: purpose('复核'),
      }),
    );
    expect(pulled.domains.minimum_income).toBeUndefined();
  });

  it("lists every read in the resident's access report", async () => {
    const report = await body<{
      items: {
        department: { zh: string } | null;
        fields: string[];
        purpose: string;
        purposeCode: string | null;
        operation: string;
      }[];
    }>(await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}/access-report`, { token: auditor }));
    const reads = await db.query<{ n: number }>(
      'select count(*)::int as n from access_log where resident_id = $1',
      [residentId],
    );
    expect(report.items).toHaveLength(reads[0]?.n ?? -1);
    expect(report.items.map((item) => item.purpose)).toEqual(
      ['就业援助核查', '核查', '就业援助对象认定', '资格核验', '资格核验', '资格核验', '复核'].map(
        (text) => `employment_assistance; ${text}`,
      ),
    );
    expect(new Set(report.items.map((item) => item.purposeCode))).toEqual(new Set(['employment_assistance']));
    expect(report.items.filter((item) => item.operation === 'verify').map((item) => item.fields)).toEqual([
      ['person.address'],
      ['person.address'],
      ['minimum_income.enrolled'],
    ]);
    expect(report.items[2]?.fields).toContain('minimum_income.enrolled');
    expect(report.items[0]?.fields).not.toContain('minimum_income.enrolled');
  });
});

describe('the catalog', () => {
  it('a city administrator makes a field unshared: its version moves and grants on it stop at once', async () => {
    const grant = await body<{ id: string }>(
      await api.send('POST', `/v1/t/${city.slug}/grants`, {
        token: keys.hrss,
        json: {
          fields: ['household_registration.hukou_type'],
          purposeCode: 'employment_assistance',
          purpose: '核查户籍',
          legalBasis: '就业促进法',
          validTo: '2099-12-31',
        },
      }),
    );
    await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
      token: 'test-platform-token-0123456789abcdef',
      json: { approve: true },
    });
    const read = async () =>
      body<{ domains: Record<string, { data: Record<string, unknown> }> }>(
        await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
          token: keys.hrss,
          headers: purpose('核查户籍'),
        }),
      );
    expect((await read()).domains.household_registration?.data.hukou_type).toBe('urban');

    const path = `/v1/t/${city.slug}/catalog/household_registration/fields/hukou_type`;
    const missingBasis = await api.send('PATCH', path, {
      token: cityAdmin,
      json: { sharingClass: 'none', legalBasis: '' },
      headers: { origin: 'http://localhost' },
    });
    expect(missingBasis.status).toBe(422);
    const changed = await api.send('PATCH', path, {
      token: cityAdmin,
      json: { sharingClass: 'none', legalBasis: '户口登记条例' },
      headers: { origin: 'http://localhost' },
    });
    expect(changed.status).toBe(200);
    expect((await body<{ version: number }>(changed)).version).toBe(2);
    expect((await read()).domains.household_registration).toBeUndefined();
    const refused = await api.send('PATCH', path, { token: keys.hrss, json: { sharingClass: 'open' } });
    expect(refused.status).toBe(403);
  });
});

describe('pushes that must be refused or not applied twice', () => {
  it('refuses a stale If-Match with 412', async () => {
    const before = await snapshotStore(db);
    const stale = await api.send(
      'PUT',
      `/v1/t/${city.slug}/residents/${residentId}/facets/household_registration`,
      {
        token: keys.police,
        json: { data: { hukou_type: 'rural' }, sourceSystem: '公安人口系统' },
        headers: { 'if-match': '"0"' },
      },
    );
    expect(stale.status).toBe(412);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('applies a repeated Idempotency-Key once, and answers the retry the same', async () => {
    const push = () =>
      api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/household_registration`, {
        token: keys.police,
        json: { data: { hukou_address: '示例区示例路 1 号' }, sourceSystem: '公安人口系统' },
        headers: { 'idempotency-key': 'push-2026-11-23-0001' },
      });
    const events = () => db.query<{ n: number }>('select count(*)::int as n from change_events');
    const first = await push();
    const afterFirst = await events();
    const retry = await push();
    expect(retry.status).toBe(first.status);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect(await events()).toEqual(afterFirst);
  });

  it('refuses an invalid ID number with 422, naming the field', async () => {
    const before = await snapshotStore(db);
    const bad = idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');
    const response = await api.send('POST', `/v1/t/${city.slug}/residents`, {
      token: staff,
      json: { idNumber: bad, name: '校验失败', addressUnitId: await unitId(db.db, city.id, 'east-c1-g1') },
    });
    expect(response.status).toBe(422);
    expect((await body<ErrorBody>(response)).error.details?.[0]?.path).toBe('idNumber');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('refuses a pull without a stated purpose, naming the header, answering no data and logging nothing', async () => {
    const logged = async () =>
      (
        await db.query<{ n: number }>('select count(*)::int as n from access_log where resident_id = $1', [
          residentId,
        ])
      )[0]?.n;
    const before = await logged();
    const attempts: Record<string, string>[] = [{}, { 'x-purpose': '' }, { 'x-purpose': '%20%20' }];
    for (const headers of attempts) {
      const response = await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
        token: keys.hrss,
        headers,
      });
      expect(response.status, JSON.stringify(headers)).toBe(400);
      const answer = await body<ErrorBody & { id?: string; facets?: unknown }>(response);
      expect(answer.error.details?.map((d) => d.path)).toEqual(['header.X-Purpose']);
      expect(answer.id).toBeUndefined();
      expect(answer.facets).toBeUndefined();
    }
    expect(await logged()).toBe(before);
  });

  it('refuses a purpose that is not valid percent-encoded UTF-8, naming the header and logging nothing', async () => {
    const logged = async () =>
      (
        await db.query<{ n: number }>('select count(*)::int as n from access_log where resident_id = $1', [
          residentId,
        ])
      )[0]?.n;
    const before = await logged();
    for (const broken of ['%E6%A0', '%zz%', '%E6%A0%B8%']) {
      const response = await api.send('GET', `/v1/t/${city.slug}/residents/${residentId}`, {
        token: keys.hrss,
        headers: { 'x-purpose': broken },
      });
      expect(response.status, broken).toBe(400);
      const error = (await body<ErrorBody>(response)).error;
      expect(error.details?.map((d) => d.path)).toEqual(['header.X-Purpose']);
      expect(error.details?.[0]?.message).toContain('percent-encoded UTF-8');
    }
    expect(await logged()).toBe(before);
  });

  it('refuses a facet with unknown or mistyped fields, naming each', async () => {
    const response = await api.send(
      'PUT',
      `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`,
      {
        token: keys.civil,
        json: { data: { enrolled: 'yes', shoe_size: 42 }, sourceSystem: '民政低保系统' },
      },
    );
    expect(response.status).toBe(422);
    expect((await body<ErrorBody>(response)).error.details?.map((d) => d.path).sort()).toEqual([
      'data.enrolled',
      'data.shoe_size',
    ]);
  });
});
