import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityRequirement } from '../../../functions/auth/app-env';
import { securitySchemesFor } from '../../../functions/auth/route';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security?: Record<string, string[]>[];
        responses: Record<string, unknown>;
        operationId?: string;
        description?: string;
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown> };
  info: { license?: { name: string }; contact?: { email?: string } };
}

describe('the HTTP surface', () => {
  it('reports health including the database', async () => {
    const response = await api.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('publishes an OpenAPI 3.1 document where every operation declares its security', async () => {
    const doc = await body<OpenApiDocument>(await api.get('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'apiKey',
      'platformToken',
      'session',
      'sessionCookie',
    ]);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(70);
    const declared = (operation: (typeof operations)[number]['operation']) =>
      (operation as { 'x-shequ-security'?: SecurityRequirement })['x-shequ-security'];
    for (const { key, operation } of operations) {
      const requirement = declared(operation);
      expect(requirement, key).toBeDefined();
      // The published alternatives are exactly the ones the guard accepts for that requirement.
      expect(operation.security, key).toEqual(securitySchemesFor(requirement as SecurityRequirement));
    }
    // Loosening a route to public, or from a permission to any signed-in person, must be a visible
    // change to this list rather than a silent one.
    const byRequirement = (kind: 'public' | 'signedIn') =>
      operations
        .filter(({ operation }) => declared(operation) === kind)
        .map(({ key }) => key)
        .sort();
    expect(byRequirement('public')).toEqual([
      'get /open311/v2/discovery.json',
      'get /open311/v2/discovery.xml',
      'get /open311/v2/requests.json',
      'get /open311/v2/requests.xml',
      'get /open311/v2/requests/{service_request_id}',
      'get /open311/v2/servicerequestupdates.json',
      'get /open311/v2/servicerequestupdates.xml',
      'get /open311/v2/services.json',
      'get /open311/v2/services.xml',
      'get /open311/v2/services/{service_code}',
      'get /open311/v2/tokens/{token}',
      'get /t/{tenant}/api/v2/components.json',
      'get /t/{tenant}/api/v2/incidents.json',
      'get /t/{tenant}/api/v2/incidents/unresolved.json',
      'get /t/{tenant}/api/v2/scheduled-maintenances.json',
      'get /t/{tenant}/api/v2/scheduled-maintenances/active.json',
      'get /t/{tenant}/api/v2/scheduled-maintenances/upcoming.json',
      'get /t/{tenant}/api/v2/status.json',
      'get /t/{tenant}/api/v2/summary.json',
      'get /v1/t/{tenant}/admission/public',
      'get /v1/t/{tenant}/bodies',
      'get /v1/t/{tenant}/catalog',
      'get /v1/t/{tenant}/departments',
      'get /v1/t/{tenant}/org-units',
      'get /v1/t/{tenant}/org-units/{id}',
      'get /v1/t/{tenant}/purposes',
      'get /v1/t/{tenant}/reforms',
      'get /v1/t/{tenant}/reforms/{id}',
      'get /v1/t/{tenant}/survey-links/{token}',
      'get /v1/t/{tenant}/work-items',
      'get /v1/tenants',
      'get /v1/tenants/{tenant}',
      'post /open311/v2/requests.json',
      'post /open311/v2/requests.xml',
      'post /v1/auth/sign-in',
      'post /v1/t/{tenant}/communities/{code}/council-proposals',
      'post /v1/t/{tenant}/council-proposals/{id}/supports',
      'post /v1/t/{tenant}/survey-links/{token}',
    ]);
    expect(byRequirement('signedIn')).toEqual([
      'delete /v1/auth/sessions/{id}',
      'get /v1/auth/me',
      'get /v1/auth/sessions',
      'get /v1/t/{tenant}/corrections',
      'get /v1/t/{tenant}/grants',
      'post /v1/auth/sign-out',
      'post /v1/auth/totp',
      'post /v1/auth/totp/confirm',
      'post /v1/t/{tenant}/grants/{id}/revoke',
    ]);
  });

  it('gives every operation a unique operationId and a description, and the document a license and contact', async () => {
    const doc = await body<OpenApiDocument>(await api.get('/openapi.json'));
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const { key, operation } of operations) {
      expect(operation.operationId, key).toMatch(/^[a-z]+[A-Za-z0-9]*$/);
      expect(operation.description?.trim().length, key).toBeGreaterThan(0);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/v1/t/{tenant}/reforms/{id}']?.get?.operationId).toBe('getReformsById');
    expect(doc.info.license?.name).toBeTruthy();
    expect(doc.info.contact?.email).toContain('@');
  });

  it('declares every calendar-date field as format: date, so generated clients parse it as a date', async () => {
    const doc = await body<unknown>(await api.get('/openapi.json'));
    const undeclared: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as { type?: unknown; example?: unknown; pattern?: unknown; format?: unknown };
      const dateLike =
        schema.type === 'string' &&
        ((typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(schema.example)) ||
          (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}$')));
      if (dateLike && schema.format !== 'date') undeclared.push(path);
      for (const [key, child] of Object.entries(node))
        if (key !== 'example' && key !== 'examples') walk(child, `${path}/${key}`);
    };
    walk(doc, '#');
    expect(undeclared).toEqual([]);
  });

  it('serves the API reference from its own assets, with no CDN', async () => {
    const html = await (await api.get('/docs')).text();
    expect(html).toContain('/vendor/scalar/standalone.js');
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
    const script = await api.get('/vendor/scalar/standalone.js');
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('answers unknown routes and unknown cities in the one error shape', async () => {
    const route = await api.get('/v1/nothing-here');
    expect(route.status).toBe(404);
    expect((await body<ErrorBody>(route)).error).toMatchObject({ code: 'route.not_found' });
    const city = await api.get('/v1/t/atlantis/org-units');
    expect(city.status).toBe(404);
    const error = (await body<ErrorBody>(city)).error;
    expect(error.code).toBe('tenant.not_found');
    expect(error.requestId).toBe(city.headers.get('x-request-id'));
  });

  it('names the bad query fields with 400 rather than failing in SQL', async () => {
    const response = await api.get('/v1/t/atlantis/org-units?asOf=2010-13-45&limit=0');
    expect(response.status).toBe(400);
    const paths = (await body<ErrorBody>(response)).error.details?.map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['query.asOf', 'query.limit']));
    const badId = await api.get('/v1/t/atlantis/org-units/not-a-uuid');
    expect(badId.status).toBe(400);
  });
});

describe('requests the framework itself refuses', () => {
  it('answers a body that is not JSON with 415 in the error shape, not 500', async () => {
    const response = await api.app.request('/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'login=a&password=b',
    });
    expect(response.status).toBe(415);
    expect((await body<ErrorBody>(response)).error.code).toBe('request.unsupported_media_type');
  });

  it('refuses year 0000, which Postgres cannot store, with 400', async () => {
    const response = await api.get('/v1/t/atlantis/org-units?asOf=0000-01-01');
    expect(response.status).toBe(400);
  });

  it('sends a survey link at its old path on to the new one, method and body kept (308)', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await api.send(method, '/v1/t/guiyang/surveys/link/abcdefghijklmnop?lang=en', {
        ...(method === 'POST' ? { json: { answers: { overall: 3 } } } : {}),
      });
      expect(response.status, method).toBe(308);
      expect(response.headers.get('location')).toBe('/v1/t/guiyang/survey-links/abcdefghijklmnop?lang=en');
    }
    // Anything else unmatched is still a 404.
    expect((await api.get('/v1/t/guiyang/surveys/link/a/b')).status).toBe(404);
  });
});
