import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

/**
 * Issue 16, items 1–3: the exchange a city can trust.
 * 1. Purpose binds the read: a grant is made for one of the city's purpose codes, and a pull,
 *    search or verification gets its fields only under that purpose; an unknown or ungranted
 *    purpose is refused naming the purposes held; the access log records the code.
 * 2. A grant naming fields of several owners is decided by each owner on its own fields.
 * 3. A verification-only grant answers yes/no without ever giving the field.
 * Each `it` below fails on `main` before this change (free-text purposes were accepted and every
 * grant served any purpose; a second owner got 403; `kind` was not accepted) and passes after.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let cityAdmin: string;
const keys = { civil: '', community: '', hrss: '', police: '' };
const departments = { civil: '', community: '', hrss: '', police: '' };
const idNumber = idNumberFor('1961-07-02', 345);
let residentId = '';

const purpose = (value: string) => ({ 'x-purpose': encodeURIComponent(value) });
const path = (rest: string) => `/v1/t/${city.slug}${rest}`;

interface GrantBody {
  id: string;
  status: string;
  kind: string;
  purposeCode: string | null;
  readableFields: string[];
  owners: { departmentId: string; fields: string[]; decision: string | null; reason: string | null }[];
  awaiting: { city: boolean; departments: string[] };
}

async function requestGrant(key: string, json: Record<string, unknown>): Promise<GrantBody> {
  const response = await api.send('POST', path('/grants'), {
    token: key,
    json: { legalBasis: '社会救助暂行办法', validTo: '2099-12-31', ...json },
  });
  expect(response.status).toBe(201);
  return body<GrantBody>(response);
}

const decide = (token: string, grantId: string, json: Record<string, unknown>) =>
  api.send('POST', path(`/grants/${grantId}/decision`), { token, json });

const accessRows = () =>
  db.query<{ purpose: string; purpose_code: string | null; operation: string; fields: string[] }>(
    'select purpose, purpose_code, operation, fields from access_log where resident_id = $1 order by seq',
    [residentId],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  cityAdmin = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
    GOOD_PASSWORD,
  );
  const issued = {
    civil: await departmentKey(api, city.slug, 'civil_affairs', ['residents:write', 'grants:decide']),
    community: await departmentKey(api, city.slug, 'community', ['residents:write', 'grants:decide']),
    hrss: await departmentKey(api, city.slug, 'human_resources_social_security', [
      'residents:read',
      'grants:request',
    ]),
    police: await departmentKey(api, city.slug, 'public_security', ['residents:read', 'grants:request']),
  };
  for (const [name, key] of Object.entries(issued)) {
    keys[name as keyof typeof keys] = key.secret;
    departments[name as keyof typeof departments] = key.departmentId;
  }
  const registered = await api.send('POST', path('/residents'), {
    token: PLATFORM_TOKEN,
    json: { idNumber, name: '李桂芳', addressUnitId: await unitId(db.db, city.id, 'east-c1-g1') },
  });
  residentId = (await body<{ id: string }>(registered)).id;
  const pushed = await api.send('PUT', path(`/residents/${residentId}/facets/minimum_income`), {
    token: keys.civil,
    json: { data: { enrolled: true, monthly_amount: 785 }, sourceSystem: '民政低保系统' },
  });
  expect(pushed.status).toBe(201);
});
afterAll(async () => db.close());

describe('the city’s purposes', () => {
  it('every city starts with coded purposes; a city administrator adds one, once; a department may not', async () => {
    const listed = await body<{ items: { code: string; name: { zh: string } }[] }>(
      await api.get(path('/purposes')),
    );
    expect(listed.items.map((item) => item.code)).toContain('minimum_income_review');
    const added = await api.send('POST', path('/purposes'), {
      token: cityAdmin,
      json: { code: 'flood_relief', name: { zh: '防汛救灾', en: 'Flood relief' } },
    });
    expect(added.status).toBe(201);
    const again = await api.send('POST', path('/purposes'), {
      token: cityAdmin,
      json: { code: 'flood_relief', name: { zh: '防汛', en: 'Flood' } },
    });
    expect(again.status).toBe(409);
    expect((await body<ErrorBody>(again)).error.code).toBe('purpose.exists');
    const byDepartment = await api.send('POST', path('/purposes'), {
      token: keys.hrss,
      json: { code: 'anything_goes', name: { zh: '随便', en: 'Anything' } },
    });
    expect(byDepartment.status).toBe(403);
  });

  it('a grant for a purpose the city does not have is refused', async () => {
    const response = await api.send('POST', path('/grants'), {
      token: keys.hrss,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'just_looking',
        legalBasis: '无依据',
        validTo: '2099-12-31',
      },
    });
    expect(response.status).toBe(422);
    const error = (await body<ErrorBody>(response)).error;
    expect(error.details?.map((detail) => detail.code)).toEqual(['grant.purpose_unknown']);
  });
});

describe('1. purpose binds the read', () => {
  it('fields come back only under the purpose they were granted for; other purposes are refused and not logged', async () => {
    const grant = await requestGrant(keys.hrss, {
      fields: ['minimum_income.enrolled'],
      purposeCode: 'public_security_assistance',
      purpose: '低保户治安帮扶',
    });
    expect(grant.purposeCode).toBe('public_security_assistance');
    expect((await decide(keys.civil, grant.id, { approve: true })).status).toBe(200);
    expect((await decide(cityAdmin, grant.id, { approve: true })).status).toBe(200);

    const granted = await api.send('GET', path(`/residents/${residentId}`), {
      token: keys.hrss,
      headers: purpose('public_security_assistance;季度走访'),
    });
    expect(granted.status).toBe(200);
    const view = await body<{ domains: Record<string, Record<string, unknown>> }>(granted);
    expect(view.domains.minimum_income?.data).toEqual({ enrolled: true });
    const logged = (await accessRows()).at(-1);
    expect(logged).toMatchObject({
      purpose: 'public_security_assistance; 季度走访',
      purpose_code: 'public_security_assistance',
      operation: 'read',
    });

    const before = await snapshotStore(db);
    const unknown = await api.send('GET', path(`/residents/${residentId}`), {
      token: keys.hrss,
      headers: purpose('随便看看'),
    });
    expect(unknown.status).toBe(422);
    const unknownError = (await body<ErrorBody>(unknown)).error;
    expect(unknownError.code).toBe('purpose.unknown');
    expect(unknownError.params).toMatchObject({ held: ['public_security_assistance'] });

    const ungranted = await api.send('GET', path(`/residents/${residentId}`), {
      token: keys.hrss,
      headers: purpose('population_statistics'),
    });
    expect(ungranted.status).toBe(403);
    const ungrantedError = (await body<ErrorBody>(ungranted)).error;
    expect(ungrantedError.code).toBe('purpose.not_granted');
    expect(ungrantedError.message).toContain('public_security_assistance');

    const search = await api.send('GET', path('/residents?name=李桂芳&birthDate=1961-07-02'), {
      token: keys.hrss,
      headers: purpose('population_statistics'),
    });
    expect(search.status).toBe(403);
    const verification = await api.send('POST', path('/verifications'), {
      token: keys.hrss,
      headers: purpose('population_statistics'),
      json: { residentId, field: 'minimum_income.enrolled', equals: true },
    });
    expect(verification.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);

    const found = await body<{ items: { domains: Record<string, { data: unknown }> }[] }>(
      await api.send('GET', path('/residents?name=李桂芳&birthDate=1961-07-02'), {
        token: keys.hrss,
        headers: purpose('public_security_assistance'),
      }),
    );
    expect(found.items[0]?.domains.minimum_income?.data).toEqual({ enrolled: true });
    expect((await accessRows()).at(-1)).toMatchObject({
      purpose_code: 'public_security_assistance',
      operation: 'search',
    });
  });
});

describe('2. a grant over several owners’ fields', () => {
  it('each owner decides its own fields; they become readable as their owners and the city approve', async () => {
    const grant = await requestGrant(keys.hrss, {
      fields: ['minimum_income.monthly_amount', 'person.phone'],
      purposeCode: 'employment_assistance',
    });
    expect(grant.status).toBe('pending');
    expect(grant.awaiting).toEqual({
      city: true,
      departments: [departments.civil, departments.community].sort(),
    });

    const civil = await decide(keys.civil, grant.id, { approve: true });
    expect(civil.status).toBe(200);
    const afterCivil = await body<GrantBody>(civil);
    expect(afterCivil.owners.find((owner) => owner.departmentId === departments.civil)).toMatchObject({
      fields: ['minimum_income.monthly_amount'],
      decision: 'approved',
    });
    expect(afterCivil.awaiting).toEqual({ city: true, departments: [departments.community] });
    expect(afterCivil.readableFields).toEqual([]);

    // The owner still waiting finds the grant in its own list.
    const queue = await body<{ items: { id: string }[] }>(
      await api.send('GET', path('/grants'), { token: keys.community }),
    );
    expect(queue.items.map((item) => item.id)).toContain(grant.id);

    const city = await body<GrantBody>(await decide(cityAdmin, grant.id, { approve: true }));
    expect(city.status).toBe('pending');
    expect(city.readableFields).toEqual(['minimum_income.monthly_amount']);
    const pulled = await body<{
      person: Record<string, unknown>;
      domains: Record<string, { data: unknown }>;
    }>(
      await api.send('GET', path(`/residents/${residentId}`), {
        token: keys.hrss,
        headers: purpose('employment_assistance'),
      }),
    );
    expect(pulled.domains.minimum_income?.data).toEqual({ monthly_amount: 785 });
    expect(pulled.person.phone).toBeUndefined();

    const refused = await decide(keys.community, grant.id, {
      approve: false,
      reason: '电话不属于就业援助所需',
    });
    expect(refused.status).toBe(200);
    const decided = await body<GrantBody>(refused);
    expect(decided.status).toBe('approved');
    expect(decided.readableFields).toEqual(['minimum_income.monthly_amount']);
    expect(decided.awaiting).toEqual({ city: false, departments: [] });
    expect(decided.owners.find((owner) => owner.departmentId === departments.community)).toMatchObject({
      decision: 'refused',
      reason: '电话不属于就业援助所需',
    });
    const twice = await decide(keys.community, grant.id, { approve: true });
    expect(twice.status).toBe(409);
    expect((await body<ErrorBody>(twice)).error.code).toBe('grant.decided');
  });
});

describe('2b. an owner takes back its approval on a grant over several owners’ fields', () => {
  it('its fields stop being readable on the next call, the other owner’s stay, and the withdrawal is audited', async () => {
    const grant = await requestGrant(keys.hrss, {
      fields: ['minimum_income.monthly_amount', 'person.phone'],
      purposeCode: 'minimum_income_review',
    });
    for (const token of [keys.civil, keys.community, cityAdmin])
      expect((await decide(token, grant.id, { approve: true })).status).toBe(200);
    const pull = async () =>
      body<{ domains: Record<string, unknown> }>(
        await api.send('GET', path(`/residents/${residentId}`), {
          token: keys.hrss,
          headers: purpose('minimum_income_review'),
        }),
      );
    expect((await pull()).domains.minimum_income).toBeDefined();
    const withdrawals = () =>
      db.query<{ details: { owner: string; fields: string[] } }>(
        "select details from audit_events where action = 'grant.withdraw' and target_id = $1",
        [grant.id],
      );

    const withdrawn = await api.send('POST', path(`/grants/${grant.id}/revoke`), { token: keys.civil });
    expect(withdrawn.status).toBe(200);
    const after = await body<GrantBody>(withdrawn);
    expect(after.status).toBe('approved');
    expect(after.readableFields).toEqual(['person.phone']);
    const decisionOf = (department: string) =>
      after.owners.find((owner) => owner.departmentId === department)?.decision;
    expect(decisionOf(departments.civil)).toBe('withdrawn');
    expect(decisionOf(departments.community)).toBe('approved');
    expect((await pull()).domains.minimum_income).toBeUndefined();
    expect(await withdrawals()).toEqual([
      {
        details: expect.objectContaining({
          owner: departments.civil,
          fields: ['minimum_income.monthly_amount'],
        }),
      },
    ]);

    const again = await api.send('POST', path(`/grants/${grant.id}/revoke`), { token: keys.civil });
    expect(again.status).toBe(409);
    expect((await body<ErrorBody>(again)).error.code).toBe('grant.nothing_to_withdraw');

    // The last owner's withdrawal leaves nothing readable: the grant is revoked.
    const last = await body<GrantBody>(
      await api.send('POST', path(`/grants/${grant.id}/revoke`), { token: keys.community }),
    );
    expect(last).toMatchObject({ status: 'revoked', readableFields: [] });
  });
});

describe('3. verification-only grants', () => {
  it('answers yes/no about a field the caller may only verify, never sending it, logged as a verification', async () => {
    const grant = await requestGrant(keys.police, {
      fields: ['minimum_income.enrolled'],
      purposeCode: 'eligibility_check',
      kind: 'verify',
    });
    expect(grant.kind).toBe('verify');
    await decide(keys.civil, grant.id, { approve: true });
    await decide(cityAdmin, grant.id, { approve: true });

    const asked = await api.send('POST', path('/verifications'), {
      token: keys.police,
      headers: purpose('eligibility_check;低保资格核验'),
      json: { residentId, field: 'minimum_income.enrolled', equals: true },
    });
    expect(asked.status).toBe(200);
    expect(await body(asked)).toEqual({ answer: true });
    expect((await accessRows()).at(-1)).toMatchObject({
      operation: 'verify',
      purpose_code: 'eligibility_check',
      fields: ['minimum_income.enrolled'],
    });

    const pulled = await body<{ domains: Record<string, unknown> }>(
      await api.send('GET', path(`/residents/${residentId}`), {
        token: keys.police,
        headers: purpose('eligibility_check'),
      }),
    );
    expect(pulled.domains.minimum_income).toBeUndefined();
    const search = await api.send('GET', path('/residents?name=李桂芳&birthDate=1961-07-02'), {
      token: keys.police,
      headers: purpose('eligibility_check'),
    });
    const items = (await body<{ items: { domains: Record<string, unknown> }[] }>(search)).items;
    expect(items.every((item) => item.domains.minimum_income === undefined)).toBe(true);
  });
});

describe('4. nothing silently dropped', () => {
  it('refuses a query parameter the operation does not take (a misspelt search), naming it, and logs no read', async () => {
    const before = await snapshotStore(db);
    const misspelt = await api.send('GET', path('/residents?nmae=李桂芳&birthDate=1961-07-02&idNumber=x'), {
      token: keys.hrss,
      headers: purpose('public_security_assistance'),
    });
    expect(misspelt.status).toBe(400);
    const error = (await body<ErrorBody>(misspelt)).error;
    expect(error.details?.[0]).toMatchObject({ code: 'field.unrecognized_keys', params: { keys: ['nmae'] } });
    // An operation without query parameters takes none either.
    const extra = await api.send('GET', path(`/residents/${residentId}?fields=person.name`), {
      token: keys.hrss,
      headers: purpose('public_security_assistance'),
    });
    expect(extra.status).toBe(400);
    expect(await snapshotStore(db)).toEqual(before);
  });
});
