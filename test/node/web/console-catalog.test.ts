import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { consoleBrowser, form } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, person } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;
let cityAdmin = '';
let districtAdmin = '';

beforeAll(async () => {
  db = await createTestDatabase();
  browser = consoleBrowser(testApp(db.db));
  city = await cityWithGrids(db.db);
  cityAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
  );
  districtAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'district_administrator', 'east')).email,
  );
});
afterAll(async () => db.close());

describe('the data catalog in the console', () => {
  it('lists each domain with its owner department and its fields’ classes, in both languages', async () => {
    const zh = await (await browser.get('/admin/catalog', cityAdmin)).text();
    expect(zh).toMatch(/id="domain-minimum_income"[^>]*>minimum_income（所属部门：民政）/);
    expect(zh).toMatch(
      /data-field-key="minimum_income.enrolled">[\s\S]*?是否低保[\s\S]*?data-class="conditional">有条件共享/,
    );
    expect(zh).toContain('href="/admin/catalog"');
    const en = await (await browser.get('/admin/catalog?lang=en', cityAdmin)).text();
    expect(en).toContain('minimum_income (owned by Civil affairs)');
    expect(en).toMatch(/data-class="conditional">conditional/);
  });

  it('a change without a legal basis, or with an unknown class, is refused naming the field; nothing written', async () => {
    const before = await snapshotStore(db);
    const noBasis = await browser.post(
      '/admin/catalog/minimum_income/fields/monthly_amount',
      form({ sharingClass: 'none', sensitivity: 'high', legalBasis: '' }),
      cityAdmin,
    );
    expect(noBasis.status).toBe(422);
    const html = await noBasis.text();
    expect(html).toMatch(/data-field="legalBasis">法律依据/);
    expect(html).toContain('data-code="catalog.legal_basis_required"');
    const unknown = await browser.post(
      '/admin/catalog/minimum_income/fields/monthly_amount?lang=en',
      form({ sharingClass: 'public', sensitivity: 'high', legalBasis: 'x' }),
      cityAdmin,
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(/data-field="sharingClass">Sharing class/);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a city administrator changes a field’s class through the same verb as the API (audited)', async () => {
    const changed = await browser.post(
      '/admin/catalog/minimum_income/fields/monthly_amount',
      form({ sharingClass: 'none', sensitivity: 'high', legalBasis: '个人信息保护法第二十八条' }),
      cityAdmin,
    );
    expect(changed.status).toBe(303);
    const [row] = await db.query<{ sharing_class: string }>(
      `select f.sharing_class from data_fields f join data_domains d on d.id = f.domain_id
        where d.tenant_id = '${city.id}' and d.key = 'minimum_income' and f.key = 'monthly_amount'`,
    );
    expect(row?.sharing_class).toBe('none');
    const page = await (await browser.get('/admin/catalog', cityAdmin)).text();
    expect(page).toMatch(/data-field-key="minimum_income.monthly_amount">[\s\S]*?data-class="none">不共享/);
  });

  it('adds a field to a domain; a taken or malformed key is refused on the domain’s form, nothing written', async () => {
    const before = await snapshotStore(db);
    const taken = await browser.post(
      '/admin/catalog/minimum_income/fields',
      form({
        key: 'enrolled',
        nameZh: '重复',
        nameEn: 'Again',
        type: 'boolean',
        sensitivity: 'high',
        sharingClass: 'open',
      }),
      cityAdmin,
    );
    expect(taken.status).toBe(422);
    const html = await taken.text();
    expect(html).toContain('data-code="catalog.field_exists"');
    expect(html).toMatch(/data-field="key">字段代码/);
    expect(html).toContain('action="/admin/catalog/minimum_income/fields"');
    const malformed = await browser.post(
      '/admin/catalog/minimum_income/fields?lang=en',
      form({
        key: 'Bad Key',
        nameZh: '',
        nameEn: 'x',
        type: 'text',
        sensitivity: 'high',
        sharingClass: 'open',
      }),
      cityAdmin,
    );
    expect(malformed.status).toBe(422);
    const english = await malformed.text();
    expect(english).toMatch(/data-field="key">Field key/);
    expect(english).toMatch(/data-field="name.zh">Name in Chinese/);
    expect(english).toMatch(/data-field="type">Type/);
    expect(await snapshotStore(db)).toEqual(before);

    const added = await browser.post(
      '/admin/catalog/minimum_income/fields',
      form({
        key: 'review_date',
        nameZh: '复核日期',
        nameEn: 'Review date',
        type: 'date',
        sensitivity: 'medium',
        sharingClass: 'conditional',
        legalBasis: '社会救助暂行办法',
      }),
      cityAdmin,
    );
    expect(added.status).toBe(303);
    const page = await (await browser.get('/admin/catalog', cityAdmin)).text();
    expect(page).toMatch(
      /data-field-key="minimum_income.review_date">[\s\S]*?复核日期[\s\S]*?data-class="conditional">有条件共享/,
    );
  });

  it('a district administrator may not open or change the catalog', async () => {
    expect((await browser.get('/admin/catalog', districtAdmin)).status).toBe(403);
    const before = await snapshotStore(db);
    const refused = await browser.post(
      '/admin/catalog/minimum_income/fields/enrolled',
      form({ sharingClass: 'open', sensitivity: 'low', legalBasis: '' }),
      districtAdmin,
    );
    expect(refused.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });
});
