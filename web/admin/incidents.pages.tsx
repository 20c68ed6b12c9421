import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import type { FieldIssue } from '../../functions/platform/errors';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { listIncidents, openIncident, updateIncident } from '../../functions/public-site/incidents.service';
import { statusErrors } from '../../functions/public-site/public-site.errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../schema';
import { bilingual, nameIn, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text, texts } from './console-route';
import { CityTime } from './console-time';

const Text = z.string().trim().min(1, 'required').max(500);
const OpenForm = z.object({
  nameZh: Text,
  nameEn: Text,
  impact: z.enum(INCIDENT_IMPACTS),
  status: z.enum(['investigating', 'identified', 'monitoring']),
  bodyZh: Text,
  bodyEn: Text,
  departmentIds: z.array(z.uuid()),
});
const UpdateForm = z.object({ status: z.enum(INCIDENT_STATUSES), bodyZh: Text, bodyEn: Text });

async function render(c: Context<AppEnv>, problem?: { form: string; issues: FieldIssue[] }) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const incidents = await listIncidents(ctx);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const issuesFor = (name: string) => (problem?.form === name ? problem.issues : []);
  const BilingualInputs = (props: { prefix: string; id: string; label: string; area?: boolean }) => (
    <>
      {(['zh', 'en'] as const).map((lang) => {
        const name = `${props.prefix}${lang === 'zh' ? 'Zh' : 'En'}`;
        const id = `${props.id}-${name}`;
        return (
          <div>
            <label for={id}>
              {props.label}
              {t(page.lang, lang === 'zh' ? 'console.inChinese' : 'console.inEnglish')}
            </label>
            {props.area ? (
              <textarea
                id={id}
                name={name}
                rows={2}
                required
                lang={lang === 'zh' ? 'zh-CN' : 'en'}
              ></textarea>
            ) : (
              <input id={id} type="text" name={name} required lang={lang === 'zh' ? 'zh-CN' : 'en'} />
            )}
          </div>
        );
      })}
    </>
  );
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.incidents')}>
      <h1>{t(page.lang, 'console.incidents')}</h1>
      {/* A problem with an incident that has no open form here is shown on top. */}
      {problem &&
      problem.form !== 'open' &&
      !incidents.some(({ incident }) => incident.id === problem.form && !incident.resolvedAt) ? (
        <ErrorSummary lang={page.lang} issues={problem.issues} />
      ) : null}
      {incidents.map(({ incident, updates }) => (
        <article class="card" aria-labelledby={`incident-${incident.id}`}>
          <h2 id={`incident-${incident.id}`}>{nameIn(page.lang, incident)}</h2>
          <p>
            {t(page.lang, `console.incident.${incident.status}`)} · {t(page.lang, 'console.incident.impact')}:{' '}
            {t(page.lang, `console.incident.${incident.impact}`)} · {t(page.lang, 'console.incident.started')}{' '}
            <CityTime value={incident.startedAt} zone={ctx.tenant.timezone} />
            {incident.automatic ? ` · ${t(page.lang, 'console.incident.automatic')}` : ''}
          </p>
          <ul>
            {updates.map((update) => (
              <li>
                <strong>{t(page.lang, `console.incident.${update.status}`)}</strong>{' '}
                <CityTime value={update.createdAt} zone={ctx.tenant.timezone} />
                {t(page.lang, 'console.colon')}
                {nameIn(page.lang, update, 'body')}
              </li>
            ))}
          </ul>
          {incident.resolvedAt ? null : (
            <form method="post" action={`/admin/incidents/${incident.id}/updates`} class="stack">
              <ErrorSummary lang={page.lang} issues={issuesFor(incident.id)} />
              <div>
                <label for={`status-${incident.id}`}>{t(page.lang, 'console.status')}</label>
                <select id={`status-${incident.id}`} name="status">
                  {INCIDENT_STATUSES.map((status) => (
                    <option value={status} selected={status === incident.status}>
                      {t(page.lang, `console.incident.${status}`)}
                    </option>
                  ))}
                </select>
              </div>
              <BilingualInputs
                prefix="body"
                id={incident.id}
                label={t(page.lang, 'console.incident.message')}
                area
              />
              <div>
                <button type="submit">{t(page.lang, 'console.incident.post')}</button>
              </div>
            </form>
          )}
        </article>
      ))}
      {incidents.length === 0 ? <p>{t(page.lang, 'console.none')}</p> : null}
      <h2>{t(page.lang, 'console.incident.open')}</h2>
      <ErrorSummary lang={page.lang} issues={issuesFor('open')} />
      <form method="post" action="/admin/incidents" class="stack">
        <BilingualInputs prefix="name" id="new" label={t(page.lang, 'console.incident.title')} />
        <div>
          <label for="new-impact">{t(page.lang, 'console.incident.impact')}</label>
          <select id="new-impact" name="impact">
            {INCIDENT_IMPACTS.map((impact) => (
              <option value={impact} selected={impact === 'minor'}>
                {t(page.lang, `console.incident.${impact}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="new-status">{t(page.lang, 'console.status')}</label>
          <select id="new-status" name="status">
            {(['investigating', 'identified', 'monitoring'] as const).map((status) => (
              <option value={status}>{t(page.lang, `console.incident.${status}`)}</option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{t(page.lang, 'console.incident.affected')}</legend>
          {departments.map((department) => (
            <div>
              <input
                type="checkbox"
                id={`dept-${department.id}`}
                name="departmentIds"
                value={department.id}
              />{' '}
              <label class="inline" for={`dept-${department.id}`}>
                {nameIn(page.lang, department)}
              </label>
            </div>
          ))}
        </fieldset>
        <BilingualInputs prefix="body" id="new" label={t(page.lang, 'console.incident.message')} area />
        <div>
          <button type="submit">{t(page.lang, 'console.incident.open')}</button>
        </div>
      </form>
    </ConsoleLayout>,
    problem ? 422 : 200,
  );
}

export function registerIncidentPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/incidents', { action: 'status.manage' }, (c) => render(c));

  pages.post('/admin/incidents', { action: 'status.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const parsed = OpenForm.safeParse({
      nameZh: text(form, 'nameZh'),
      nameEn: text(form, 'nameEn'),
      impact: text(form, 'impact'),
      status: text(form, 'status'),
      bodyZh: text(form, 'bodyZh'),
      bodyEn: text(form, 'bodyEn'),
      departmentIds: texts(form, 'departmentIds'),
    });
    if (!parsed.success) return render(c, { form: 'open', issues: issuesFromZod(parsed.error.issues) });
    const input = parsed.data;
    try {
      await openIncident(ctx, {
        name: bilingual(input),
        impact: input.impact,
        status: input.status,
        departmentIds: input.departmentIds,
        body: bilingual(input, 'body'),
      });
    } catch (error) {
      if (isAppError(error, 422)) return render(c, { form: 'open', issues: error.details ?? [] });
      throw error;
    }
    return c.redirect('/admin/incidents', 303);
  });

  pages.post('/admin/incidents/:id/updates', { action: 'status.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw statusErrors.incidentNotFound();
    const parsed = UpdateForm.safeParse({
      status: text(form, 'status'),
      bodyZh: text(form, 'bodyZh'),
      bodyEn: text(form, 'bodyEn'),
    });
    if (!parsed.success) return render(c, { form: id, issues: issuesFromZod(parsed.error.issues) });
    await updateIncident(ctx, id, {
      status: parsed.data.status,
      body: bilingual(parsed.data, 'body'),
    });
    return c.redirect('/admin/incidents', 303);
  });
}
