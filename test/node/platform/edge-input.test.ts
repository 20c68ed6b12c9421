import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * Control characters are refused at the edge, for every operation and every part of a request
 * (issue 16 item 6): a 422 `text.unsafe_characters` naming each field by path and code, before a
 * lookup could send the text to the database (where a NUL was a 500), and nothing is written.
 * Console and public forms say it on the page, in the page's language.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

async function refused(response: Response) {
  expect(response.status).toBe(422);
  const { error } = await body<ErrorBody>(response);
  expect(error.code).toBe('text.unsafe_characters');
  return (error.details ?? []).map(({ path, code }) => `${path} ${code}`);
}

describe('the API refuses control characters at the edge', () => {
  it('in the query of a public read (no credentials needed to be refused)', async () => {
    const response = await api.get(`/v1/t/${city.slug}/org-units?level=%00`);
    expect(await refused(response)).toEqual(['query.level field.text.control']);
    // Tab and line breaks pass the edge: multi-line fields hold them (single-line ones check their own).
    const lineBreak = await api.get(`/v1/t/${city.slug}/org-units?level=community%0A`);
    expect(lineBreak.status).not.toBe(422);
    expect(lineBreak.status).toBeLessThan(500);
  });

  it('in a path parameter, before the city is looked up by it', async () => {
    const response = await api.get(`/v1/t/${city.slug}%00/org-units`);
    expect(await refused(response)).toEqual(['param.tenant field.text.control']);
  });

  it('in the sign-in login, naming the field', async () => {
    const response = await api.post(
      '/v1/auth/sign-in',
      { tenant: city.slug, login: 'admin\u0000@x.org', password: 'x' },
      { token: null },
    );
    expect(await refused(response)).toEqual(['login field.text.control']);
  });

  it('in every field of a JSON body at any depth, C1 controls and lone surrogates too, writing nothing', async () => {
    const before = await snapshotStore(db);
    const response = await api.app.request(`/v1/t/${city.slug}/departments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PLATFORM_TOKEN}`, 'content-type': 'application/json' },
      body: '{"key":"a\\u0001b","name":{"zh":"\\ud800","en":"x\\u0085"}}',
    });
    expect(await refused(response)).toEqual([
      'key field.text.control',
      'name.zh field.text.lone_surrogate',
      'name.en field.text.control',
    ]);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('in the free text of X-Purpose, as the server decodes it (percent-encoded UTF-8)', async () => {
    const response = await api.get(`/v1/t/${city.slug}/residents?name=x`, {
      headers: { authorization: `Bearer ${PLATFORM_TOKEN}`, 'x-purpose': 'eligibility_check;%01' },
    });
    expect(await refused(response)).toEqual(['header.X-Purpose field.text.control']);
  });
});

describe('forms refuse control characters on the page, in its language', () => {
  const post = (path: string, fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    return api.app.request(path, { method: 'POST', headers: { origin: 'http://localhost' }, body: data });
  };

  it('a NUL in the console sign-in login is a 422 page naming the problem in Chinese', async () => {
    const response = await post('/admin/sign-in', { tenant: city.slug, login: 'a\u0000b', password: 'x' });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('含有控制字符');
  });

  it('and in English with ?lang=en', async () => {
    const response = await post('/admin/sign-in?lang=en', {
      tenant: city.slug,
      login: 'a\u0000b',
      password: 'x',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('contains a control');
  });
});
