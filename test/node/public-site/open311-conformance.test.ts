import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptCase, dispatchCase, reportCase } from '../../../functions/cases/case-handling.service';
import { registerCase } from '../../../functions/cases/cases.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DATA_KEY } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { departmentKey } from '../../support/sharing';

/**
 * Open311 GeoReport v2 as its clients read it: JSON answers validate against the Open311 project's
 * own schemas (vendored in test/support/open311-schemas, source noted there) with Ajv; XML answers
 * parse with a strict XML parser under the spec's root elements; errors are the spec's arrays with
 * its statuses; a POST, then tokens/{token}, then requests/{id}; and a marker contact never appears
 * in any answer.
 */
const SCHEMAS = new URL('../../support/open311-schemas/', import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const name of ['service', 'services', 'service-definition', 'request', 'requests'])
  ajv.addSchema(JSON.parse(readFileSync(new URL(`${name}.json`, SCHEMAS), 'utf8')), `${name}.json`);

function conforms(schema: string, value: unknown) {
  const validate = ajv.getSchema(`${schema}.json`);
  if (!validate) throw new Error(`no schema ${schema}`);
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
}

/** The document's root element name, from a strict XML 1.0 parser (throws on anything malformed). */
function xmlRoot(text: string): string {
  const parser = new SaxesParser({ xmlns: false });
  let root = '';
  parser.on('opentag', (tag) => {
    if (!root) root = tag.name;
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(text).close();
  return root;
}

const MARKER = 'marker-contact-13800138000';
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let q = '';
const seen: string[] = [];

async function get(path: string) {
  const response = await api.get(path);
  const text = await response.text();
  seen.push(text);
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
}

function post(path: string, fields: Record<string, string>) {
  return api.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  q = `?jurisdiction_id=${city.slug}`;
});
afterAll(async () => db.close());

describe('Open311 GeoReport v2 against the published schemas', () => {
  let id = '';
  let token = '';

  it('lists the public categories as services, with their questions as a service definition', async () => {
    const services = await get(`/open311/v2/services.json${q}`);
    expect(services.status).toBe(200);
    conforms('services', services.json());
    const codes = (services.json() as { service_code: string }[]).map((item) => item.service_code);
    expect(codes).toContain('city_operation');
    expect(codes).not.toContain('public_order');
    const definition = await get(`/open311/v2/services/city_operation.json${q}`);
    conforms('service-definition', definition.json());
    expect(definition.json()).toMatchObject({
      attributes: [
        { code: 'hazard', datatype: 'singlevaluelist', values: [{ key: 'true' }, { key: 'false' }] },
      ],
    });
    for (const [path, root] of [
      ['services.xml', 'services'],
      ['services/city_operation.xml', 'service_definition'],
      ['discovery.xml', 'discovery'],
      ['requests.xml', 'service_requests'],
    ] as const) {
      const xml = await get(`/open311/v2/${path}${q}`);
      expect(xml.status, path).toBe(200);
      expect(xmlRoot(xml.text), path).toBe(root);
    }
  });

  it('takes a POST, answers a token, and resolves it to the request', async () => {
    const response = await post('/open311/v2/requests.json', {
      jurisdiction_id: city.slug,
      service_code: 'city_operation',
      address_id: 'east-c1-g1',
      address_string: '3 号楼东侧消防通道',
      lat: '26.647',
      long: '106.630',
      description: '消防通道被私家车堵塞',
      'attribute[hazard]': 'true',
      phone: MARKER,
      first_name: '',
    });
    expect(response.status).toBe(201);
    const [created] = await body<{ service_request_id: string; token: string }[]>(response);
    id = created?.service_request_id ?? '';
    token = created?.token ?? '';
    expect(id).toMatch(/^\d{4}-\d{6}$/);
    const byToken = await get(`/open311/v2/tokens/${token}.json${q}`);
    expect(byToken.json()).toEqual([{ service_request_id: id, token }]);
    expect(xmlRoot((await get(`/open311/v2/tokens/${token}.xml${q}`)).text)).toBe('service_requests');
    const request = await get(`/open311/v2/requests/${id}.json${q}`);
    conforms('requests', request.json());
    expect(request.json()).toMatchObject([
      {
        service_request_id: id,
        status: 'open',
        status_notes: '已接收',
        address_id: 'east-c1-g1',
        lat: 26.647,
      },
    ]);
    expect((request.json() as { requested_datetime: string }[])[0]?.requested_datetime).toMatch(/\+08:00$/);
    const list = await get(`/open311/v2/requests.json${q}&status=open&service_code=city_operation`);
    conforms('requests', list.json());
    expect((list.json() as unknown[]).length).toBe(1);
    expect(xmlRoot((await get(`/open311/v2/requests/${id}.xml${q}`)).text)).toBe('service_requests');
  });

  it('shows the richer states as notes[] and FixMyStreet-style servicerequestupdates', async () => {
    const [row] = await db.query<{ id: string }>('select id from cases where number = $1', [id]);
    const staff = {
      db: db.db,
      tenant: city,
      actor: { kind: 'platform' as const, id: 'manager' },
      now: () => new Date(),
      dataKey: DATA_KEY,
    };
    await registerCase(staff, row?.id as string, {});
    await dispatchCase(staff, row?.id as string, {});
    const request = await get(`/open311/v2/requests/${id}.json${q}`);
    conforms('requests', request.json());
    const [one] = request.json() as { status: string; notes: { type: string; summary: string }[] }[];
    expect(one?.status).toBe('open');
    expect(one?.notes.map((note) => note.type)).toEqual(['open', 'investigating', 'action_scheduled']);
    expect(one?.notes[2]?.summary).toBe('已派遣');
    const xmlRequest = await get(`/open311/v2/requests/${id}.xml${q}`);
    expect(xmlRequest.text).toContain('<notes><note><datetime>');
    const updates = await get(`/open311/v2/servicerequestupdates.json${q}&lang=en`);
    expect(updates.status).toBe(200);
    const mine = (
      updates.json() as { service_request_id: string; status: string; description: string }[]
    ).filter((update) => update.service_request_id === id);
    expect(mine.map((update) => update.status)).toEqual(['open', 'investigating', 'action_scheduled']);
    expect(mine[2]?.description).toBe('Sent to the handler');
    const xml = await get(`/open311/v2/servicerequestupdates.xml${q}`);
    expect(xmlRoot(xml.text)).toBe('service_requests_updates');
    expect(xml.text).toContain('<request_update><update_id>');
    const bad = await get(`/open311/v2/servicerequestupdates.json${q}&start_date=yesterday`);
    expect(bad.status).toBe(400);
  });

  it('carries the handler’s reply in status_notes and the notes, valid JSON and well-formed XML even with markup in it', async () => {
    const [row] = await db.query<{ id: string }>('select id from cases where number = $1', [id]);
    const staff = {
      db: db.db,
      tenant: city,
      actor: { kind: 'platform' as const, id: 'handler' },
      now: () => new Date(),
      dataKey: DATA_KEY,
    };
    const reply = '已修复 <b>2 号</b> 井盖 & 加固 "边框"';
    await acceptCase(staff, row?.id as string, {});
    await reportCase(staff, row?.id as string, { summary: '已修复', publicReply: reply });
    const request = await get(`/open311/v2/requests/${id}.json${q}`);
    conforms('requests', request.json());
    const [one] = request.json() as { status_notes: string; notes: { summary: string }[] }[];
    expect(one?.status_notes).toContain(`处理答复：${reply}`);
    expect(one?.notes.at(-1)?.summary).toBe(`已处理：${reply}`);
    for (const path of [`/open311/v2/requests/${id}.xml${q}`, `/open311/v2/servicerequestupdates.xml${q}`])
      expect(['service_requests', 'service_requests_updates']).toContain(xmlRoot((await get(path)).text));
  });

  it('answers the spec’s error arrays with its statuses', async () => {
    const cases: [string, number][] = [
      ['/open311/v2/services.json', 400],
      ['/open311/v2/services.json?jurisdiction_id=nowhere', 404],
      [`/open311/v2/services/no_such.json${q}`, 404],
      [`/open311/v2/services/public_order.json${q}`, 404],
      [`/open311/v2/requests/2026-999999.json${q}`, 404],
      [`/open311/v2/tokens/aaaaaaaaaaaaaaaaaaaa.json${q}`, 404],
      [`/open311/v2/requests.json${q}&start_date=2026-01-01`, 400],
      [`/open311/v2/requests.json${q}&status=`, 200],
    ];
    for (const [path, status] of cases) {
      const answer = await get(path);
      expect(answer.status, path).toBe(status);
      if (status !== 200)
        expect(answer.json(), path).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ code: status, description: expect.any(String) }),
          ]),
        );
    }
    const xml = await get(`/open311/v2/services/no_such.xml${q}`);
    expect(xmlRoot(xml.text)).toBe('errors');
    const badKey = await post('/open311/v2/requests.json', {
      jurisdiction_id: city.slug,
      api_key: 'shq_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      service_code: 'city_operation',
      address_id: 'east-c1-g1',
      description: 'x',
    });
    expect(badKey.status).toBe(403);
    const wrongScope = await departmentKey(api, city.slug, 'urban_management', ['cases:read']);
    const scoped = await post('/open311/v2/requests.json', {
      jurisdiction_id: city.slug,
      api_key: wrongScope.secret,
      service_code: 'city_operation',
      address_id: 'east-c1-g1',
      description: 'x',
    });
    expect(scoped.status).toBe(403);
    const missing = await post('/open311/v2/requests.json', {
      jurisdiction_id: city.slug,
      service_code: 'city_operation',
    });
    expect(missing.status).toBe(400);
    const errors = (await missing.json()) as { code: number; description: string }[];
    expect(errors.map((error) => error.description).join('\n')).toMatch(/address_id/);
  });

  it('lets an app with an open311:post key post without the address limit', async () => {
    const app = await departmentKey(api, city.slug, 'urban_management', ['open311:post']);
    for (let n = 0; n < 12; n++) {
      const response = await post('/open311/v2/requests.json', {
        jurisdiction_id: city.slug,
        api_key: app.secret,
        service_code: 'work_safety',
        address_id: 'east-c1',
        description: `工地围挡倒塌 ${n}`,
      });
      expect(response.status).toBe(201);
    }
  });

  it('limits posts without a key per address and hour', async () => {
    let status = 0;
    for (let n = 0; n < 11 && status !== 429; n++) {
      const response = await post('/open311/v2/requests.json', {
        jurisdiction_id: city.slug,
        service_code: 'work_safety',
        address_id: 'east-c1',
        description: `脚手架松动 ${n}`,
      });
      status = response.status;
    }
    expect(status).toBe(429);
  });

  it('never shows the reporter’s contact in any answer', async () => {
    await get(`/open311/v2/requests.xml${q}`);
    await get(`/open311/v2/requests.json${q}`);
    for (const text of seen) expect(text).not.toContain(MARKER);
    const [stored] = await db.query<{ contact_sealed: string }>(
      'select contact_sealed from resident_requests where contact_sealed is not null',
    );
    expect(stored?.contact_sealed).toMatch(/^v1\./);
    expect(stored?.contact_sealed).not.toContain(MARKER);
  });
});
