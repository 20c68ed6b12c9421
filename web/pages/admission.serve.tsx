import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { publicAdmission } from '../../functions/admission/admission-public.service';
import { catalogCsv, catalogSpreadsheet } from '../../functions/admission/catalog-export';
import type { AppEnv } from '../../functions/auth/app-env';
import { todayIn } from '../../functions/platform/dates';
import { withTenant } from '../../functions/platform/db';
import type { TenantRow } from '../../functions/platform/tenancy';
import { departments } from '../../schema';
import type { Lang } from '../i18n';
import { AdmissionPage } from './admission';

/**
 * The public admission page and its downloads, read fresh on each request (decisions and payments
 * do not bump the public-site version the page cache keys on).
 */
export async function serveAdmission(
  c: Context<AppEnv>,
  city: { tenant: TenantRow; base: string },
  lang: Lang,
  format: 'html' | 'csv' | 'xls',
) {
  const db = c.get('db');
  const now = c.get('now');
  const year = Number(todayIn(city.tenant.timezone, now()).slice(0, 4));
  const model = await publicAdmission({ db, tenant: city.tenant, now }, year);
  const rows = await withTenant({ db, tenantId: city.tenant.id }, (tx) =>
    tx.select().from(departments).where(eq(departments.tenantId, city.tenant.id)),
  );
  const byId = new Map(rows.map((row) => [row.id, { zh: row.nameZh, en: row.nameEn }]));
  const departmentName = (id: string | null) => {
    const found = id ? byId.get(id) : undefined;
    return found ? `${found.zh}/${found.en}` : '';
  };
  const file = `${city.tenant.slug}-work-admission-${year}`;
  if (format === 'csv')
    return c.body(catalogCsv(model.items, departmentName), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file}.csv"`,
    });
  if (format === 'xls')
    return c.body(catalogSpreadsheet(model.items, departmentName), 200, {
      'content-type': 'application/vnd.ms-excel; charset=utf-8',
      'content-disposition': `attachment; filename="${file}.xls"`,
    });
  return c.html(
    <AdmissionPage
      tenant={city.tenant}
      model={{ ...model, departments: byId }}
      lang={lang}
      base={city.base}
      path={c.req.path}
    />,
  );
}
