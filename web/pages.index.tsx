import type { Context } from 'hono';
import { type AppEnv, createRouter } from '../functions/auth/app-env';
import { publishedCampaigns, publishedSatisfaction } from '../functions/evaluation/published.service';
import { todayIn } from '../functions/platform/dates';
import { AppError } from '../functions/platform/errors';
import type { TenantRow } from '../functions/platform/tenancy';
import { closedCommunity } from '../functions/public-site/closed-community.service';
import {
  communityDirectory,
  communityModel,
  publicCity,
  statisticsModel,
  statusModel,
} from '../functions/public-site/public-site.service';
import { presentStatuspage } from '../functions/public-site/statuspage';
import {
  activeMaintenancesRoute,
  componentsRoute,
  incidentsRoute,
  maintenancesRoute,
  statusRoute,
  summaryRoute,
  unresolvedIncidentsRoute,
  upcomingMaintenancesRoute,
} from '../functions/public-site/statuspage.routes';
import { tenantErrors } from '../functions/tenants/tenants.errors';
import { listTenants } from '../functions/tenants/tenants.repository';
import { cityOverview } from '../functions/tenants/tenants.service';
import { atomFeed, rssFeed } from './feeds';
import { type Lang, langInAddress, resolveLang, t } from './i18n';
import { serveAdmission } from './pages/admission.serve';
import { CommunityPage } from './pages/community';
import { ClosedCommunityPage } from './pages/community-closed';
import { mountCouncilPages } from './pages/council-routes';
import { EvaluationPage } from './pages/evaluation';
import { HomePage, NotFoundPage } from './pages/home';
import { StatisticsPage } from './pages/statistics';
import { StatusPage } from './pages/status';
import { registerSurveyPages } from './pages/survey';
import { TenantHomePage } from './pages/tenant-home';

/**
 * Server-rendered public pages, the feeds and the Statuspage-compatible JSON. They show structure,
 * link health, aggregate counts and the staff listing a city chose to publish: no resident data.
 */
export const pagesRouter = createRouter();
registerSurveyPages(pagesRouter);

/**
 * How long a cached copy may live besides the version rule. Statistics change with every push, so
 * they are cached by time alone. Status pages show signals (lag, failing deliveries) that move
 * between status changes, so their copies also expire each minute; a status change or an incident
 * still invalidates them at once through the version.
 */
const STATISTICS_TTL_MS = 5 * 60 * 1000;
const STATUS_SIGNALS_TTL_MS = 60 * 1000;

interface CachePolicy {
  /** Key by the city's public-site version (invalidated by the triggers). */
  versioned: boolean;
  /** Also expire after this long (time buckets). */
  ttlMs?: number;
}
const VERSIONED: CachePolicy = { versioned: true };
const STATUS: CachePolicy = { versioned: true, ttlMs: STATUS_SIGNALS_TTL_MS };
const STATISTICS: CachePolicy = { versioned: false, ttlMs: STATISTICS_TTL_MS };

export interface City {
  tenant: TenantRow;
  /** The public-site version read with the tenant (cache keys). */
  version: number;
  /** `/t/{slug}`, or '' when the request came in on a host name mapped to the city. */
  base: string;
}

const langOf = (c: Context<AppEnv>): Lang => resolveLang(c);

export async function cityOf(c: Context<AppEnv>): Promise<City | undefined> {
  const slug = c.req.param('tenant');
  const db = c.get('db');
  if (slug) {
    const found = await publicCity(db, { slug });
    return found ? { ...found, base: `/t/${slug}` } : undefined;
  }
  const host = c.req.header('host');
  const found = host ? await publicCity(db, { host }) : undefined;
  return found ? { ...found, base: '' } : undefined;
}

/**
 * Serves from the page cache when it holds this page at the city's current public-site version;
 * otherwise renders, and stores successful responses. Keys: city, version (or time bucket), how
 * the city was addressed, path below the city, language.
 */
async function cached(
  c: Context<AppEnv>,
  city: City,
  page: string,
  lang: Lang,
  render: () => Promise<Response>,
  policy: CachePolicy,
): Promise<Response> {
  const cache = c.get('pageCache');
  const explicitLang = langInAddress(c);
  const finish = (response: Response, state: 'HIT' | 'MISS' | 'BYPASS') => {
    const headers = new Headers(response.headers);
    headers.set('x-cache', state);
    headers.set('cache-control', 'public, max-age=60');
    // Without ?lang= the language comes from the shequ_lang cookie or Accept-Language.
    if (!explicitLang) headers.set('vary', 'Accept-Language, Cookie');
    return new Response(response.body, { status: response.status, headers });
  };
  if (!cache || c.req.method !== 'GET') return finish(await render(), 'BYPASS');
  const generation = [
    // Pages say "as of today" (units open and close on dates), so a new day is a new copy too.
    policy.versioned ? `v${city.version}-${todayIn(city.tenant.timezone, c.get('now')())}` : '',
    policy.ttlMs ? `t${Math.floor(c.get('now')().getTime() / policy.ttlMs)}` : '',
  ].join('');
  const key = `https://page-cache.shequ.invalid/${city.tenant.id}/${generation}/${city.base ? 'path' : 'host'}${page}?lang=${lang}`;
  const hit = await cache.match(key);
  if (hit) return finish(hit, 'HIT');
  const response = await render();
  if (response.status === 200) {
    const stored = response.clone();
    const headers = new Headers(stored.headers);
    // Versioned keys never go stale, so the Cache API may keep them a day; time buckets expire.
    headers.set(
      'cache-control',
      policy.ttlMs ? `public, max-age=${policy.ttlMs / 1000}` : 'public, max-age=86400',
    );
    const put = cache
      .put(key, new Response(stored.body, { status: 200, headers }))
      .catch((error) => console.error('page cache', error));
    // After the response on Workers (waitUntil); before it in Node. See `AppDeps.waitUntil`.
    const after = c.get('afterResponse');
    if (after) after(put);
    else await put;
  }
  return finish(response, 'MISS');
}

export function notFound(c: Context<AppEnv>, lang: Lang) {
  return c.html(<NotFoundPage lang={lang} />, 404);
}

/** An unknown community of a known city: says so, and links back to the city's page. */
function communityNotFound(c: Context<AppEnv>, city: City, lang: Lang) {
  const q = lang === 'en' ? '?lang=en' : '';
  return c.html(
    <NotFoundPage
      lang={lang}
      message={t(lang, 'site.communityNotFound')}
      back={{ href: `${city.base || '/'}${q}`, label: t(lang, 'site.backToCity') }}
    />,
    404,
  );
}

/** A browser's unknown path: an HTML page with a link home (API paths keep the JSON error). */
export function pageNotFound(c: Context<AppEnv>) {
  const lang = langOf(c);
  return c.html(<NotFoundPage lang={lang} message={t(lang, 'site.pageNotFound')} />, 404);
}

async function cityHome(c: Context<AppEnv>, city: City, lang: Lang) {
  return cached(
    c,
    city,
    '/',
    lang,
    async () => {
      const ctx = { db: c.get('db'), tenant: city.tenant, now: c.get('now') };
      const overview = await cityOverview(ctx);
      const communities = await communityDirectory(ctx);
      return c.html(
        <TenantHomePage
          tenant={city.tenant}
          overview={overview}
          lang={lang}
          path={c.req.path}
          base={city.base}
          communities={communities}
        />,
      );
    },
    VERSIONED,
  );
}

pagesRouter.get('/', async (c) => {
  const lang = langOf(c);
  const mapped = await cityOf(c);
  if (mapped) return cityHome(c, mapped, lang);
  const tenants = await listTenants(c.get('db'));
  return c.html(<HomePage tenants={tenants} lang={lang} />);
});

pagesRouter.get('/t/:tenant', async (c) => {
  const lang = langOf(c);
  const city = await cityOf(c);
  return city ? cityHome(c, city, lang) : notFound(c, lang);
});

for (const prefix of ['/t/:tenant', '']) {
  pagesRouter.get(`${prefix}/status`, async (c) => {
    const lang = langOf(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    return cached(
      c,
      city,
      '/status',
      lang,
      async () => {
        const model = await statusModel({ db: c.get('db'), tenant: city.tenant, now: c.get('now') });
        return c.html(
          <StatusPage tenant={city.tenant} model={model} lang={lang} base={city.base} path={c.req.path} />,
        );
      },
      STATUS,
    );
  });

  for (const kind of ['rss', 'atom'] as const) {
    pagesRouter.get(`${prefix}/status/feed.${kind}`, async (c) => {
      const lang = langOf(c);
      const city = await cityOf(c);
      if (!city) return notFound(c, lang);
      return cached(
        c,
        city,
        `/status/feed.${kind}`,
        lang,
        async () => {
          const model = await statusModel({ db: c.get('db'), tenant: city.tenant, now: c.get('now') });
          const origin = new URL(c.req.url).origin;
          const pageUrl = `${origin}${city.base}/status${lang === 'en' ? '?lang=en' : ''}`;
          const body = (kind === 'rss' ? rssFeed : atomFeed)(city.tenant, model, pageUrl, c.req.url, lang);
          return c.body(body, 200, {
            'content-type':
              kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
          });
        },
        STATUS,
      );
    });
  }

  // Sealed results only: they change when a campaign is sealed, so a time bucket suffices.
  pagesRouter.get(`${prefix}/evaluation`, async (c) => {
    const lang = langOf(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    return cached(
      c,
      city,
      '/evaluation',
      lang,
      async () => {
        const ctx = { db: c.get('db'), tenant: city.tenant, now: c.get('now') };
        const [campaigns, satisfaction] = [await publishedCampaigns(ctx), await publishedSatisfaction(ctx)];
        return c.html(
          <EvaluationPage
            tenant={city.tenant}
            campaigns={campaigns}
            satisfaction={satisfaction}
            lang={lang}
            base={city.base}
            path={c.req.path}
          />,
        );
      },
      STATISTICS,
    );
  });

  pagesRouter.get(`${prefix}/statistics`, async (c) => {
    const lang = langOf(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    return cached(
      c,
      city,
      '/statistics',
      lang,
      async () => {
        const model = await statisticsModel({ db: c.get('db'), tenant: city.tenant, now: c.get('now') });
        return c.html(
          <StatisticsPage
            tenant={city.tenant}
            model={model}
            lang={lang}
            base={city.base}
            path={c.req.path}
          />,
        );
      },
      STATISTICS,
    );
  });

  for (const format of ['html', 'csv', 'xls'] as const) {
    pagesRouter.get(`${prefix}/admission${format === 'html' ? '' : `.${format}`}`, async (c) => {
      const lang = langOf(c);
      const city = await cityOf(c);
      return city ? serveAdmission(c, city, lang, format) : notFound(c, lang);
    });
  }

  pagesRouter.get(`${prefix}/communities/:code`, async (c) => {
    const lang = langOf(c);
    const city = await cityOf(c);
    if (!city) return notFound(c, lang);
    const code = c.req.param('code');
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(code)) return communityNotFound(c, city, lang);
    return cached(
      c,
      city,
      `/communities/${code}`,
      lang,
      async () => {
        try {
          const model = await communityModel(
            { db: c.get('db'), tenant: city.tenant, now: c.get('now') },
            code,
          );
          return c.html(
            <CommunityPage
              tenant={city.tenant}
              model={model}
              lang={lang}
              base={city.base}
              path={c.req.path}
            />,
          );
        } catch (error) {
          if (!(error instanceof AppError && error.status === 404)) throw error;
          const ctx = { db: c.get('db'), tenant: city.tenant, now: c.get('now') };
          const closed = await closedCommunity(ctx, code);
          if (!closed) return communityNotFound(c, city, lang);
          return c.html(
            <ClosedCommunityPage
              tenant={city.tenant}
              model={closed}
              lang={lang}
              base={city.base}
              path={c.req.path}
            />,
          );
        }
      },
      VERSIONED,
    );
  });
}

type StatuspageKind =
  | 'summary'
  | 'status'
  | 'components'
  | 'incidents'
  | 'incidents/unresolved'
  | 'scheduled-maintenances'
  | 'scheduled-maintenances/upcoming'
  | 'scheduled-maintenances/active';

async function statuspage(c: Context<AppEnv>, city: City, kind: StatuspageKind) {
  const lang: Lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
  return cached(
    c,
    city,
    `/api/v2/${kind}.json`,
    lang,
    async () => {
      const model = await statusModel({ db: c.get('db'), tenant: city.tenant, now: c.get('now') });
      const views = presentStatuspage(city.tenant, model, new URL(c.req.url).origin, lang);
      return c.json(views[kind], 200, { 'access-control-allow-origin': '*' });
    },
    STATUS,
  );
}

const statuspageHandlers = [
  [summaryRoute, 'summary'],
  [statusRoute, 'status'],
  [componentsRoute, 'components'],
  [incidentsRoute, 'incidents'],
  [unresolvedIncidentsRoute, 'incidents/unresolved'],
  [maintenancesRoute, 'scheduled-maintenances'],
  [upcomingMaintenancesRoute, 'scheduled-maintenances/upcoming'],
  [activeMaintenancesRoute, 'scheduled-maintenances/active'],
] as const;
for (const [contract, kind] of statuspageHandlers) {
  pagesRouter.openapi(contract, async (c) => {
    const city = await cityOf(c);
    if (!city) throw tenantErrors.notFound();
    // The contract's 200 schema is the Statuspage shape; the cache hands back the same bytes.
    return (await statuspage(c, city, kind)) as never;
  });
  // The same on a host name mapped to a city (not in the OpenAPI document: the host decides the city).
  pagesRouter.get(`/api/v2/${kind}.json`, async (c) => {
    const city = await cityOf(c);
    if (!city) throw tenantErrors.notFound();
    return statuspage(c, city, kind);
  });
}

// Residents' councils: each community's council page, the residents' forms and the decisions feeds.
mountCouncilPages(pagesRouter, { cityOf, langOf, cached, notFound, communityNotFound });
