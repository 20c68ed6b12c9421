import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../../functions/auth/context';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { bulkPush, getImportJob } from '../../../../functions/sharing/imports/bulk.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * A resume continues an import exactly once: lines already committed are never applied again,
 * whoever asks and however often. Each line below changes a resident's value (the line number),
 * so a line applied twice shows as an extra change event and a higher version.
 */
let db: TestDatabase;
let city: TenantRow;
const people: string[] = [];
const LINES = 12;
const MINUTE = 60_000;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  const grid = await unitId(db.db, city.id, 'east-c1-g2');
  for (let i = 0; i < 3; i++) {
    const idNumber = idNumberFor(`1979-03-0${i + 1}`, 300 + i);
    await registerResident(context(), { idNumber, name: `续传${i}`, addressUnitId: grid });
    people.push(idNumber);
  }
});
afterAll(async () => db.close());

function context(offset = 0): ServiceContext {
  return {
    db: db.db,
    tenant: city,
    actor: platform,
    now: () => new Date(Date.now() + offset),
    dataKey: DATA_KEY,
  };
}

/** A number field of each domain the tests write. */
const FIELD: Record<string, string> = {
  minimum_income: 'monthly_amount',
  family_planning: 'children',
  community_basics: 'household_size',
};

/** Line n (1-based) of a file: resident (n-1) mod 3, in domain `domain`, value n. */
function file(domain: string): string[] {
  return Array.from({ length: LINES }, (_, i) => line(domain, i % 3, i + 1));
}
const line = (domain: string, person: number, value: number) =>
  JSON.stringify({ idNumber: people[person], domain, data: { [FIELD[domain] ?? '']: value } });
const text = (lines: string[]) => `${lines.join('\n')}\n`;
const whole = (lines: string[]) => new Blob([text(lines)]).stream();

/** An upload the test feeds by hand: part of it, then a stall, a break or the rest. */
function upload() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    stream,
    send: (lines: string[]) => controller.enqueue(new TextEncoder().encode(text(lines))),
    end: () => controller.close(),
    break: () => controller.error(new Error('connection reset by peer')),
  };
}

const push = (domain: string, body: ReadableStream<Uint8Array>, extra: object = {}, offset = 0) =>
  bulkPush(
    context(offset),
    { format: 'ndjson', chunkSize: 2, sourceSystem: 'x', domainKey: domain, ...extra },
    body,
  );

async function waitForCursor(id: string, line: number) {
  for (let i = 0; i < 200; i++) {
    const [row] = await db.query<{ n: number }>(
      'select committed_through_line as n from import_jobs where id = $1',
      [id],
    );
    if (row && row.n >= line) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${id} never reached line ${line}`);
}

const counts = async (domain: string) => {
  const [events] = await db.query<{ n: number }>(
    'select count(*)::int as n from change_events where tenant_id = $1 and domain_key = $2',
    [city.id, domain],
  );
  const versions = await db.query<{ version: number; amount: number }>(
    `select f.version, (f.data->>$2)::int as amount from facets f
       join data_domains d on d.id = f.domain_id join residents r on r.id = f.resident_id
      where d.key = $1 order by r.name`,
    [domain, FIELD[domain]],
  );
  const [jobs] = await db.query<{ n: number }>('select count(*)::int as n from import_jobs');
  return { events: events?.n, versions, jobs: jobs?.n };
};
/** Every line applied once: 12 events, each resident at version 4 with its last line's value. */
const exactlyOnce = () => ({
  events: LINES,
  versions: [10, 11, 12].map((n) => ({ version: 4, amount: n })),
});

/** An import whose upload broke after `through` lines (committed): the usual thing to resume. */
async function brokenImport(domain: string, through: number) {
  const lines = file(domain);
  const feed = upload();
  const id = crypto.randomUUID();
  const job = push(domain, feed.stream, { jobId: id });
  feed.send(lines.slice(0, through));
  await waitForCursor(id, through);
  feed.break();
  // The refusal says how far the import got and how to go on.
  await expect(job).rejects.toMatchObject({
    status: 400,
    code: 'import.upload_broken',
    details: [{ path: 'job', code: 'import.resume_hint', params: { job: id, line: through } }],
  });
  return { id, lines };
}

describe('resuming an import', () => {
  it('applies the rest once; a second resume of the same job is refused and changes nothing', async () => {
    const { id, lines } = await brokenImport('minimum_income', 6);
    expect((await getImportJob(context(), id)).status).not.toBe('running');
    const resumed = await push('minimum_income', whole(lines), { resumeJobId: id });
    expect(resumed).toMatchObject({ status: 'completed', linesApplied: 6, committedThroughLine: 12 });
    expect(await counts('minimum_income')).toMatchObject(exactlyOnce());
    const before = await counts('minimum_income');

    // Was: 200, lines 7–12 applied again (18 events, versions 6).
    await expect(push('minimum_income', whole(lines), { resumeJobId: id })).rejects.toMatchObject({
      status: 409,
      code: 'import.already_resumed',
      params: { by: resumed.id },
      message: `This import was already resumed, by import ${resumed.id}; resume that one if it stops.`,
    });
    await expect(push('minimum_income', whole(lines), { resumeJobId: resumed.id })).rejects.toMatchObject({
      status: 409,
      code: 'import.finished',
      params: { status: 'completed' },
    });
    expect(await counts('minimum_income')).toEqual(before);
  });

  it('refuses a different file: the lines already applied must be the same; nothing is written', async () => {
    const { id, lines } = await brokenImport('family_planning', 4);
    const before = await counts('family_planning');
    const changed = [...lines];
    changed[1] = line('family_planning', 1, 99);
    // Was: 200, lines 5–12 of another file applied after lines 1–4 of this one.
    await expect(push('family_planning', whole(changed), { resumeJobId: id })).rejects.toMatchObject({
      status: 409,
      code: 'import.resume_mismatch',
      details: [{ path: 'file', code: 'import.resume_lines_differ', params: { through: 4, job: id } }],
    });
    // Another format or domain is refused before a byte is read.
    await expect(
      push('family_planning', whole(lines), { resumeJobId: id, format: 'csv', domainKey: undefined }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'import.resume_mismatch',
      details: [
        { path: 'format', code: 'import.resume_format', params: { was: 'ndjson', now: 'csv' } },
        { path: 'domain', code: 'import.resume_domain', params: { domain: 'family_planning' } },
      ],
    });
    await expect(
      push('family_planning', whole(lines.slice(0, 3)), { resumeJobId: id }),
    ).rejects.toMatchObject({
      code: 'import.resume_mismatch',
    });
    expect(await counts('family_planning')).toEqual(before);
    // The right file still resumes it.
    await push('family_planning', whole(lines), { resumeJobId: id });
    expect(await counts('family_planning')).toMatchObject(exactlyOnce());
  });

  it('a running import is not resumed; once its lease lapses it shows interrupted, is resumed once, and its worker applies nothing more', async () => {
    const domain = 'community_basics';
    const lines = file(domain);
    const feed = upload();
    const id = crypto.randomUUID();
    const original = push(domain, feed.stream, { jobId: id });
    feed.send(lines.slice(0, 4));
    await waitForCursor(id, 4);

    // Was: 200 while the first upload was still running (two workers on one job).
    await expect(push(domain, whole(lines), { resumeJobId: id })).rejects.toMatchObject({
      status: 409,
      code: 'import.running',
    });
    expect((await getImportJob(context(), id)).status).toBe('running');
    // Its worker stalls; ten minutes on, the job is shown interrupted (was: running forever).
    expect((await getImportJob(context(10 * MINUTE), id)).status).toBe('interrupted');

    // Two resumes of it at once: one wins.
    const results = await Promise.allSettled([
      push(domain, whole(lines), { resumeJobId: id }, 10 * MINUTE),
      push(domain, whole(lines), { resumeJobId: id }, 10 * MINUTE),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { status: 409, code: 'import.already_resumed' },
    });
    expect(await counts(domain)).toMatchObject(exactlyOnce());

    // The stalled worker wakes up and sends the rest: it is fenced off, nothing applied twice.
    feed.send(lines.slice(4));
    feed.end();
    await expect(original).rejects.toMatchObject({ status: 409, code: 'import.taken_over' });
    expect(await counts(domain)).toMatchObject(exactlyOnce());
    expect((await getImportJob(context(), id)).status).toBe('interrupted');
  });
});
