import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import type { FieldIssue } from '../../functions/platform/errors';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import {
  type IncidentRow,
  type IncidentWithUpdates,
  listIncidents,
  openIncident,
  updateIncident,
} from '../../functions/public-site/incidents.service';
import { statusErrors } from '../../functions/public-site/public-site.errors';
import { type DepartmentRow, listDepartments } from '../../functions/tenants/departments.service';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../schema';
import { bilingual, type Lang, nameIn, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, type Sent, sentText, text, texts } from './console-route';
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

/** A Chinese and an English field for one text (`nameZh`/`nameEn`, or text areas for `bodyZh`/`bodyEn`). */
function BilingualInputs(props: {
  lang: Lang;
  prefix: string;
  id: string;
  label: string;
  area?: boolean;
  /** What a refused form had in it. */
  sent?: Sent | undefined;
}) {
  return (
    <>
      {(['zh', 'en'] as const).map((lang) => {
        const name = `${props.prefix}${lang === 'zh' ? 'Zh' : 'En'}`;
        const id = `${props.id}-${name}`;
        return (
          <div>
            <label for={id}>
              {props.label}
              {t(props.lang, lang === 'zh' ? 'console.inChinese' : 'console.inEnglish')}
            </label>
            {props.area ? (
              <textarea id={id} name={name} rows={2} required lang={lang === 'zh' ? 'zh-CN' : 'en'}>
                {sentText(props.sent, name)}
              </textarea>
            ) : (
              <input
                id={id}
                type="text"
                name={name}
                required
                lang={lang === 'zh' ? 'zh-CN' : 'en'}
                value={sentText(props.sent, name)}
              />
            )}
          </div>
        );
      })}
    </>
  );
}

/** The form posting an update (a new status and a message) to an open incident; a refused one comes back as sent. */
function IncidentUpdateForm(props: {
  lang: Lang;
  incident: IncidentRow;
  issues: FieldIssue[];
  sent?: Sent | undefined;
}) {
  const { lang, incident, sent } = props;
  return (
    <form method="post" action={`/admin/incidents/${incident.id}/updates`} class="stack">
      <ErrorSummary lang={lang} issues={props.issues} />
      <div>
        <label for={`status-${incident.id}`}>{t(lang, 'console.status')}</label>
        <select id={`status-${incident.id}`} name="status">
          {INCIDENT_STATUSES.map((status) => (
            <option value={status} selected={status === (sentText(sent, 'status') ?? incident.status)}>
              {t(lang, `console.incident.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <BilingualInputs
        lang={lang}
        prefix="body"
        id={incident.id}
        label={t(lang, 'console.incident.message')}
        area
        sent={sent}
      />
      <div>
        <button type="submit">{t(lang, 'console.incident.post')}</button>
      </div>
    </form>
  );
}

/** An incident with its updates, and the update form while it is open. */
function IncidentCard(props: {
  lang: Lang;
  zone: string;
  item: IncidentWithUpdates;
  issues: FieldIssue[];
  sent?: Sent | undefined;
}) {
  const { lang, zone } = props;
  const { incident, updates } = props.item;
  return (
    <article class="card" aria-labelledby={`incident-${incident.id}`}>
      <h2 id={`incident-${incident.id}`}>{nameIn(lang, incident)}</h2>
      <p>
        {t(lang, `console.incident.${incident.status}`)} · {t(lang, 'console.incident.impact')}:{' '}
        {t(lang, `console.incident.${incident.impact}`)} · {t(lang, 'console.incident.started')}{' '}
        <CityTime value={incident.startedAt} zone={zone} />
        {incident.automatic ? ` · ${t(lang, 'console.incident.automatic')}` : ''}
      </p>
      <ul>
        {updates.map((update) => (
          <li>
            <strong>{t(lang, `console.incident.${update.status}`)}</strong>{' '}
            <CityTime value={update.createdAt} zone={zone} />
            {t(lang, 'console.colon')}
            {nameIn(lang, update, 'body')}
          </li>
        ))}
      </ul>
      {incident.resolvedAt ? null : (
        <IncidentUpdateForm lang={lang} incident={incident} issues={props.issues} sent={props.sent} />
      )}
    </article>
  );
}

/**
 * The form opening an incident: its title, impact, status, the departments affected and a first
 * message. A refused form comes back as it was sent.
 */
function OpenIncidentForm(props: { lang: Lang; departments: DepartmentRow[]; sent?: Sent | undefined }) {
  const { lang, sent } = props;
  const ticked = new Set(sent?.departmentIds ?? []);
  return (
    <form method="post" action="/admin/incidents" class="stack">
      <BilingualInputs
        lang={lang}
        prefix="name"
        id="new"
        label={t(lang, 'console.incident.title')}
        sent={sent}
      />
      <div>
        <label for="new-impact">{t(lang, 'console.incident.impact')}</label>
        <select id="new-impact" name="impact">
          {INCIDENT_IMPACTS.map((impact) => (
            <option value={impact} selected={impact === (sentText(sent, 'impact') ?? 'minor')}>
              {t(lang, `console.incident.${impact}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="new-status">{t(lang, 'console.status')}</label>
        <select id="new-status" name="status">
          {(['investigating', 'identified', 'monitoring'] as const).map((status) => (
            <option value={status} selected={status === sentText(sent, 'status')}>
              {t(lang, `console.incident.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t(lang, 'console.incident.affected')}</legend>
        {props.departments.map((department) => (
          <div>
            <input
              type="checkbox"
              id={`dept-${department.id}`}
              name="departmentIds"
              value={department.id}
              checked={ticked.has(department.id)}
            />{' '}
            <label class="inline" for={`dept-${department.id}`}>
              {nameIn(lang, department)}
            </label>
          </div>
        ))}
      </fieldset>
      <BilingualInputs
        lang={lang}
        prefix="body"
        id="new"
        label={t(lang, 'console.incident.message')}
        area
        sent={sent}
      />
      <div>
        <button type="submit">{t(lang, 'console.incident.open')}</button>
      </div>
    </form>
  );
}

async function render(c: Context<AppEnv>, problem?: { form: string; issues: FieldIssue[]; sent?: Sent }) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const incidents = await listIncidents(ctx);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const issuesFor = (name: string) => (problem?.form === name ? problem.issues : []);
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.incidents')}>
      <h1>{t(page.lang, 'console.incidents')}</h1>
      {/* A problem with an incident that has no open form here is shown on top. */}
      {problem &&
      problem.form !== 'open' &&
      !incidents.some(({ incident }) => incident.id === problem.form && !incident.resolvedAt) ? (
        <ErrorSummary lang={page.lang} issues={problem.issues} />
      ) : null}
      {incidents.map((item) => (
        <IncidentCard
          lang={page.lang}
          zone={ctx.tenant.timezone}
          item={item}
          issues={issuesFor(item.incident.id)}
          sent={problem?.form === item.incident.id ? problem.sent : undefined}
        />
      ))}
      {incidents.length === 0 ? <p>{t(page.lang, 'console.none')}</p> : null}
      <h2>{t(page.lang, 'console.incident.open')}</h2>
      <ErrorSummary lang={page.lang} issues={issuesFor('open')} />
      <OpenIncidentForm
        lang={page.lang}
        departments={departments}
        sent={problem?.form === 'open' ? problem.sent : undefined}
      />
    </ConsoleLayout>,
    problem ? 422 : 200,
  );
}

export function registerIncidentPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/incidents', { action: 'status.manage' }, (c) => render(c));

  pages.post('/admin/incidents', { action: 'status.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const sent = {
      nameZh: text(form, 'nameZh'),
      nameEn: text(form, 'nameEn'),
      impact: text(form, 'impact'),
      status: text(form, 'status'),
      bodyZh: text(form, 'bodyZh'),
      bodyEn: text(form, 'bodyEn'),
      departmentIds: texts(form, 'departmentIds'),
    };
    const parsed = OpenForm.safeParse(sent);
    if (!parsed.success) return render(c, { form: 'open', issues: issuesFromZod(parsed.error.issues), sent });
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
      if (isAppError(error, 422)) return render(c, { form: 'open', issues: error.details ?? [], sent });
      throw error;
    }
    return c.redirect('/admin/incidents', 303);
  });

  pages.post('/admin/incidents/:id/updates', { action: 'status.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw statusErrors.incidentNotFound();
    const sent = { status: text(form, 'status'), bodyZh: text(form, 'bodyZh'), bodyEn: text(form, 'bodyEn') };
    const parsed = UpdateForm.safeParse(sent);
    if (!parsed.success) return render(c, { form: id, issues: issuesFromZod(parsed.error.issues), sent });
    try {
      await updateIncident(ctx, id, {
        status: parsed.data.status,
        body: bilingual(parsed.data, 'body'),
      });
    } catch (error) {
      if (isAppError(error, 422)) return render(c, { form: id, issues: error.details ?? [], sent });
      throw error;
    }
    return c.redirect('/admin/incidents', 303);
  });
}
