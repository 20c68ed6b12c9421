import type { Context } from 'hono';
import { type AppEnv, createRouter } from '../functions/auth/app-env';
import { publishedCampaigns, publishedSatisfaction } from '../functions/evaluation/published.service';
import { AppError } from '../functions/platform/errors';
import { closedCommunity } from '../functions/public-site/closed-community.service';
import {
  communityDirectory,
  communityModel,
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
import type { Lang } from './i18n';
import { serveAdmission } from './pages/admission.serve';
import { CommunityPage } from './pages/community';
import { ClosedCommunityPage } from './pages/community-closed';
import { mountCouncilPages } from './pages/council-routes';
import { EvaluationPage } from './pages/evaluation';
import { HomePage } from './pages/home';
import { StatisticsPage } from './pages/statistics';
import { StatusPage } from './pages/status';
import { registerSurveyPages } from './pages/survey';
import { TenantHomePage } from './pages/tenant-home';
import {
  type City,
  cached,
  cityOf,
  communityNotFound,
  langOf,
  notFound,
  STATISTICS,
  STATUS,
  VERSIONED,
} from './pages.support';

/**
 * Server-rendered public pages, the feeds and the Statuspage-compatible JSON. They show structure,
 * link health, aggregate counts and the staff listing a city chose to publish: no resident data.
 */
export const pagesRouter = createRouter();
export { type City, cityOf, notFound, pageNotFound } from './pages.support';

registerSurveyPages(pagesRouter);

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
