import type { Context } from 'hono';
import { type AppEnv, createRouter } from '../auth/app-env';
import type { Principal } from '../auth/principal';
import { listCategories } from '../cases/case-catalog.service';
import { residentErrors } from '../cases/resident.errors';
import { readPublicCategory, submitResidentReport } from '../cases/resident-reports.service';
import { listPublicRequests, numberForToken, publicRequest } from '../cases/resident-tracking.service';
import { publicUpdates } from '../cases/resident-updates.service';
import { systemActor } from '../platform/context';
import { AppError } from '../platform/errors';
import { isTenantSlug, type TenantRow } from '../platform/tenancy';
import { refuseUnsafeInput } from '../platform/text';
import { parseReport, parseRequestFilter, parseUpdateWindow } from './open311.params';
import {
  type Lang,
  presentNotes,
  presentRequest,
  presentService,
  presentServiceDefinition,
  presentUpdate,
} from './open311.presenters';
import {
  type Format,
  getRequestRoute,
  open311Routes,
  serviceDefinitionRoute,
  tokenRoute,
} from './open311.routes';
import { xmlDocument } from './open311.xml';
import { publicCity } from './public-site.service';

/** Open311 GeoReport v2 over the cases domain: thin handlers, the spec's formats and errors. */
export const open311Router = createRouter();

const CORS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };

function answer(c: Context<AppEnv>, format: Format, root: string, body: unknown, status: 200 | 201 = 200) {
  if (format === 'json') return c.json(body as object, status, CORS);
  return c.body(xmlDocument(root, body as never), status, {
    ...CORS,
    'content-type': 'text/xml; charset=utf-8',
  });
}

/** Any refusal as the spec's error list; 404, 403 and 429 keep their status, the rest is 400. */
function refuse(c: Context<AppEnv>, format: Format, error: unknown) {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const status = [403, 404, 429].includes(error.status) ? (error.status as 403 | 404 | 429) : 400;
  const entries = (error.details ?? []).map((issue) => ({
    code: status,
    description: `${issue.path}: ${issue.message} (${issue.code})`,
  }));
  const body = [{ code: status, description: `${error.message} (${error.code})` }, ...entries];
  if (format === 'json') return c.json(body, status, CORS);
  return c.body(xmlDocument('errors', body), status, { ...CORS, 'content-type': 'text/xml; charset=utf-8' });
}

/** A non-empty argument, trimmed; empty counts as absent. */
export const arg = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The city: `jurisdiction_id`, or the host name mapped to it. */
async function jurisdiction(c: Context<AppEnv>, given: string | undefined): Promise<TenantRow> {
  const slug = arg(given);
  if (slug) {
    const found = isTenantSlug(slug) ? await publicCity(c.get('db'), { slug }) : undefined;
    if (!found) throw residentErrors.jurisdictionUnknown();
    return found.tenant;
  }
  const host = c.req.header('host');
  const mapped = host ? await publicCity(c.get('db'), { host }) : undefined;
  if (!mapped) throw residentErrors.jurisdictionRequired();
  return mapped.tenant;
}

const langOf = (c: Context<AppEnv>): Lang => (c.req.query('lang') === 'en' ? 'en' : 'zh');
const readContext = (c: Context<AppEnv>, tenant: TenantRow) => ({
  db: c.get('db'),
  tenant,
  now: c.get('now'),
});

/** `code.json` → [`code`, `json`]; another suffix is an unknown resource (404). */
function splitFormat(value: string): [string, Format] {
  const match = /^(.+)\.(json|xml)$/.exec(value);
  if (!match?.[1]) throw residentErrors.requestNotFound();
  return [match[1], match[2] as Format];
}

async function guarded(c: Context<AppEnv>, format: Format, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (error) {
    return refuse(c, format, error);
  }
}

for (const { format, discovery, services, listRequests, postRequest, updates } of open311Routes) {
  open311Router.openapi(updates, (c) =>
    guarded(c, format, async () => {
      const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
      const window = parseUpdateWindow((name) => arg(c.req.query(name)));
      const rows = await publicUpdates(readContext(c, tenant), window);
      const body = rows.map((row) => presentUpdate(row, tenant.timezone, langOf(c)));
      return answer(c, format, 'service_requests_updates', body) as never;
    }),
  );

  open311Router.openapi(discovery, (c) =>
    guarded(c, format, async () => {
      const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
      const url = `${new URL(c.req.url).origin}/open311/v2`;
      return answer(c, format, 'discovery', {
        changeset: '2026-12-01T00:00:00+08:00',
        contact: `${tenant.nameZh} · ${url}/services.json?jurisdiction_id=${tenant.slug}`,
        key_service:
          'api_key: 由城市管理员签发（scope open311:post） / issued by the city (scope open311:post)',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url,
            changeset: '2026-12-01T00:00:00+08:00',
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      }) as never;
    }),
  );

  open311Router.openapi(services, (c) =>
    guarded(c, format, async () => {
      const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
      const rows = await listCategories(readContext(c, tenant));
      const body = rows
        .filter((row) => row.public && row.active)
        .map((row) => presentService(row, langOf(c)));
      return answer(c, format, 'services', body) as never;
    }),
  );

  open311Router.openapi(listRequests, (c) =>
    guarded(c, format, async () => {
      const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
      const filter = parseRequestFilter((name) => arg(c.req.query(name)));
      const rows = await listPublicRequests(readContext(c, tenant), filter);
      const body = rows.map((row) => presentRequest(row, tenant.timezone, langOf(c)));
      return answer(c, format, 'service_requests', body) as never;
    }),
  );

  open311Router.openapi(postRequest, (c) =>
    guarded(c, format, async () => {
      const fields = await formFields(c);
      const tenant = await jurisdiction(c, fields.jurisdiction_id ?? c.req.query('jurisdiction_id'));
      const actor = await poster(c, tenant, arg(fields.api_key));
      const ctx = { ...readContext(c, tenant), actor, dataKey: c.get('config').dataKey };
      const report = await submitResidentReport(ctx, parseReport(fields), {
        address: c.get('clientAddress'),
      });
      const body = [
        {
          service_request_id: report.row.number,
          token: report.token,
          service_notice: null,
          account_id: null,
        },
      ];
      return answer(c, format, 'service_requests', body, 201) as never;
    }),
  );
}

/** The posted fields (form-encoded or a JSON object), every value as text. */
async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  let raw: unknown;
  try {
    raw = type.includes('application/json') ? await c.req.json() : await c.req.parseBody();
  } catch {
    throw residentErrors.invalid([]);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw residentErrors.invalid([]);
  refuseUnsafeInput(raw as Record<string, unknown>);
  return Object.fromEntries(
    Object.entries(raw).flatMap(([key, value]) =>
      typeof value === 'string' || typeof value === 'number' ? [[key, String(value)]] : [],
    ),
  );
}

/** Who posts: the app whose key the city issued (scope `open311:post`), or the resident directly. */
async function poster(c: Context<AppEnv>, tenant: TenantRow, apiKey: string | undefined): Promise<Principal> {
  if (!apiKey) return systemActor('resident');
  const principal = await c.get('authenticator').apiKey(c.get('db'), apiKey, c.get('now')(), tenant.slug);
  if (
    principal?.kind !== 'api_client' ||
    principal.tenantId !== tenant.id ||
    !principal.scopes.includes('open311:post')
  )
    throw residentErrors.apiKeyInvalid();
  const { tenant: _tenant, ...actor } = principal;
  return actor;
}

open311Router.openapi(serviceDefinitionRoute, async (c) => {
  const [code, format] = splitFormatOr(c.req.param('service_code'));
  return guarded(c, format, async () => {
    const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
    if (code === undefined) throw residentErrors.serviceUnknown();
    const category = await readPublicCategory(readContext(c, tenant), code);
    return answer(c, format, 'service_definition', presentServiceDefinition(category, langOf(c)));
  }) as never;
});

open311Router.openapi(getRequestRoute, async (c) => {
  const [number, format] = splitFormatOr(c.req.param('service_request_id'));
  return guarded(c, format, async () => {
    const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
    if (number === undefined) throw residentErrors.requestNotFound();
    const { request, events } = await publicRequest(readContext(c, tenant), number);
    const notes = presentNotes(events, tenant.timezone, langOf(c));
    return answer(c, format, 'service_requests', [
      { ...presentRequest(request, tenant.timezone, langOf(c)), notes },
    ]);
  }) as never;
});

open311Router.openapi(tokenRoute, async (c) => {
  const [token, format] = splitFormatOr(c.req.param('token'));
  return guarded(c, format, async () => {
    const tenant = await jurisdiction(c, c.req.query('jurisdiction_id'));
    if (token === undefined || !/^[a-z2-7]{16,64}$/.test(token)) throw residentErrors.tokenUnknown();
    const number = await numberForToken(readContext(c, tenant), token);
    return answer(c, format, 'service_requests', [{ service_request_id: number, token }]);
  }) as never;
});

/** `x.json` → [`x`, `json`]; no known suffix → [undefined, `json`] (answered 404 in JSON). */
function splitFormatOr(value: string): [string | undefined, Format] {
  try {
    return splitFormat(value);
  } catch {
    return [undefined, 'json'];
  }
}
