import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, unitId } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';

/**
 * One rule for what a facet write does, whichever way it arrives: the single push
 * (`PUT …/facets/{domain}`) and the bulk import (`POST …/imports`) are two implementations (a
 * drizzle verb and set-based SQL). The same sequences of writes go through both, and the stored
 * facet and the change events must come out the same. A difference in merging, versioning or
 * which fields an event names fails here.
 */
interface Write {
  data: Record<string, unknown>;
  effectiveOn?: string;
}

const cases: { name: string; writes: Write[] }[] = [
  { name: 'a first write creates the facet at version 1', writes: [{ data: { enrolled: true } }] },
  {
    name: 'a later write merges into the facet and names only the fields that changed',
    writes: [
      { data: { enrolled: true, monthly_amount: 600 } },
      { data: { enrolled: true, monthly_amount: 700 } },
    ],
  },
  {
    name: 'a write of a field not sent before keeps the others',
    writes: [{ data: { enrolled: true } }, { data: { monthly_amount: 450 } }],
  },
  {
    name: 'a repeat of the same values changes nothing and emits nothing',
    writes: [
      { data: { enrolled: false, monthly_amount: 0 } },
      { data: { enrolled: false, monthly_amount: 0 } },
    ],
  },
  {
    name: 'a field set back to an earlier value is a change',
    writes: [{ data: { enrolled: true } }, { data: { enrolled: false } }, { data: { enrolled: true } }],
  },
  {
    name: 'the effective date travels with the write',
    writes: [
      { data: { enrolled: true }, effectiveOn: '2026-01-01' },
      { data: { monthly_amount: 300 }, effectiveOn: '2026-02-01' },
    ],
  },
];

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let civil = '';
let grid = '';
let serial = 700;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  grid = await unitId(db.db, city.id, 'east-c1-g1');
  civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
});
afterAll(async () => db.close());

async function newResident(): Promise<{ id: string; idNumber: string }> {
  const idNumber = idNumberFor('1970-05-05', serial++);
  const response = await api.send('POST', `/v1/t/${city.slug}/residents`, {
    token: PLATFORM_TOKEN,
    json: { idNumber, name: '写入规则', addressUnitId: grid },
  });
  expect(response.status).toBe(201);
  return { id: ((await response.json()) as { id: string }).id, idNumber };
}

async function pushOne(residentId: string, write: Write) {
  const response = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
    token: civil,
    json: { ...write, sourceSystem: '民政低保系统' },
  });
  expect([200, 201], await response.clone().text()).toContain(response.status);
}

async function pushBulk(idNumber: string, write: Write) {
  const line = JSON.stringify({ idNumber, domain: 'minimum_income', ...write });
  const response = await api.app.request(
    `/v1/t/${city.slug}/imports?format=ndjson&sourceSystem=${encodeURIComponent('民政低保系统')}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${civil}`, 'content-type': 'application/x-ndjson' },
      body: `${line}\n`,
    },
  );
  const job = (await response.json()) as { status: string; linesApplied: number };
  expect(job, line).toMatchObject({ status: 'completed', linesApplied: 1 });
}

/** What a write leaves behind, without what necessarily differs (ids, clocks, sequence numbers). */
async function outcome(residentId: string) {
  const [facet] = await db.query<{
    data: unknown;
    version: number;
    effective_on: string;
    source_system: string;
  }>(
    `select f.data, f.version, f.effective_on::text, f.source_system
       from facets f join data_domains d on d.id = f.domain_id
      where f.resident_id = $1 and d.key = 'minimum_income'`,
    [residentId],
  );
  const events = await db.query<{ kind: string; domain_key: string; fields: string[]; version: number }>(
    `select kind, domain_key, fields, version from change_events
      where resident_id = $1 and kind = 'facet.updated' order by seq`,
    [residentId],
  );
  return { facet, events: events.map((event) => ({ ...event, fields: [...event.fields].sort() })) };
}

describe('the facet-write rule is one rule for the single push and the bulk import', () => {
  for (const { name, writes } of cases) {
    it(name, async () => {
      const single = await newResident();
      const bulk = await newResident();
      for (const write of writes) {
        await pushOne(single.id, write);
        await pushBulk(bulk.idNumber, write);
      }
      const viaSingle = await outcome(single.id);
      const viaBulk = await outcome(bulk.id);
      expect(viaBulk).toEqual(viaSingle);
      // And the rule itself, so two equal wrong answers do not pass.
      const changes = writes.filter((write, index) =>
        Object.entries(write.data).some(
          ([key, value]) =>
            writes
              .slice(0, index)
              .map((earlier) => earlier.data)
              .reduce<Record<string, unknown>>((merged, data) => Object.assign(merged, data), {})[key] !==
            value,
        ),
      ).length;
      expect(viaSingle.events).toHaveLength(changes);
      expect(viaSingle.facet?.version).toBe(changes);
      expect(viaSingle.facet?.data).toEqual(Object.assign({}, ...writes.map((write) => write.data)));
    });
  }
});
