import { Hono } from 'hono';
import { AppError } from '../functions/platform/errors';
import type { AppEnv } from '../functions/platform/http';
import { listTenants } from '../functions/tenants/tenants.repository';
import { cityOverview, resolveTenant } from '../functions/tenants/tenants.service';
import { pickLang } from './i18n';
import { HomePage, NotFoundPage } from './pages/home';
import { TenantHomePage } from './pages/tenant-home';

/** Server-rendered public pages. They show structure only: no personal data. */
export const pagesRouter = new Hono<AppEnv>();

pagesRouter.get('/', async (c) => {
  const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
  const tenants = await listTenants(c.get('db'));
  return c.html(<HomePage tenants={tenants} lang={lang} />);
});

pagesRouter.get('/t/:tenant', async (c) => {
  const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
  try {
    const tenant = await resolveTenant(c.get('db'), c.req.param('tenant'));
    const overview = await cityOverview({ db: c.get('db'), tenant, now: c.get('now') });
    return c.html(<TenantHomePage tenant={tenant} overview={overview} lang={lang} path={c.req.path} />);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return c.html(<NotFoundPage lang={lang} />, 404);
    throw error;
  }
});
