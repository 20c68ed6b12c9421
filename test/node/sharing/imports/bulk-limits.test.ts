import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../../functions/auth/context';
import type { Principal } from '../../../../functions/auth/principal';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { bulkPush, getImportJob } from '../../../../functions/sharing/imports/bulk.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, person, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * What an upload may not do to the server: cost more than linear time or unbounded memory for a
 * line (however long), overflow a stack with nesting, fail the whole import with one odd line, or
 * go on working for a client that has left.
 */
let db: TestDatabase;
let city: TenantRow;
let staff: Principal;
const idNumber = idNumberFor('1968-02-03', 811);

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  const unit = await unitId(db.db, city.id, 'east-c1');
  await registerResident(context(), {
    idNumber,
    name: '界限',
    addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
  });
  const { user } = await person(db.db, city, 'community_staff', 'east-c1');
  staff = {
    kind: 'user',
    id: user.id,
    tenantId: city.id,
    sessionId: 'test-session',
    grants: [{ id: 'test-grant', role: 'community_staff', orgUnitId: unit }],
  };
});
afterAll(async () => db.close());

function context(actor: Principal = platform): ServiceContext {
  return { db: db.db, tenant: city, actor, now: () => new Date(), dataKey: DATA_KEY };
}

/** `size` bytes with no newline, produced as they are read (64 KB at a time). */
function newlineFree(size: number, prefix = ''): ReadableStream<Uint8Array> {
  const block = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0 && prefix) {
        const head = new TextEncoder().encode(prefix);
        controller.enqueue(head);
        sent += head.byteLength;
        return;
      }
      if (sent >= size) return controller.close();
      const part = block.subarray(0, Math.min(block.byteLength, size - sent));
      controller.enqueue(part);
      sent += part.byteLength;
    },
  });
}

const ndjson = (lines: unknown[]) =>
  new Blob([
    `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`,
  ]).stream();
const push = (body: ReadableStream<Uint8Array>, actor: Principal = platform, extra: object = {}) =>
  bulkPush(context(actor), { format: 'ndjson', chunkSize: 10, sourceSystem: 'x', ...extra }, body);
const jobCount = async () =>
  (await db.query<{ n: number }>('select count(*)::int as n from import_jobs'))[0]?.n;

describe('an upload’s lines', () => {
  it('a line longer than 1 MB is its line’s error, found in linear time (16 MB without a newline: was 27 s)', async () => {
    const started = performance.now();
    const job = await push(newlineFree(16 * 1024 * 1024, '{"idNumber":"'));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(job).toMatchObject({ status: 'completed_with_errors', linesRead: 1, linesFailed: 1 });
    expect(job.failures).toEqual([
      {
        line: 1,
        errors: [
          {
            path: 'line',
            code: 'import.line_too_long',
            params: { megabytes: 1 },
            message: expect.stringMatching(/longer than 1 MB/),
          },
        ],
      },
    ]);
  }, 15_000);

  it('a valid JSON line over 1 MB is refused, and the lines around it are applied', async () => {
    const huge = { idNumber, domain: 'employment', data: { employment_status: 'x'.repeat(1100 * 1024) } };
    const good = { idNumber, domain: 'employment', data: { employment_status: 'employed' } };
    const job = await push(ndjson([good, huge, good]), platform, { chunkSize: 1 });
    expect(job).toMatchObject({ status: 'completed_with_errors', linesApplied: 2, linesFailed: 1 });
    expect(job.failures).toEqual([
      {
        line: 2,
        errors: [
          {
            path: 'line',
            code: 'import.line_too_long',
            params: { megabytes: 1 },
            message: expect.stringMatching(/longer than 1 MB/),
          },
        ],
      },
    ]);
  });

  it('JSON nested 10,000 deep is its line’s error, for departments and for people (was a stack overflow, 500)', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const line = `{"idNumber":"${idNumber}","domain":"community_basics","data":{"occupation":${deep}}}`;
    for (const actor of [staff, platform]) {
      const job = await push(ndjson([line]), actor);
      expect(job).toMatchObject({ status: 'completed_with_errors', linesFailed: 1 });
      expect(job.failures[0]?.errors).toEqual([
        {
          path: 'data.occupation',
          code: 'import.json_too_deep',
          params: { depth: 16 },
          message: 'nested deeper than 16 levels',
        },
      ]);
    }
  });

  it('an object with thousands of keys is one error, not one per key', async () => {
    const data = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const job = await push(ndjson([{ idNumber, domain: 'employment', data }]));
    expect(job.failures[0]?.errors).toEqual([
      { path: 'data', code: 'import.too_many_keys', params: { keys: 1000 }, message: 'more than 1000 keys' },
    ]);
  });

  it('a lone surrogate is its line’s error, in a value, a key or the domain; a NUL in a key too (were 500s)', async () => {
    const lines = [
      `{"idNumber":"${idNumber}","domain":"employment","data":{"employment_status":"\\ud800"}}`,
      `{"idNumber":"${idNumber}","domain":"employment","data":{"\\udc00":"x"}}`,
      `{"idNumber":"${idNumber}","domain":"employ\\ud800ment","data":{"employment_status":"x"}}`,
      `{"idNumber":"${idNumber}","domain":"employment","data":{"a\\u0000b":"x"}}`,
      JSON.stringify({ idNumber, domain: 'employment', data: { employment_status: 'employed' } }),
    ];
    for (const actor of [platform, staff]) {
      const job = await push(ndjson(lines), actor, { chunkSize: 1 });
      expect(job).toMatchObject({ status: 'completed_with_errors', linesFailed: actor === staff ? 5 : 4 });
      const issues = job.failures.filter((failure) => failure.line <= 4).map((failure) => failure.errors[0]);
      expect(issues).toEqual([
        {
          path: 'data.employment_status',
          code: 'field.text.lone_surrogate',
          message: expect.stringMatching(/lone UTF-16 surrogate/),
        },
        {
          path: 'data',
          code: 'import.key_lone_surrogate',
          message: expect.stringMatching(/a key .*lone UTF-16 surrogate/),
        },
        {
          path: 'domain',
          code: 'field.text.lone_surrogate',
          message: expect.stringMatching(/lone UTF-16 surrogate/),
        },
        { path: 'data', code: 'import.key_nul_character', message: expect.stringMatching(/a key .*NUL/) },
      ]);
    }
  });
  it('a residentId that is not a UUID is its line’s error, for people too', async () => {
    for (const actor of [staff, platform]) {
      const job = await push(
        ndjson([{ residentId: 'not-a-uuid', domain: 'community_basics', data: { occupation: 'x' } }]),
        actor,
      );
      expect(job).toMatchObject({ status: 'completed_with_errors', linesFailed: 1 });
      expect(job.failures[0]?.errors).toEqual([
        { path: 'residentId', code: 'field.uuid', message: expect.any(String) },
      ]);
    }
  });
});

describe('the upload as a whole', () => {
  it('a declared size over the format’s limit is refused with 413 before anything is written', async () => {
    const before = await jobCount();
    await expect(push(ndjson([]), platform, { contentLength: 101 * 1024 * 1024 })).rejects.toMatchObject({
      status: 413,
      code: 'import.too_large',
      params: { format: 'ndjson', megabytes: 100 },
      message: 'The upload is larger than 100 MB, the limit for ndjson.',
      details: [{ path: '(body)', code: 'import.split_file', params: { format: 'ndjson', megabytes: 100 } }],
    });
    await expect(
      bulkPush(
        context(),
        {
          format: 'xlsx',
          domainKey: 'employment',
          chunkSize: 10,
          sourceSystem: 'x',
          contentLength: 11 * 1024 * 1024,
        },
        newlineFree(0),
      ),
    ).rejects.toMatchObject({ status: 413, code: 'import.too_large' });
    expect(await jobCount()).toBe(before);
  });

  it('an undeclared body is counted as it streams: past the limit, 413 (an .xlsx is never held past 10 MB)', async () => {
    const before = await jobCount();
    await expect(
      bulkPush(
        context(),
        { format: 'xlsx', domainKey: 'employment', chunkSize: 10, sourceSystem: 'x' },
        newlineFree(12 * 1024 * 1024),
      ),
    ).rejects.toMatchObject({ status: 413, code: 'import.too_large' });
    expect(await jobCount()).toBe(before);
  });

  it('stops when its client goes (the request’s AbortSignal), and the job shows interrupted', async () => {
    const abort = new AbortController();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const jobId = crypto.randomUUID();
    const job = push(stalled, platform, { signal: abort.signal, jobId });
    controller.enqueue(new TextEncoder().encode('{"idNumber": "'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    abort.abort();
    await expect(job).rejects.toMatchObject({ code: 'import.client_gone' });
    expect((await getImportJob(context(), jobId)).status).toBe('interrupted');
  });
});
