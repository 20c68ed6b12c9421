import type { Context } from 'hono';
import { workInHand } from '../../functions/admission/enforcement.service';
import { listWorkItems } from '../../functions/admission/work-items.service';
import type { AppEnv } from '../../functions/auth/app-env';
import { withTenant } from '../../functions/platform/db';
import { inLang, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import type { consolePages } from './console-route';

/**
 * 准入 in the console: the work in the hands of the person's community or grid, each case marked
 * admitted (or a duty by law) or not — the ones not admitted may be declined — and the city's lists.
 */
async function renderAdmission(c: Context<AppEnv>) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const units = ctx.actor.grants
    .filter((grant) => grant.role === 'community_staff' || grant.role === 'grid_worker')
    .map((grant) => grant.orgUnitId);
  const work = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => workInHand(tx, ctx, units));
  const items = await listWorkItems(ctx);
  const lang = page.lang;
  return c.html(
    <ConsoleLayout
      lang={lang}
      title={t(lang, 'admissionSite.title')}
      path={page.path}
      switchHref={page.switchHref}
      principal={page.principal}
      who={page.who}
    >
      <h1>{t(lang, 'admissionSite.title')}</h1>
      <h2>{t(lang, 'admissionSite.myWork')}</h2>
      {work.length === 0 ? (
        <p>{t(lang, 'admissionSite.none')}</p>
      ) : (
        <table id="work-in-hand">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'admissionSite.case')}</th>
              <th scope="col">{t(lang, 'admissionSite.item')}</th>
              <th scope="col">{t(lang, 'admissionSite.status')}</th>
            </tr>
          </thead>
          <tbody>
            {work.map((entry) => (
              <tr data-admitted={entry.ground ? 'no' : 'yes'}>
                <td>
                  <a href={`/admin/cases/${entry.case.id}`}>{entry.case.number}</a> {entry.case.title}
                </td>
                <td>{entry.item ? inLang(lang, { zh: entry.item.nameZh, en: entry.item.nameEn }) : '—'}</td>
                <td>{t(lang, `admissionSite.ground.${entry.ground ?? 'ok'}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(['statutory', 'assisted', 'negative'] as const).map((list) => (
        <section>
          <h2>{t(lang, `admissionSite.list.${list}`)}</h2>
          <ul>
            {items
              .filter((item) => item.list === list)
              .map((item) => (
                <li>
                  {/* As on the public page: a sample's name says it is one (调解民间纠纷（示例）). */}
                  {inLang(lang, { zh: item.nameZh, en: item.nameEn })} · {t(lang, 'admissionSite.funding')}:{' '}
                  {item.fundingPerCommunity}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </ConsoleLayout>,
  );
}

export function registerAdmissionPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/admission', { action: 'admission.read' }, (c) => renderAdmission(c));
}
