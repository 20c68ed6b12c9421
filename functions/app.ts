import { Scalar } from '@scalar/hono-api-reference';
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { consoleRouter } from '../web/admin/admin.index';
import { frontRouter } from '../web/front.index';
import { pageNotFound, pagesRouter } from '../web/pages.index';
import { admissionRouter } from './admission/admission.index';
import { auditRouter } from './audit/audit.index';
import { type AppEnv, createRouter } from './auth/app-env';
import { casesRouter } from './cases/cases.index';
import { caseDwellers } from './cases/unit-dwellers';
import { councilRouter } from './council/council.index';
import { evaluationRouter } from './evaluation/evaluation.index';
import { evaluationDwellers } from './evaluation/unit-dwellers';
import { adminRouter } from './identity/admin.index';
import { authRouter } from './identity/auth.index';
import { identityAuthenticator } from './identity/authenticator';
import { identityDwellers } from './identity/unit-dwellers';
import { onboardingRouter } from './onboarding/onboarding.index';
import type { BlobStore } from './platform/blob-store';
import type { AppConfig } from './platform/config';
import { logKeyFrom } from './platform/crypto';
import { bindLogKey, type DatabaseHandle } from './platform/db';
import { errors } from './platform/errors';
import { renderError } from './platform/http';
import { answerHeaders } from './platform/http-headers';
import { withAcceptedUuids } from './platform/openapi-document';
import type { PageCache } from './platform/page-cache';
import { open311Router } from './public-site/open311.index';
import { statusRouter } from './public-site/public-site.index';
import { publicSiteDwellers } from './public-site/unit-dwellers';
import { catalogRouter } from './sharing/catalog/catalog.index';
import { correctionsRouter } from './sharing/corrections/corrections.index';
import { feedRouter } from './sharing/feed/feed.index';
import { grantsRouter } from './sharing/grants/grants.index';
import { importsRouter } from './sharing/imports/imports.index';
import { purposesRouter } from './sharing/purposes/purposes.index';
import { registryRouter } from './sharing/registry/registry.index';
import { sharingDwellers } from './sharing/unit-dwellers';
import { departmentsRouter } from './tenants/departments.index';
import { cityCors, originsRouter } from './tenants/origins.index';
import { tenantsRouter } from './tenants/tenants.index';

export interface AppDeps {
  /**
   * The caller's address as the platform saw it, for sign-in throttling. Only the entry knows which
   * headers its platform sets: Cloudflare sets `CF-Connecting-IP` (a client cannot forge it there);
   * Node reads the socket. Forwarding headers a client can write are never trusted.
   */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Opens what one request uses; the Worker opens a Neon pool here and closes it after. */
  openDatabase(env: AppEnv['Bindings']): DatabaseHandle;
  config(env: AppEnv['Bindings']): AppConfig;
  now?: () => Date;
  /** Serves web/public where the platform does not (Node); Workers serve it as static assets. */
  staticAssets?: MiddlewareHandler;
  /** Cache for public pages (Workers: the Cache API; Node: in memory). */
  pageCache?: PageCache;
  /** Evidence storage for a request's bindings: the Worker's R2 bucket, a folder in Node. */
  blobs?: (env: AppEnv['Bindings']) => BlobStore | undefined;
  /**
   * Workers: close the database and finish background work after the response, through the
   * request's `waitUntil`. Elsewhere (Node) they finish before the response is returned. Set by the
   * entry rather than probed per request: Hono's `executionCtx` throws (an Error with its stack,
   * about 35 µs) when there is none.
   */
  waitUntil?: boolean;
}

export const API_INFO = {
  title: 'Shequ API',
  version: '0.1.0',
  license: { name: 'Proprietary' },
  contact: { name: 'Shequ platform team', email: 'platform@shequ.example.org' },
  description:
    'Shequ (社区) is a multi-tenant community-governance cloud. Each city is a tenant with its own structure, org tree and reform history. Structure reads are public. Everything else needs a credential: a session from `POST /v1/auth/sign-in` (cookie or `Authorization: Bearer`), a department API key, or the platform token; each operation lists what it accepts and the permission it needs.',
};

/** What lives on org units and moves with them when a reform closes one (see `platform/unit-dwellers.ts`). */
const UNIT_DWELLERS = [
  ...identityDwellers,
  ...sharingDwellers,
  ...caseDwellers,
  ...evaluationDwellers,
  ...publicSiteDwellers,
];

/** The one app: entries differ only in the deps they pass. */
/**
 * Whether an unmatched request gets the HTML 404 page: a browser's GET (it accepts text/html) of a
 * path outside the API (`/v1/…`, Statuspage `…/api/…`, `….json`), which keeps the JSON error shape.
 */
export function wantsPage(c: Context<AppEnv>): boolean {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return false;
  const path = c.req.path;
  if (path.startsWith('/v1/') || path === '/v1' || path.includes('/api/') || path.endsWith('.json'))
    return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}

/**
 * Paths that moved, answered with a permanent redirect that keeps the method and body (308). Looked
 * up only when nothing matched, so they cost the routes nothing: a route at the old place would sit
 * beside a parameter there and make Hono fall back to its slower router.
 */
function movedPath(path: string): string | undefined {
  // Survey links moved from …/surveys/link/{token} to …/survey-links/{token} (issue 17).
  const survey = /^\/v1\/t\/([^/]+)\/surveys\/link\/([^/]+)$/.exec(path);
  if (survey) return `/v1/t/${survey[1]}/survey-links/${survey[2]}`;
  return undefined;
}

/** Nothing matched: a moved path's new place, else the HTML 404 page for a browser, else the error. */
function answerNotFound(c: Context<AppEnv>) {
  const moved = movedPath(c.req.path);
  if (moved) return c.redirect(`${moved}${new URL(c.req.url).search}`, 308);
  return wantsPage(c)
    ? pageNotFound(c)
    : renderError(
        c,
        errors.notFound('route.not_found', { params: { method: c.req.method, path: c.req.path } }),
      );
}

export function createApp(deps: AppDeps) {
  const app = createRouter();
  const now = deps.now ?? (() => new Date());

  if (deps.staticAssets) {
    app.use('/vendor/*', deps.staticAssets);
    app.use('/static/*', deps.staticAssets);
  }
  app.use('*', requestId());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: undefined,
      // Set by answerHeaders, only over HTTPS and without includeSubDomains.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
      // Not `no-referrer`: under it browsers send `Origin: null` on form posts, which the
      // same-origin rule for cookie writes must refuse. `same-origin` still tells other sites nothing.
      referrerPolicy: 'same-origin',
    }),
  );
  app.use('*', answerHeaders());
  // A path that exists under another method answers 405 with `Allow`, in the one error shape.
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        const response = renderError(
          c,
          errors.error(405, 'route.method_not_allowed', {
            params: { method: c.req.method, allowed: methods.join(', ') },
          }),
        );
        response.headers.set('Allow', methods.join(', '));
        return response;
      },
    }),
  );
  // Public pages, feeds and Statuspage JSON: a client holding the same answer gets 304.
  app.use('/t/*', etag());
  app.use('*', async (c, next) => {
    const handle = deps.openDatabase(c.env ?? {});
    const config = deps.config(c.env ?? {});
    // Audit rows and access-log rows are MACed with the log key: every verb finds it on the database.
    c.set('db', bindLogKey(handle.db, logKeyFrom(config)));
    c.set('config', config);
    c.set('now', now);
    c.set('authenticator', identityAuthenticator);
    const address = deps.clientAddress?.(c);
    if (address) c.set('clientAddress', address);
    c.set('unitDwellers', UNIT_DWELLERS);
    const background: Promise<unknown>[] = [];
    c.set('afterResponse', (task) => background.push(task));
    const streams: Promise<unknown>[] = [];
    c.set('streaming', (done) => streams.push(done));
    if (deps.pageCache) c.set('pageCache', deps.pageCache);
    const blobs = deps.blobs?.(c.env ?? {});
    if (blobs) c.set('blobs', blobs);
    try {
      await next();
    } finally {
      const finished = Promise.allSettled(background);
      const closing = finished
        .then(() => Promise.allSettled(streams))
        .then(() => handle.close())
        .catch((error) => console.error('closing database', error));
      const context = deps.waitUntil ? executionContext(c) : undefined;
      if (context) context.waitUntil(closing);
      // Node: background work ends before the answer; a streamed body is read after it.
      else if (streams.length > 0) await finished;
      else await closing;
    }
  });

  // Browsers calling a city's API from an origin the city allows; preflights end here.
  app.use('/v1/t/:tenant/*', cityCors());

  app.onError((error, c) => renderError(c, error));
  app.notFound(answerNotFound);

  app.get('/healthz', async (c) => {
    await c.get('db').execute(sql`select 1`);
    return c.json({ status: 'ok', database: 'ok', time: now().toISOString() });
  });

  app.route('/', tenantsRouter);
  app.route('/', onboardingRouter);
  app.route('/', authRouter);
  app.route('/', adminRouter);
  app.route('/', departmentsRouter);
  app.route('/', originsRouter);
  app.route('/', auditRouter);
  app.route('/', councilRouter);
  app.route('/', catalogRouter);
  app.route('/', purposesRouter);
  app.route('/', registryRouter);
  app.route('/', feedRouter);
  app.route('/', grantsRouter);
  app.route('/', importsRouter);
  app.route('/', correctionsRouter);
  app.route('/', casesRouter);
  app.route('/', evaluationRouter);
  app.route('/', admissionRouter);
  app.route('/', statusRouter);
  app.route('/', open311Router);
  app.route('/', frontRouter);
  app.route('/', pagesRouter);
  app.route('/', consoleRouter);

  describeApi(app);
  return app;
}

/** The OpenAPI document (`/openapi.json`: security schemes, tags) and the API reference (`/docs`). */
function describeApi(app: ReturnType<typeof createRouter>) {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from `POST /v1/auth/sign-in`.',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'shequ_session',
    description: 'The session cookie set by sign-in (browsers). Unsafe methods must come from this origin.',
  });
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A department API key (`shq_<prefix>_<secret>`); the listed scopes are the ones that allow the operation.',
  });
  registry.registerComponent('securitySchemes', 'platformToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'The platform administrator token (PLATFORM_TOKEN), for bootstrapping. `npm start` prints the local one.',
  });
  // Generated from the routes on every request (never written by hand), with each UUID's exact form.
  app.get('/openapi.json', (c) =>
    c.json(withAcceptedUuids(app.getOpenAPI31Document(documentHead(new URL(c.req.url).origin)))),
  );
  app.get(
    '/docs',
    Scalar({
      url: '/openapi.json',
      pageTitle: 'Shequ API',
      // Served from our own static assets so the reference works with no internet.
      cdn: '/vendor/scalar/standalone.js',
      withDefaultFonts: false,
      telemetry: false,
    }),
  );
}

/** What the OpenAPI document says beside its operations: info, the server, the tags. */
function documentHead(origin: string) {
  return {
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: origin }],
    tags: [
      { name: 'Structure', description: 'Cities, their structure templates, org trees and reforms.' },
      {
        name: 'Sign-in',
        description: 'Sessions for people: sign-in, sign-out, session list, second factor.',
      },
      { name: 'Administration', description: 'People, roles, departments, API keys and the audit trail.' },
      {
        name: 'Sharing',
        description:
          'The shared resident registry: catalog, residents and facets (push), purpose-bound pulls, grants, the change feed and access reports.',
      },
      {
        name: 'Cases',
        description:
          'Grid cases through the seven links (collect, register, dispatch, handle, report, verify and close, evaluate) with working-day clocks on the official holiday calendar, escalation up the three loops with supervision notices (督办), the case catalog, and deadline-bound requests (限期受理) to departments.',
      },
      {
        name: 'Open311',
        description:
          "Open311 GeoReport v2 per city (`jurisdiction_id` = the city's slug): the public categories of the case catalog as services, residents' reports as service requests (JSON and XML), with no personal data in any answer.",
      },
      {
        name: 'Public site',
        description:
          "Each city's public status site: data-link incidents, the published grid staff listing, and Statuspage-compatible JSON.",
      },
    ],
  };
}

function executionContext(c: Context<AppEnv>): ExecutionContext | undefined {
  try {
    return c.executionCtx as ExecutionContext;
  } catch {
    return undefined;
  }
}
