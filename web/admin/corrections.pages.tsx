import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { withTenant } from '../../functions/platform/db';
import { loadCatalog } from '../../functions/sharing/catalog/catalog.service';
import { listCityCorrections } from '../../functions/sharing/corrections/corrections.service';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import type { consolePages } from './console-route';
import { CityTime } from './console-time';

const PAGE = '/admin/corrections';
type Correction = Awaited<ReturnType<typeof listCityCorrections>>[number];

function CorrectionsTable(props: {
  lang: Lang;
  zone: string;
  now: Date;
  rows: Correction[];
  fieldName: (qualified: string) => string;
  ownerName: (id: string) => string;
  answered: boolean;
}) {
  const { lang, zone } = props;
  if (props.rows.length === 0) return <p>{t(lang, 'console.none')}</p>;
  return (
    <div class="table-scroll" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'catalogPage.field')}</th>
            <th scope="col">{t(lang, 'correctionsPage.owner')}</th>
            <th scope="col">{t(lang, 'correctionsPage.filedBy')}</th>
            <th scope="col">{t(lang, 'correctionsPage.filedAt')}</th>
            <th scope="col">{t(lang, props.answered ? 'correctionsPage.decidedAt' : 'console.deadline')}</th>
            <th scope="col">{t(lang, 'console.status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-correction={row.id} data-owner={row.ownerDepartmentId}>
              <td>
                {props.fieldName(row.field)} <code>{row.field}</code>
              </td>
              <td>{props.ownerName(row.ownerDepartmentId)}</td>
              <td>{say(lang, `correctionsPage.byKind.${row.filedByKind}`, { fallback: row.filedByKind })}</td>
              <td>
                <CityTime value={row.createdAt} zone={zone} />
              </td>
              <td>
                {props.answered ? (
                  row.decidedAt ? (
                    <CityTime value={row.decidedAt} zone={zone} />
                  ) : null
                ) : (
                  <>
                    <CityTime value={row.replyBy} zone={zone} />
                    {row.replyBy < props.now ? (
                      <>
                        {' '}
                        <span class="overdue">{t(lang, 'console.overdue')}</span>
                      </>
                    ) : null}
                  </>
                )}
              </td>
              <td>{say(lang, `correctionsPage.${row.status}`, { fallback: row.status })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every correction request of the city: those still waiting for their owner first, then the answered ones. */
async function renderCorrections(c: Context<AppEnv>) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const lang = page.lang;
  const rows = await listCityCorrections(ctx);
  const catalog = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    loadCatalog(tx, ctx.tenant.id),
  );
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const ownerName = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? nameIn(lang, department) : id;
  };
  const fieldName = (qualified: string) =>
    catalog.find((field) => field.qualified === qualified)?.name[lang] ?? '';
  const now = ctx.now();
  const waiting = rows.filter((row) => row.status === 'open');
  const answered = rows
    .filter((row) => row.status !== 'open')
    .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0));
  const overdue = waiting.filter((row) => row.replyBy < now).length;
  const shared = { lang, zone: ctx.tenant.timezone, now, fieldName, ownerName };
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'correctionsPage.menu')}>
      <h1>{t(lang, 'correctionsPage.menu')}</h1>
      <p class="hint">{t(lang, 'correctionsPage.hint')}</p>
      <h2 id="waiting">
        {t(lang, 'correctionsPage.waiting')}
        {t(lang, 'console.paren', { text: waiting.length })}
      </h2>
      {overdue > 0 ? (
        <p>
          <strong class="overdue">{t(lang, 'correctionsPage.overdueCount', { n: overdue })}</strong>
        </p>
      ) : null}
      <CorrectionsTable {...shared} rows={waiting} answered={false} />
      <h2 id="answered">{t(lang, 'correctionsPage.answered')}</h2>
      <CorrectionsTable {...shared} rows={answered} answered={true} />
    </ConsoleLayout>,
  );
}

export function registerCorrectionPages(pages: ReturnType<typeof consolePages>) {
  pages.get(PAGE, { action: 'catalog.manage' }, renderCorrections);
}
