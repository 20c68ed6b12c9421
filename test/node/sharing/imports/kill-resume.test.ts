import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../../functions/auth/context';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { bulkPush, getImportJob } from '../../../../functions/sharing/imports/bulk.service';
import { LEASE_MS } from '../../../../functions/sharing/imports/bulk-jobs';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * The import's worker dies mid-import (SIGKILL: no catch, no last word, perhaps a chunk's
 * transaction open), and the same file is resumed: every line is applied exactly once. Each line
 * gives its resident a new value, so a lost line is a missing version and a line applied twice an
 * extra one. The worker needs a real server of its own (a process, a connection), so this file
 * runs when TEST_DATABASE_URL is set.
 */
const RESIDENTS = 40;
const LINES = 4000;
const CHUNK = 50;
const child = fileURLToPath(new URL('./kill-resume.child.ts', import.meta.url));
let db: TestDatabase;
let city: TenantRow;
let dir: string;
const people: { id: string; idNumber: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  dir = mkdtempSync(join(tmpdir(), 'shequ-kill-resume-'));
  if (db.kind !== 'postgres') return;
  const grid = await unitId(db.db, city.id, 'east-c1-g1');
  for (let i = 0; i < RESIDENTS; i++) {
    const idNumber = idNumberFor('1950-01-01', 100 + i);
    const { id } = await registerResident(context(), { idNumber, name: `断点${i}`, addressUnitId: grid });
    people.push({ id, idNumber });
  }
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.close();
});

function context(offset = 0): ServiceContext {
  return {
    db: db.db,
    tenant: city,
    actor: platform,
    now: () => new Date(Date.now() + offset),
    dataKey: DATA_KEY,
  };
}

const cursor = async (id: string) =>
  (
    await db.query<{ n: number }>('select committed_through_line as n from import_jobs where id = $1', [id])
  )[0]?.n ?? 0;

/** Runs the import in a child process and kills it (SIGKILL) once `killAt` lines are committed. */
async function killMidway(file: string, jobId: string, killAt: number): Promise<number> {
  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', child, db.url ?? '', city.slug, jobId, file, String(CHUNK)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  for (let i = 0; i < 3000 && (await cursor(jobId)) < killAt; i++)
    await new Promise((r) => setTimeout(r, 10));
  worker.kill('SIGKILL');
  await exited;
  return cursor(jobId);
}

describe.runIf(process.env.TEST_DATABASE_URL)(
  'a worker killed mid-import, then resumed (real PostgreSQL)',
  () => {
    it('loses no line and applies none twice, run after run', async () => {
      const report: string[] = [];
      for (let round = 0; round < 4; round++) {
        const lines = Array.from({ length: LINES }, (_, n) =>
          JSON.stringify({
            idNumber: people[n % RESIDENTS]?.idNumber,
            domain: 'elderly',
            data: { care_level: `r${round}-${n + 1}` },
          }),
        );
        const file = join(dir, `round-${round}.ndjson`);
        writeFileSync(file, `${lines.join('\n')}\n`);
        const jobId = crypto.randomUUID();
        const killedAt = await killMidway(file, jobId, 500 + round * 700);
        expect(killedAt).toBeGreaterThan(0);
        expect(killedAt).toBeLessThan(LINES);
        // Dead without a word: still "running" in its row, shown interrupted once its lease lapses.
        expect((await getImportJob(context(), jobId)).status).toBe('running');
        await expect(
          bulkPush(
            context(),
            { format: 'ndjson', chunkSize: CHUNK, sourceSystem: 'x', resumeJobId: jobId },
            new Blob([]).stream(),
          ),
        ).rejects.toMatchObject({ code: 'import.running' });
        expect((await getImportJob(context(LEASE_MS + 1000), jobId)).status).toBe('interrupted');
        const resumed = await bulkPush(
          context(LEASE_MS + 1000),
          { format: 'ndjson', chunkSize: CHUNK, sourceSystem: 'kill-resume', resumeJobId: jobId },
          new Blob([`${lines.join('\n')}\n`]).stream(),
        );
        expect(resumed).toMatchObject({ status: 'completed', committedThroughLine: LINES });
        expect(resumed.linesApplied).toBe(LINES - killedAt);

        // Per resident, this round's events carry versions round*k+1 … (round+1)*k, each once.
        const perResident = LINES / RESIDENTS;
        const rows = await db.query<{ resident_id: string; version: number; n: number }>(
          `select resident_id, version, count(*)::int as n from change_events
          where tenant_id = $1 and domain_key = 'elderly' and version > $2 group by resident_id, version`,
          [city.id, round * perResident],
        );
        const twice = rows.reduce((sum, row) => sum + Math.max(0, row.n - 1), 0);
        const lost = RESIDENTS * perResident - rows.length;
        const beyond = rows.filter((row) => row.version > (round + 1) * perResident).length;
        const facets = await db.query<{ resident_id: string; version: number; level: string }>(
          `select f.resident_id, f.version, f.data->>'care_level' as level from facets f
           join data_domains d on d.id = f.domain_id where f.tenant_id = $1 and d.key = 'elderly'`,
          [city.id],
        );
        report.push(
          `round ${round + 1}: killed at line ${killedAt}/${LINES}; lost ${lost}, applied twice ${twice + beyond}`,
        );
        expect({ lost, twice, beyond }).toEqual({ lost: 0, twice: 0, beyond: 0 });
        expect(facets).toHaveLength(RESIDENTS);
        for (const facet of facets) {
          const index = people.findIndex((person) => person.id === facet.resident_id);
          expect(facet).toMatchObject({
            version: (round + 1) * perResident,
            level: `r${round}-${LINES - RESIDENTS + index + 1}`,
          });
        }
      }
      console.log(report.join('\n'));
    }, 300_000);
  },
);
