import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * What the public pages, feeds and Statuspage JSON show must read as stored: a right-to-left
 * override in an incident's name made "…ssap" display as "pass…" on the page and in feed readers;
 * control characters broke the feeds. Such texts are refused with 422 naming each field, and
 * nothing is written.
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

const hostile = {
  'right-to-left override': '数据链路\u202E故障',
  'left-to-right isolate': 'Data link \u2066down\u2069',
  'a C1 control': 'Data\u0085link',
  'a NUL': 'Data\u0000link',
  'a lone surrogate': 'Data \ud800 link',
  'a line break in a name': 'Data\nlink',
};

describe('texts the public sees are refused when they carry control or direction characters', () => {
  for (const [what, text] of Object.entries(hostile)) {
    it(`refuses an incident named with ${what}, naming the field, writing nothing`, async () => {
      const before = await snapshotStore(db);
      const response = await api.send('POST', `/v1/t/${city.slug}/incidents`, {
        token: PLATFORM_TOKEN,
        json: {
          name: { zh: '数据链路故障', en: text },
          impact: 'minor',
          status: 'investigating',
          departmentIds: [],
          body: { zh: '正在处理', en: 'Working on it' },
        },
      });
      expect(response.status).toBe(422);
      const error = (await body<ErrorBody>(response)).error;
      expect(error.code).toBe('text.unsafe_characters');
      expect(error.details?.map((detail) => detail.path)).toEqual(['name.en']);
      expect(await snapshotStore(db)).toEqual(before);
    });
  }

  it('keeps line breaks in an update body and refuses a direction override there', async () => {
    const opened = await api.send('POST', `/v1/t/${city.slug}/incidents`, {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '数据链路故障', en: 'Data link down' },
        impact: 'minor',
        status: 'investigating',
        departmentIds: [],
        body: { zh: '第一行\n第二行', en: 'Line one\nline two' },
      },
    });
    expect(opened.status).toBe(201);
    const { id } = await body<{ id: string }>(opened);
    const refused = await api.send('POST', `/v1/t/${city.slug}/incidents/${id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'monitoring', body: { zh: '已恢复\u202E', en: 'Recovered' } },
    });
    expect(refused.status).toBe(422);
    expect((await body<ErrorBody>(refused)).error.details?.map((detail) => detail.path)).toEqual(['body.zh']);
  });

  it('refuses a grid staff listing whose name carries a direction override', async () => {
    const response = await api.send('POST', `/v1/t/${city.slug}/staff-listings`, {
      token: PLATFORM_TOKEN,
      json: {
        orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
        name: '张\u202E三',
        role: { zh: '网格员', en: 'Grid worker' },
      },
    });
    expect(response.status).toBe(422);
    expect((await body<ErrorBody>(response)).error.details?.map((detail) => detail.path)).toEqual(['name']);
  });

  it('refuses a department or an org unit named with a direction override (both are shown in public), writing nothing', async () => {
    const before = await snapshotStore(db);
    const department = await api.send('POST', `/v1/t/${city.slug}/departments`, {
      token: PLATFORM_TOKEN,
      json: { key: 'hostile_names', name: { zh: '城管\u202E局', en: 'Urban management' } },
    });
    expect(department.status).toBe(422);
    expect((await body<ErrorBody>(department)).error.details?.map((detail) => detail.path)).toEqual([
      'name.zh',
    ]);
    const unit = await api.send(
      'PATCH',
      `/v1/t/${city.slug}/org-units/${await unitId(db.db, city.id, 'east-c1')}`,
      {
        token: PLATFORM_TOKEN,
        json: { name: { zh: '东社区', en: 'East\u0000' } },
      },
    );
    expect(unit.status).toBe(422);
    expect((await body<ErrorBody>(unit)).error.details?.map((detail) => detail.path)).toEqual(['name.en']);
    expect(await snapshotStore(db)).toEqual(before);
  });
});
