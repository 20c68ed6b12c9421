import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import { type FieldIssue, issuesFromZod } from '../../functions/platform/errors';
import { listIncidents, openIncident, updateIncident } from '../../functions/public-site/incidents.service';
import { statusErrors } from '../../functions/public-site/public-site.errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../schema';
import { cityContext, pageContext } from './console-context';
import { cm } from './console-i18n';
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

const LABELS = {
  zh: {
    investigating: '调查中',
    identified: '已确认原因',
    monitoring: '观察中',
    resolved: '已解决',
    none: '无影响',
    minor: '轻微',
    major: '严重',
    critical: '紧急',
    open: '登记事件',
    title: '标题',
    impact: '影响程度',
    message: '说明',
    post: '发布进展',
    affected: '受影响的部门',
    started: '开始',
    automatic: '自动',
  },
  en: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
    none: 'None',
    minor: 'Minor',
    major: 'Major',
    critical: 'Critical',
    open: 'Open an incident',
    title: 'Title',
    impact: 'Impact',
    message: 'Message',
    post: 'Post an update',
    affected: 'Departments affected',
    started: 'Started',
    automatic: 'automatic',
  },
};

async function render(c: Context<AppEnv>, problem?: { form: string; issues: FieldIssue[] }) {
  const page = await pageContext(c);
  const m = cm(page.lang);
  const l = LABELS[page.lang];
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
              {page.lang === 'en'
                ? ` (${lang === 'zh' ? 'Chinese' : 'English'})`
                : `（${lang === 'zh' ? '中文' : '英文'}）`}
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
    <ConsoleLayout {...page} title={m.incidents}>
      <h1>{m.incidents}</h1>
      {/* A problem with an incident that has no open form here is shown on top. */}
      {problem &&
      problem.form !== 'open' &&
      !incidents.some(({ incident }) => incident.id === problem.form && !incident.resolvedAt) ? (
        <ErrorSummary lang={page.lang} issues={problem.issues} />
      ) : null}
      {incidents.map(({ incident, updates }) => (
        <article class="card" aria-labelledby={`incident-${incident.id}`}>
          <h2 id={`incident-${incident.id}`}>{page.lang === 'en' ? incident.nameEn : incident.nameZh}</h2>
          <p>
            {l[incident.status]} · {l.impact}: {l[incident.impact]} · {l.started}{' '}
            <CityTime value={incident.startedAt} zone={ctx.tenant.timezone} />
            {incident.automatic ? ` · ${l.automatic}` : ''}
          </p>
          <ul>
            {updates.map((update) => (
              <li>
                <strong>{l[update.status]}</strong>{' '}
                <CityTime value={update.createdAt} zone={ctx.tenant.timezone} />
                {page.lang === 'en' ? ': ' : '：'}
                {page.lang === 'en' ? update.bodyEn : update.bodyZh}
              </li>
            ))}
          </ul>
          {incident.resolvedAt ? null : (
            <form method="post" action={`/admin/incidents/${incident.id}/updates`} class="stack">
              <ErrorSummary lang={page.lang} issues={issuesFor(incident.id)} />
              <div>
                <label for={`status-${incident.id}`}>{m.status}</label>
                <select id={`status-${incident.id}`} name="status">
                  {INCIDENT_STATUSES.map((status) => (
                    <option value={status} selected={status === incident.status}>
                      {l[status]}
                    </option>
                  ))}
                </select>
              </div>
              <BilingualInputs prefix="body" id={incident.id} label={l.message} area />
              <div>
                <button type="submit">{l.post}</button>
              </div>
            </form>
          )}
        </article>
      ))}
      {incidents.length === 0 ? <p>{m.none}</p> : null}
      <h2>{l.open}</h2>
      <ErrorSummary lang={page.lang} issues={issuesFor('open')} />
      <form method="post" action="/admin/incidents" class="stack">
        <BilingualInputs prefix="name" id="new" label={l.title} />
        <div>
          <label for="new-impact">{l.impact}</label>
          <select id="new-impact" name="impact">
            {INCIDENT_IMPACTS.map((impact) => (
              <option value={impact} selected={impact === 'minor'}>
                {l[impact]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="new-status">{m.status}</label>
          <select id="new-status" name="status">
            {(['investigating', 'identified', 'monitoring'] as const).map((status) => (
              <option value={status}>{l[status]}</option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{l.affected}</legend>
          {departments.map((department) => (
            <div>
              <input
                type="checkbox"
                id={`dept-${department.id}`}
                name="departmentIds"
                value={department.id}
              />{' '}
              <label class="inline" for={`dept-${department.id}`}>
                {page.lang === 'en' ? department.nameEn : department.nameZh}
              </label>
            </div>
          ))}
        </fieldset>
        <BilingualInputs prefix="body" id="new" label={l.message} area />
        <div>
          <button type="submit">{l.open}</button>
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
        name: { zh: input.nameZh, en: input.nameEn },
        impact: input.impact,
        status: input.status,
        departmentIds: input.departmentIds,
        body: { zh: input.bodyZh, en: input.bodyEn },
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
      body: { zh: parsed.data.bodyZh, en: parsed.data.bodyEn },
    });
    return c.redirect('/admin/incidents', 303);
  });
}
