import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SCOPES } from '../../../functions/auth/roles';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { registeredOperations } from '../../support/registry';
import { departmentKey } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';
import {
  idFor,
  type JsonSchema,
  type RowIds,
  rowIds,
  wellFormed,
  withValue,
} from '../../support/well-formed';

/**
 * No input gives a 500, and a refused request writes nothing — for every operation of the OpenAPI
 * registry (so a new route is walked without being listed), with hostile strings, numbers, ids and
 * bodies built from each operation's own schema, as the platform administrator (so requests get
 * past authentication into the handlers). fast-check makes the inputs and shrinks a failure to the
 * smallest request that shows it.
 */
interface Operation {
  method: string;
  path: string;
  query: string[];
  body: string[] | undefined;
}

const RUNS = Number(process.env.HOSTILE_RUNS ?? 8);

function operations(): Operation[] {
  const keys = (schema: unknown) => Object.keys((schema as z.ZodObject | undefined)?.shape ?? {});
  return registeredOperations().map(({ method, path, route }) => {
    const json = (route.request?.body?.content?.['application/json'] as { schema?: unknown } | undefined)
      ?.schema;
    return {
      method,
      path,
      query: keys(route.request?.query),
      body: route.request?.body ? keys(json) : undefined,
    };
  });
}

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%00',
    '\ud800',
    '\udfff',
    '\u202e',
    '\u0085',
    'x'.repeat(5000),
    '../../etc/passwd',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '1e309',
    '-1',
    '0',
    '9'.repeat(40),
    'null',
    '2026-02-30',
    '0000-01-01',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'guiyang',
    'east-c1',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** Percent-encodes anything, lone surrogates included (as the bytes a careless client would send). */
function encodeHostile(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let ids: RowIds;
let document: {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
};
/** Who calls: the platform administrator and a department's key with every scope. */
const callers: string[] = [PLATFORM_TOKEN];
const walked = operations();

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  // A second city: its rows' ids are sent to the first one's operations.
  await cityWithGrids(db.db);
  document = await (await api.app.request('/openapi.json')).json();
  callers.push((await departmentKey(api, city.slug, 'civil_affairs', [...SCOPES])).secret);
});
afterAll(async () => db.close());
// (ids are read after the department key above exists, so api_clients are among them)
beforeAll(async () => {
  ids = await rowIds(db);
});

function requestFor(operation: Operation) {
  const params = (operation.path.match(/\{(\w+)\}/g) ?? []).map((name) => name.slice(1, -1));
  const param = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 3, arbitrary: hostileString },
  );
  return fc
    .record({
      params: fc.tuple(...params.map(() => param)),
      query: fc.dictionary(fc.constantFrom(...operation.query, 'unknownParameter'), hostileString, {
        maxKeys: 3,
      }),
      body: fc.oneof(
        fc.dictionary(fc.constantFrom(...(operation.body ?? []), 'unknownField'), hostileValue, {
          maxKeys: 6,
        }),
        hostileValue,
        fc.constant('{"unterminated": '),
      ),
      purpose: fc.oneof(fc.constant('eligibility_check'), hostileString.map(encodeHostile)),
      caller: fc.nat({ max: callers.length - 1 }),
    })
    .map(({ params: values, query, body, purpose, caller }) => {
      let path = operation.path;
      params.forEach((name, index) => {
        const value = values[index] ?? (name === 'tenant' ? city.slug : crypto.randomUUID());
        path = path.replace(`{${name}}`, encodeHostile(value));
      });
      const search = Object.entries(query)
        .map(([key, value]) => `${encodeHostile(key)}=${encodeHostile(value)}`)
        .join('&');
      return {
        url: search ? `${path}?${search}` : path,
        body: typeof body === 'string' && body.startsWith('{"unterminated') ? body : JSON.stringify(body),
        purpose,
        token: callers[caller] ?? PLATFORM_TOKEN,
      };
    });
}

/** A path with its parameters filled: the city, and for an id a row of the city in the table the path names. */
function pathFor(operation: Operation): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    if (name === 'tenant') return city.slug;
    const segment = operation.path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    const rows = ids.get(segment.replaceAll('-', '_')) ?? [];
    return rows.find((row) => row.tenantId === city.id)?.id ?? crypto.randomUUID();
  });
}

/** A refused sign-in with a well-formed name is counted, by design, so repeated failures are throttled. */
const COUNTS_REFUSALS = new Set(['POST /v1/auth/sign-in']);

interface Spoiled {
  what: string;
  url: string;
  body: unknown;
  /** `foreign`: must not be accepted; `unsafe`: must be the edge's 422; `any`: only no 5xx. */
  rule: 'foreign' | 'unsafe' | 'any';
}

/**
 * A well-formed body (twice), then with one part spoiled: each id in turn another city's row (it must not be
 * accepted) or a random id, and every free text with a NUL (the edge's 422).
 */
function spoiledBodies(operation: Operation): Spoiled[] {
  const schema =
    document.paths[operation.path]?.[operation.method.toLowerCase()]?.requestBody?.content?.[
      'application/json'
    ]?.schema;
  if (!schema) return [];
  const built = wellFormed(schema, document.components.schemas, (field) => idFor(ids, field, city.id));
  const url = pathFor(operation);
  const last = (path: string) =>
    path
      .split('.')
      .filter((key) => !/^\d+$/.test(key))
      .at(-1) ?? path;
  return [
    // Sent twice: the first may be accepted, the second meets what the first made (a 409 to declare).
    { what: 'a well-formed body', url, body: built.body, rule: 'any' },
    { what: 'the same well-formed body again', url, body: built.body, rule: 'any' },
    ...built.ids.flatMap((path): Spoiled[] => [
      {
        what: `another city's id in ${path}`,
        url,
        body: withValue(built.body, path, idFor(ids, last(path), city.id, true)),
        rule: 'foreign',
      },
      {
        what: `a random id in ${path}`,
        url,
        body: withValue(built.body, path, crypto.randomUUID()),
        rule: 'any',
      },
    ]),
    ...(built.texts.length > 0
      ? [
          {
            what: `a NUL in every text (${built.texts.join(', ')})`,
            url,
            body: built.texts.reduce((body, path) => withValue(body, path, 'x\u0000y'), built.body),
            rule: 'unsafe' as const,
          },
        ]
      : []),
  ];
}

/** The statuses an operation's contract lists: every answer the walk sees must be one of them. */
function declared(operation: Operation): string[] {
  return Object.keys(document.paths[operation.path]?.[operation.method.toLowerCase()]?.responses ?? {});
}

/** What the walk sees is what the contract says: an answer not listed would surprise a generated client. */
function expectDeclared(operation: Operation, status: number, said: string) {
  expect(declared(operation), `${said}: ${status} is not in the operation's responses`).toContain(
    String(status),
  );
}

async function send(method: string, url: string, body: string | undefined, purpose: string, token: string) {
  return api.app.request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-purpose': purpose },
    ...(body === undefined ? {} : { body }),
  });
}

describe('hostile input against every operation', () => {
  it('walks every operation of the registry', () => {
    expect(walked.length).toBeGreaterThanOrEqual(70);
  });

  for (const operation of walked) {
    const mutating = operation.method !== 'GET';
    it(`${operation.method} ${operation.path} answers no 5xx${mutating ? ' and writes nothing when it refuses' : ''}`, async () => {
      for (const spoiled of mutating ? spoiledBodies(operation) : []) {
        const before = await snapshotStore(db);
        const response = await send(
          operation.method,
          spoiled.url,
          JSON.stringify(spoiled.body),
          'eligibility_check',
          PLATFORM_TOKEN,
        );
        const said = `${operation.method} ${spoiled.url} with ${spoiled.what}: ${response.status} ${(await response.text()).slice(0, 300)}`;
        expect(response.status, said).toBeLessThan(500);
        if (spoiled.rule === 'foreign') expect(response.status, said).toBeGreaterThanOrEqual(400);
        if (spoiled.rule === 'unsafe') expect(response.status, said).toBe(422);
        if (response.status >= 400 && !COUNTS_REFUSALS.has(`${operation.method} ${operation.path}`))
          expect(await snapshotStore(db), said).toEqual(before);
        expectDeclared(operation, response.status, said);
      }
      await fc.assert(
        fc.asyncProperty(requestFor(operation), async (request) => {
          const before = mutating ? await snapshotStore(db) : undefined;
          const response = await api.app.request(request.url, {
            method: operation.method,
            headers: {
              authorization: `Bearer ${request.token}`,
              'content-type': 'application/json',
              'x-purpose': request.purpose,
            },
            ...(mutating ? { body: request.body } : {}),
          });
          const text = await response.text();
          const said = `${operation.method} ${request.url}: ${text.slice(0, 300)}`;
          expect(response.status, said).toBeLessThan(500);
          expectDeclared(operation, response.status, said);
          if (before && response.status >= 400) expect(await snapshotStore(db)).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
