import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import * as schema from '../../../schema';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, unitId } from '../../support/identity';
import { idNumberFor } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

/**
 * Every reference is checked inside the caller's city (issue 16 item 6). Row-level security does
 * not apply to foreign-key checks, so a single-column key accepts another city's row; each key
 * between two cities' tables therefore has a twin on `(tenant_id, x_id)`, and a reference the
 * database refuses is a 422 `reference.unknown` naming the field, with nothing written.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let other: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  other = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

/** `table.column → target` for every key from a city's table to another city-owned table. */
function cityReferences(): string[] {
  const tables = Object.values(schema).filter((value) => is(value, PgTable)) as PgTable[];
  return tables.flatMap((table) => {
    const config = getTableConfig(table);
    if (!config.columns.some((column) => column.name === 'tenant_id')) return [];
    return config.foreignKeys.flatMap((key) => {
      const reference = key.reference();
      const column = reference.columns[0]?.name;
      const target = getTableConfig(reference.foreignTable);
      const targetTenant = target.columns.find((c) => c.name === 'tenant_id');
      // Users are left out: a platform administrator belongs to no city.
      if (reference.columns.length !== 1 || column === 'tenant_id' || !targetTenant?.notNull) return [];
      return [`${config.name}.${column} → ${target.name}`];
    });
  });
}

describe('references stay inside the city', () => {
  it('every key between two cities’ tables has its (tenant_id, x_id) twin in the database', async () => {
    const expected = cityReferences();
    expect(expected.length).toBeGreaterThan(90);
    const rows = await db.query<{ reference: string }>(`
      select c.conrelid::regclass::text || '.' || a2.attname || ' → ' || c.confrelid::regclass::text as reference
        from pg_constraint c
        join pg_attribute a1 on a1.attrelid = c.conrelid and a1.attnum = c.conkey[1]
        join pg_attribute a2 on a2.attrelid = c.conrelid and a2.attnum = c.conkey[2]
        join pg_attribute f1 on f1.attrelid = c.confrelid and f1.attnum = c.confkey[1]
        join pg_attribute f2 on f2.attrelid = c.confrelid and f2.attnum = c.confkey[2]
       where c.contype = 'f' and array_length(c.conkey, 1) = 2
         and a1.attname = 'tenant_id' and f1.attname = 'tenant_id' and f2.attname = 'id'`);
    const present = new Set(rows.map((row) => row.reference.replaceAll('"', '')));
    expect(expected.filter((reference) => !present.has(reference))).toEqual([]);
  });

  it('a resident cannot be registered at another city’s unit: 422 naming addressUnitId, nothing written', async () => {
    const before = await snapshotStore(db);
    const response = await api.post(`/v1/t/${city.slug}/residents`, {
      idNumber: idNumberFor('1980-01-01', 11),
      name: '张三',
      addressUnitId: await unitId(db.db, other.id, 'east-c1-g1'),
    });
    expect(response.status).toBe(422);
    const { error } = await body<ErrorBody>(response);
    expect(error.code).toBe('reference.unknown');
    expect(error.details?.map(({ path, code }) => `${path} ${code}`)).toEqual([
      'addressUnitId field.reference.unknown',
    ]);
    expect(await snapshotStore(db)).toEqual(before);
    const own = await api.post(`/v1/t/${city.slug}/residents`, {
      idNumber: idNumberFor('1980-01-01', 15),
      name: '王五',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    });
    expect(own.status).toBe(201);
  });

  it('nor at a unit that does not exist (was a 500)', async () => {
    const response = await api.post(`/v1/t/${city.slug}/residents`, {
      idNumber: idNumberFor('1980-01-01', 13),
      name: '李四',
      addressUnitId: crypto.randomUUID(),
    });
    expect(response.status).toBe(422);
    expect((await body<ErrorBody>(response)).error.details?.[0]?.path).toBe('addressUnitId');
  });
});
