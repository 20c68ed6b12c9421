import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile, { type SheetData } from 'write-excel-file/universal';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { body, type ErrorBody, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { departmentKey, idNumberFor } from '../../../support/sharing';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const people: string[] = [];
const keys = { police: '', civil: '' };

interface Job {
  id: string;
  status: string;
  linesRead: number;
  linesApplied: number;
  linesFailed: number;
  chunksCommitted: number;
  chunksRolledBack: number;
  committedThroughLine: number;
  failures: { line: number; errors: { path: string; code: string; message: string }[] }[];
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const grid = await unitId(db.db, city.id, 'east-c1-g2');
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  for (let i = 0; i < 6; i++) {
    const idNumber = idNumberFor('1985-06-15', 200 + i);
    await registerResident(ctx, { idNumber, name: `批量${i}`, addressUnitId: grid });
    people.push(idNumber);
  }
  keys.police = (await departmentKey(api, city.slug, 'public_security', ['residents:write'])).secret;
  keys.civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
});
afterAll(async () => db.close());

function upload(token: string, query: string, text: string, contentType: string) {
  return api.app.request(`/v1/t/${city.slug}/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: text,
  });
}

const facetCount = async (domain: string) =>
  (
    await db.query<{ n: number }>(
      'select count(*)::int as n from facets f join data_domains d on d.id = f.domain_id where f.tenant_id = $1 and d.key = $2',
      [city.id, domain],
    )
  )[0]?.n;

describe('bulk push', () => {
  const line = (idNumber: string, hukou: string) =>
    JSON.stringify({ idNumber, domain: 'household_registration', data: { hukou_type: hukou } });

  it('rolls back only the chunk with a malformed line, reports it by number; the fixed file changes only what failed', async () => {
    const lines = people.map((id, i) => line(id, i % 2 ? 'rural' : 'urban'));
    const broken = [...lines];
    broken[3] = '{"idNumber": "unterminated';
    const response = await upload(
      keys.police,
      'format=ndjson&chunkSize=2&sourceSystem=公安人口系统',
      `${broken.join('\n')}\n`,
      'application/x-ndjson',
    );
    expect(response.status).toBe(200);
    const job = await body<Job>(response);
    expect(job).toMatchObject({
      status: 'completed_with_errors',
      linesRead: 6,
      linesApplied: 4,
      linesFailed: 2,
      chunksCommitted: 2,
      chunksRolledBack: 1,
      committedThroughLine: 2,
    });
    expect(job.failures.map((failure) => [failure.line, failure.errors[0]?.message])).toEqual([
      [3, 'not applied: another line of its chunk failed'],
      [4, 'not valid JSON'],
    ]);
    expect(await facetCount('household_registration')).toBe(4);

    const progress = await body<Job>(
      await api.send('GET', `/v1/t/${city.slug}/imports/${job.id}`, { token: keys.police }),
    );
    expect(progress.linesApplied).toBe(4);

    const eventsBefore =
      (
        await db.query<{ n: number }>('select count(*)::int as n from change_events where tenant_id = $1', [
          city.id,
        ])
      )[0]?.n ?? 0;
    // A finished import is not resumed (a resume would apply again every line after its cursor,
    // lines 5 and 6 included); the fixed file goes in as a new import.
    const resumed = await upload(
      keys.police,
      `format=ndjson&chunkSize=2&sourceSystem=公安人口系统&resume=${job.id}`,
      `${lines.join('\n')}\n`,
      'application/x-ndjson',
    );
    expect(resumed.status).toBe(409);
    expect(await body<ErrorBody>(resumed)).toMatchObject({ error: { code: 'import.finished' } });
    const again = await body<Job>(
      await upload(
        keys.police,
        'format=ndjson&chunkSize=2&sourceSystem=公安人口系统',
        `${lines.join('\n')}\n`,
        'application/x-ndjson',
      ),
    );
    expect(again).toMatchObject({
      status: 'completed',
      linesApplied: 6,
      linesFailed: 0,
      committedThroughLine: 6,
    });
    expect(await facetCount('household_registration')).toBe(6);
    const eventsAfter =
      (
        await db.query<{ n: number }>('select count(*)::int as n from change_events where tenant_id = $1', [
          city.id,
        ])
      )[0]?.n ?? 0;
    // Lines 3 and 4 are new; the others were already applied with the same values: no second change.
    expect(eventsAfter - eventsBefore).toBe(2);
  });

  it('updates existing facets in bulk: merges the fields, bumps versions, one event per change, none for no change', async () => {
    const person = people[5] as string;
    const facet = async () =>
      (
        await db.query<{ data: Record<string, unknown>; version: number }>(
          `select f.data, f.version from facets f join data_domains d on d.id = f.domain_id
            join residents r on r.id = f.resident_id
           where d.key = 'employment' and r.name = '批量5'`,
        )
      )[0];
    const events = async () =>
      db.query<{ fields: string[]; version: number }>(
        `select e.fields, e.version from change_events e join residents r on r.id = e.resident_id
          where e.domain_key = 'employment' and r.name = '批量5' order by e.seq`,
      );
    const hrss = (await departmentKey(api, city.slug, 'human_resources_social_security', ['residents:write']))
      .secret;
    const push = async (...data: Record<string, unknown>[]) =>
      body<Job>(
        await upload(
          hrss,
          'format=ndjson&chunkSize=10&sourceSystem=人社就业系统',
          data.map((d) => JSON.stringify({ idNumber: person, domain: 'employment', data: d })).join('\n'),
          'application/x-ndjson',
        ),
      );
    expect(await push({ employment_status: 'unemployed' })).toMatchObject({
      status: 'completed',
      linesApplied: 1,
    });
    expect(await facet()).toMatchObject({ data: { employment_status: 'unemployed' }, version: 1 });
    // Two lines for one person in one chunk, then the same values again: versions 2 and 3, and the
    // repeat changes nothing.
    const registered = { unemployment_registered: false };
    expect(await push({ employment_status: 'employed' }, registered)).toMatchObject({ status: 'completed' });
    expect(await push(registered)).toMatchObject({ status: 'completed' });
    expect(await facet()).toMatchObject({
      data: { employment_status: 'employed', ...registered },
      version: 3,
    });
    expect(await events()).toEqual([
      { fields: ['employment.employment_status'], version: 1 },
      { fields: ['employment.employment_status'], version: 2 },
      { fields: ['employment.unemployment_registered'], version: 3 },
    ]);
  });

  it('reports a NUL character in a value as the line’s error (the database cannot store it)', async () => {
    const hrss = (await departmentKey(api, city.slug, 'human_resources_social_security', ['residents:write']))
      .secret;
    const response = await upload(
      hrss,
      'format=ndjson&chunkSize=10&sourceSystem=x',
      `${JSON.stringify({ idNumber: people[4], domain: 'employment', data: { employment_status: 'a\u0000b' } })}\n`,
      'application/x-ndjson',
    );
    expect(response.status).toBe(200);
    const job = await body<Job>(response);
    expect(job).toMatchObject({ status: 'completed_with_errors', linesFailed: 1 });
    expect(job.failures[0]?.errors).toEqual([
      {
        path: 'data.employment_status',
        code: 'facet.nul_character',
        message: 'must not contain the NUL character (U+0000)',
      },
    ]);
  });

  it('takes CSV with typed cells, and refuses a department writing a domain it does not own', async () => {
    const csv = [
      'id_number,enrolled,monthly_amount',
      `${people[0]},是,785`,
      `${people[1]},否,`,
      `${people[2]},也许,10`,
    ].join('\n');
    const job = await body<Job>(
      await upload(
        keys.civil,
        'format=csv&domain=minimum_income&chunkSize=10&sourceSystem=民政低保系统',
        csv,
        'text/csv',
      ),
    );
    expect(job.chunksRolledBack).toBe(1);
    expect(job.failures.find((failure) => failure.line === 4)?.errors).toEqual([
      { path: 'enrolled', code: 'import.not_a_boolean', message: 'must be true/false (是/否)' },
    ]);
    expect(await facetCount('minimum_income')).toBe(0);

    const fixed = csv.replace('也许', '是');
    const ok = await body<Job>(
      await upload(
        keys.civil,
        'format=csv&domain=minimum_income&chunkSize=10&sourceSystem=民政低保系统',
        fixed,
        'text/csv',
      ),
    );
    expect(ok).toMatchObject({ status: 'completed', linesApplied: 3 });
    expect(await facetCount('minimum_income')).toBe(3);

    const notOwner = await body<Job>(
      await upload(
        keys.police,
        'format=csv&domain=minimum_income&chunkSize=10&sourceSystem=x',
        `id_number,enrolled\n${people[3]},是\n`,
        'text/csv',
      ),
    );
    expect(notOwner.failures[0]?.errors[0]?.message).toMatch(/Only the department that owns/);
    expect(await facetCount('minimum_income')).toBe(3);
  });
  it('refuses a CSV whose header names a column that is no field of the domain, instead of dropping its values', async () => {
    const before = (await facetCount('minimum_income')) ?? 0;
    const response = await upload(
      keys.civil,
      'format=csv&domain=minimum_income&chunkSize=10&sourceSystem=民政低保系统',
      `id_number,enrolled,monthy_amount\n${people[6]},是,785\n`,
      'text/csv',
    );
    const answer = await body<{
      code?: string;
      details?: { path: string; code: string }[];
      failures?: unknown;
    }>(response);
    expect(JSON.stringify(answer)).toContain('import.unknown_column');
    expect(JSON.stringify(answer)).toContain('monthy_amount');
    expect(await facetCount('minimum_income')).toBe(before);
  });
  it('takes an Excel sheet with the CSV columns, reporting rows as Excel numbers them', async () => {
    const before = (await facetCount('minimum_income')) ?? 0;
    const sheet = (enrolled: string): SheetData => [
      [{ value: 'id_number' }, { value: 'enrolled' }, { value: 'monthly_amount' }],
      [{ value: people[3], type: String }, { value: '是' }, { value: 785, type: Number }],
      [{ value: people[4], type: String }, { value: enrolled }, null],
      [null, null, null], // an empty row: Excel's numbering goes on
      [{ value: Number(people[5]?.replace('X', '0')), type: Number }, { value: '否' }, null],
    ];
    const send = async (rows: SheetData) =>
      api.app.request(
        `/v1/t/${city.slug}/imports?format=xlsx&domain=minimum_income&chunkSize=10&sourceSystem=民政低保表`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${keys.civil}`,
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
          body: await (await writeXlsxFile(rows).toBlob()).arrayBuffer(),
        },
      );
    const job = await body<Job>(await send(sheet('也许')));
    expect(job).toMatchObject({ status: 'completed_with_errors', linesRead: 3, chunksRolledBack: 1 });
    expect(job.failures).toEqual([
      {
        line: 2,
        errors: [
          {
            path: 'chunk',
            code: 'import.chunk_not_applied',
            message: 'not applied: another line of its chunk failed',
          },
        ],
      },
      {
        line: 3,
        errors: [{ path: 'enrolled', code: 'import.not_a_boolean', message: 'must be true/false (是/否)' }],
      },
      {
        line: 5,
        errors: [
          {
            path: 'id_number',
            code: 'field.inexact_number',
            message: expect.stringMatching(/format the column as text/),
          },
        ],
      },
    ]);
    expect(await facetCount('minimum_income')).toBe(before);

    const fixed = sheet('是');
    fixed[4] = [{ value: people[5], type: String }, { value: '否' }, null];
    const ok = await body<Job>(await send(fixed));
    expect(ok).toMatchObject({ status: 'completed', linesApplied: 3, committedThroughLine: 5 });
    expect(await facetCount('minimum_income')).toBe(before + 3);

    const notASheet = await api.app.request(
      `/v1/t/${city.slug}/imports?format=xlsx&domain=minimum_income&sourceSystem=x`,
      { method: 'POST', headers: { authorization: `Bearer ${keys.civil}` }, body: 'id_number,enrolled\n' },
    );
    expect(notASheet.status).toBe(422);
    expect((await body<{ error: { details: unknown } }>(notASheet)).error.details).toEqual([
      { path: 'file', code: 'field.not_xlsx', message: 'not an .xlsx spreadsheet' },
    ]);
  });
});
