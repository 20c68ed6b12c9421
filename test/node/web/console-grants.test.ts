import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../functions/auth/roles';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { hasMessage } from '../../../web/i18n';
import { testApp } from '../../support/app';
import { consoleBrowser, form } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, person } from '../../support/identity';
import { departmentKey } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;
let cityAdmin = '';

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  browser = consoleBrowser(api);
  city = await cityWithGrids(db.db);
  cityAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
  );
});
afterAll(async () => db.close());

/** The part of the queue page between one heading id and the next heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const next = html.indexOf('<h2', start + 1);
  return html.slice(start, next < 0 ? undefined : next);
}

describe('the grant queue says whose approval is missing', () => {
  it('lists each party’s decision, stops offering the city a decision once it decided, and files a decided grant as history', async () => {
    const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['grants:request']);
    const requested = await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: hrss.secret,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '就业援助',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    });
    const grant = (await requested.json()) as { id: string };
    const action = `action="/admin/grants/${grant.id}/decision"`;

    const fresh = await (await browser.get('/admin/grants', cityAdmin)).text();
    const cityTurn = section(fresh, 'city-turn');
    expect(cityTurn).toContain(action);
    expect(cityTurn).toContain('尚缺：本市、民政');
    expect(cityTurn).toMatch(/data-party="city">本市：待决定/);

    const dashboard = async () =>
      /待审批共享申请<\/a><strong>(\d+)<\/strong>/.exec(
        await (await browser.get('/admin', cityAdmin)).text(),
      )?.[1];
    expect(await dashboard()).toBe('1');

    const approved = await browser.post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'approve' }),
      cityAdmin,
    );
    expect(approved.status).toBe(303);

    const waiting = await (await browser.get('/admin/grants', cityAdmin)).text();
    expect(section(waiting, 'city-turn')).not.toContain(grant.id);
    const others = section(waiting, 'others-turn');
    expect(others).toContain('尚缺：民政');
    expect(others).toMatch(/data-party="city">本市：已批准/);
    expect(others).not.toContain(action); // the city has decided: no buttons
    expect(await dashboard()).toBe('0'); // nothing left for the city to decide

    // A decision posted anyway (an old tab) is refused and writes nothing.
    const before = await snapshotStore(db);
    const again = await browser.post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'refuse', reason: '不同意' }),
      cityAdmin,
    );
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('data-code="grant.decided"');
    expect(await snapshotStore(db)).toEqual(before);

    const civil = await departmentKey(api, city.slug, 'civil_affairs', ['grants:decide']);
    const owner = await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
      token: civil.secret,
      json: { approve: true },
    });
    expect(owner.status).toBe(200);
    const done = await (await browser.get('/admin/grants?lang=en', cityAdmin)).text();
    expect(section(done, 'others-turn')).toBe('');
    expect(section(done, 'decided')).toContain('Approved');
    expect(section(done, 'decided')).toContain('minimum_income.enrolled');
    expect(section(done, 'decided')).toMatch(
      /data-party="city">The city: Approved[\s\S]*?Civil affairs \(minimum_income.enrolled\): Approved/,
    );
    expect(done).toContain('Awaiting the city’s decision');

    // On a grant over two owners' fields, one owner takes its approval back: the history says so.
    const community = await departmentKey(api, city.slug, 'community', ['grants:decide']);
    const both = (await (
      await api.send('POST', `/v1/t/${city.slug}/grants`, {
        token: hrss.secret,
        json: {
          fields: ['minimum_income.enrolled', 'person.phone'],
          purposeCode: 'employment_assistance',
          purpose: '就业援助',
          legalBasis: '就业促进法',
          validTo: '2099-12-31',
        },
      })
    ).json()) as { id: string };
    await browser.post(`/admin/grants/${both.id}/decision`, form({ decision: 'approve' }), cityAdmin);
    for (const key of [civil, community])
      await api.send('POST', `/v1/t/${city.slug}/grants/${both.id}/decision`, {
        token: key.secret,
        json: { approve: true },
      });
    const withdrawn = await api.send('POST', `/v1/t/${city.slug}/grants/${both.id}/revoke`, {
      token: civil.secret,
    });
    expect(withdrawn.status).toBe(200);
    const history = section(await (await browser.get('/admin/grants?lang=en', cityAdmin)).text(), 'decided');
    expect(history).toMatch(/Civil affairs \(minimum_income.enrolled\): Approval withdrawn/);
  });
});

describe('key scopes in words', () => {
  it('every scope has words in both languages', () => {
    expect(SCOPES.filter((scope) => !hasMessage(`scope.${scope}`))).toEqual([]);
  });

  it('the departments page names a key’s scopes in words, in the page’s language', async () => {
    await departmentKey(api, city.slug, 'civil_affairs', ['residents:read', 'feed:read']);
    const zh = await (await browser.get('/admin/departments', cityAdmin)).text();
    expect(zh).toContain('读取居民数据');
    expect(zh).toContain('读取变更推送');
    expect(zh).not.toContain('residents:read, feed:read');
    const en = await (await browser.get('/admin/departments?lang=en', cityAdmin)).text();
    expect(en).toContain('Read resident data');
  });
});
