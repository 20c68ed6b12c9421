import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNodeApp } from '../../../functions/node';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { idFor, type JsonSchema, rowIds, wellFormed } from '../../support/well-formed';

/**
 * The contract says what the server enforces (issue 16 item 9), so a generated client works the
 * first time: the exact UUID form, the cross-field rules the verbs check, and how `X-Purpose` is read.
 */
type Node = Record<string, unknown>;
interface Operation {
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Node }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let document: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Node> };
};

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  document = await (await api.app.request('/openapi.json')).json();
});
afterAll(async () => db.close());

/** Every schema object in the document (operations and components), `$ref`s included where they sit. */
function schemas(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) schemas(item, out);
  else if (node !== null && typeof node === 'object') {
    out.push(node as Node);
    for (const value of Object.values(node)) schemas(value, out);
  }
  return out;
}

/** An operation as text with its `$ref`s written out, for reading what it says about its fields. */
function said(method: string, path: string): string {
  const seen = new Set<string>();
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) {
      const name = ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return {};
      seen.add(name);
      return inline(document.components.schemas[name] as Node);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value)]));
  };
  const operation = document.paths[path]?.[method];
  expect(operation, `${method} ${path}`).toBeDefined();
  return JSON.stringify(inline(operation));
}

describe('the OpenAPI document says what the server enforces', () => {
  it('gives every UUID the form the server accepts, which refuses a version-0 UUID that format: uuid alone admits', async () => {
    const uuids = schemas(document).filter((schema) => schema.format === 'uuid');
    expect(uuids.length).toBeGreaterThan(50);
    const patterns = new Set(uuids.map((schema) => schema.pattern));
    expect([...patterns]).toHaveLength(1);
    const pattern = new RegExp(String([...patterns][0]));
    const versionZero = '2f1c1f0e-8c1a-0a4b-0a43-0d6e9d1f7a10';
    for (const value of [crypto.randomUUID(), '00000000-0000-0000-0000-000000000000', versionZero])
      expect(pattern.test(value), value).toBe(z.uuid().safeParse(value).success);
    const response = await api.get(`/v1/t/${city.slug}/org-units/${versionZero}`);
    expect(response.status).toBe(400);
    expect(pattern.test(versionZero)).toBe(false);
  });

  it('states each cross-field rule a verb enforces on the field it refuses', () => {
    const rules: [method: string, path: string, says: string][] = [
      ['post', '/v1/t/{tenant}/grants', 'Not before `validFrom`'],
      ['post', '/v1/t/{tenant}/work-items', 'Not before `validFrom`'],
      ['post', '/v1/t/{tenant}/admission/applications', 'Not before `startsOn`'],
      ['post', '/v1/t/{tenant}/maintenances', 'After `scheduledFor`'],
      ['post', '/v1/t/{tenant}/evaluation/campaigns', 'After `opensAt`'],
      ['post', '/v1/t/{tenant}/evaluation/campaigns', 'Not before `periodStart`'],
      ['post', '/v1/t/{tenant}/councils', '`numerator` is at most `denominator`'],
      ['get', '/v1/t/{tenant}/residents', 'or `name` and `birthDate` together'],
    ];
    const members = Object.keys(document.paths).find((path) => /councils\/\{\w+\}\/members$/.test(path));
    if (members) rules.push(['post', members, 'After `termStart`']);
    expect(members).toBeDefined();
    for (const [method, path, says] of rules) expect(said(method, path), `${method} ${path}`).toContain(says);
  });

  it('declares X-Purpose required where it is read, with the decoding the server does', () => {
    const reading = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'x-purpose')
          .map((parameter) => ({ at: `${method} ${path}`, parameter })),
      ),
    );
    expect(reading.map(({ at }) => at).sort()).toEqual([
      'get /v1/t/{tenant}/residents',
      'get /v1/t/{tenant}/residents/{id}',
      'post /v1/t/{tenant}/verifications',
    ]);
    for (const { parameter } of reading) {
      expect(parameter.required).toBe(true);
      expect(parameter.description).toContain('percent-decoded as UTF-8');
      expect(parameter.description).toContain('`%25`');
      expect(parameter.description).toContain('`text.unsafe_characters`');
    }
  });
});

describe('the statuses an operation can answer are in its contract', () => {
  it('on a server without a data key, every operation answers only statuses it declares (503 where it needs the key)', async () => {
    // The same app and database with no DATA_KEY: what needs it must say 503, and say so in its contract.
    const keyless = createNodeApp({
      db: db.db,
      config: { appEnv: 'test', platformToken: PLATFORM_TOKEN, dataKey: undefined },
    });
    const ids = await rowIds(db);
    const [purpose] = await db.query<{ code: string }>(
      'select code from purposes where tenant_id = $1 limit 1',
      [city.id],
    );
    const undeclared: string[] = [];
    const answered = new Set<number>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'tenant' ? city.slug : crypto.randomUUID(),
        );
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const body = schema
          ? JSON.stringify(
              wellFormed(schema, document.components.schemas, (field) => idFor(ids, field, city.id)).body,
            )
          : undefined;
        const response = await keyless.request(url, {
          method: method.toUpperCase(),
          headers: {
            authorization: `Bearer ${PLATFORM_TOKEN}`,
            'content-type': 'application/json',
            'x-purpose': purpose?.code ?? 'x',
          },
          ...(body === undefined ? {} : { body }),
        });
        answered.add(response.status);
        if (!Object.keys(operation.responses ?? {}).includes(String(response.status)))
          undeclared.push(
            `${method.toUpperCase()} ${path}: ${response.status} ${(await response.text()).slice(0, 120)}`,
          );
      }
    }
    expect(answered).toContain(503);
    expect(undeclared.join('\n')).toBe('');
  });
});
