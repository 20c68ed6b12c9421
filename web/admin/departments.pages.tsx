import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { SCOPES, type Scope } from '../../functions/auth/roles';
import {
  createApiClient,
  issueApiKey,
  listApiClients,
  revokeApiKey,
  rotateApiKey,
} from '../../functions/identity/api-keys.service';
import { todayIn } from '../../functions/platform/dates';
import { type FieldIssue, fieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { NewDepartmentBody } from '../../functions/tenants/departments.routes';
import { createDepartment, listDepartments } from '../../functions/tenants/departments.service';
import { nameIn, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, formProblem, text, texts } from './console-route';
import { formIssue } from './console-text';
import { CityTime } from './console-time';

async function renderDepartments(
  c: Context<AppEnv>,
  outcome?: { form: string; issues: FieldIssue[] } | { secret: string },
) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const clients = await listApiClients(ctx);
  const problem = outcome && 'form' in outcome ? outcome : undefined;
  const name = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? nameIn(page.lang, department) : id;
  };
  const now = ctx.now();
  // Revoked keys are history: folded away under each client, not listed among the working ones.
  const ended = (key: { revokedAt: Date | null }) => key.revokedAt !== null && key.revokedAt <= now;
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.departments')}>
      <h1>{t(page.lang, 'console.departments')}</h1>
      <ErrorSummary
        lang={page.lang}
        issues={
          problem &&
          !['department', 'client'].includes(problem.form) &&
          !clients.some(({ client }) => client.id === problem.form)
            ? problem.issues
            : []
        }
      />
      {outcome && 'secret' in outcome ? (
        <div class="notice" role="status">
          <p>{t(page.lang, 'console.keyShownOnce')}</p>
          <p class="secret">{outcome.secret}</p>
        </div>
      ) : null}
      <h2>{t(page.lang, 'console.clients')}</h2>
      {clients.map(({ client, keys }) => (
        <article class="card" aria-labelledby={`client-${client.id}`}>
          <h3 id={`client-${client.id}`}>
            {client.name} · {name(client.departmentId)}
          </h3>
          <ul>
            {keys
              .filter((key) => !ended(key))
              .map((key) => (
                <li>
                  <code>shq_{key.prefix}_…</code> {key.scopes.join(', ')} · {t(page.lang, 'console.lastUsed')}
                  :{' '}
                  {key.lastUsedAt ? (
                    <CityTime value={key.lastUsedAt} zone={ctx.tenant.timezone} />
                  ) : (
                    t(page.lang, 'console.never')
                  )}
                  {key.expiresAt
                    ? ` · ${t(page.lang, 'console.expires')} ${todayIn(ctx.tenant.timezone, key.expiresAt)}`
                    : ''}
                  {key.revokedAt && key.revokedAt <= now ? (
                    ` · ${t(page.lang, 'console.revokedAt')}`
                  ) : (
                    <form method="post" action={`/admin/api-keys/${key.id}/rotate`} class="inline">
                      {' '}
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={`${t(page.lang, 'console.rotateKey')} shq_${key.prefix}`}
                      >
                        {t(page.lang, 'console.rotateKey')}
                      </button>
                    </form>
                  )}
                  {key.revokedAt && key.revokedAt <= now ? null : (
                    <form method="post" action={`/admin/api-keys/${key.id}/revoke`} class="inline">
                      {' '}
                      <button
                        type="submit"
                        class="danger"
                        aria-label={`${t(page.lang, 'console.revokeKey')} shq_${key.prefix}`}
                      >
                        {t(page.lang, 'console.revokeKey')}
                      </button>
                    </form>
                  )}
                </li>
              ))}
          </ul>
          {keys.some(ended) ? (
            <details>
              <summary>{t(page.lang, 'console.endedKeys', { n: keys.filter(ended).length })}</summary>
              <ul>
                {keys.filter(ended).map((key) => (
                  <li>
                    <code>shq_{key.prefix}_…</code> {key.scopes.join(', ')} ·{' '}
                    {t(page.lang, 'console.revokedAt')}{' '}
                    {key.revokedAt ? <CityTime value={key.revokedAt} zone={ctx.tenant.timezone} /> : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <details open={problem?.form === client.id}>
            <summary>{t(page.lang, 'console.issueKey')}</summary>
            <form method="post" action={`/admin/api-clients/${client.id}/keys`} class="stack">
              <ErrorSummary lang={page.lang} issues={problem?.form === client.id ? problem.issues : []} />
              <fieldset>
                <legend>{t(page.lang, 'console.scopes')}</legend>
                {SCOPES.map((scope) => (
                  <div>
                    <input type="checkbox" id={`scope-${client.id}-${scope}`} name="scopes" value={scope} />{' '}
                    <label class="inline" for={`scope-${client.id}-${scope}`}>
                      {scope}
                    </label>
                  </div>
                ))}
              </fieldset>
              <div>
                <label for={`expires-${client.id}`}>{t(page.lang, 'console.expiresAt')}</label>
                <input id={`expires-${client.id}`} type="date" name="expiresAt" />
              </div>
              <div>
                <button type="submit">{t(page.lang, 'console.issueKey')}</button>
              </div>
            </form>
          </details>
        </article>
      ))}
      <h2>{t(page.lang, 'console.newDepartment')}</h2>
      <ul>
        {departments.map((department) => (
          <li>
            {nameIn(page.lang, department)} <code>{department.key}</code>
          </li>
        ))}
      </ul>
      <ErrorSummary lang={page.lang} issues={problem?.form === 'department' ? problem.issues : []} />
      <form method="post" action="/admin/departments" class="stack">
        <div>
          <label for="department-key">{t(page.lang, 'console.departmentKey')}</label>
          <input id="department-key" type="text" name="key" required pattern="[a-z][a-z0-9_]{0,62}" />
        </div>
        <div>
          <label for="department-zh">{t(page.lang, 'console.nameZh')}</label>
          <input id="department-zh" type="text" name="nameZh" required />
        </div>
        <div>
          <label for="department-en">{t(page.lang, 'console.nameEn')}</label>
          <input id="department-en" type="text" name="nameEn" required />
        </div>
        <div>
          <button type="submit">{t(page.lang, 'console.create')}</button>
        </div>
      </form>
      <h2>{t(page.lang, 'console.newClient')}</h2>
      <ErrorSummary lang={page.lang} issues={problem?.form === 'client' ? problem.issues : []} />
      <form method="post" action="/admin/api-clients" class="stack">
        <div>
          <label for="client-department">{t(page.lang, 'console.department')}</label>
          <select id="client-department" name="departmentId">
            {departments.map((department) => (
              <option value={department.id}>{nameIn(page.lang, department)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="client-name">{t(page.lang, 'console.clientName')}</label>
          <input id="client-name" type="text" name="name" required />
        </div>
        <div>
          <button type="submit">{t(page.lang, 'console.create')}</button>
        </div>
      </form>
    </ConsoleLayout>,
    problem ? 422 : 200,
  );
}

/** Departments, their API clients and keys. */
export function registerDepartmentPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/departments', { action: 'api_keys.manage' }, (c) => renderDepartments(c));

  pages.post('/admin/api-clients', { action: 'api_keys.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const departmentId = text(form, 'departmentId');
    const name = text(form, 'name');
    const issues: FieldIssue[] = [];
    if (!isUuid(departmentId)) issues.push(formIssue('departmentId', 'form.choose_department'));
    if (!name || name.length > 100) issues.push(formIssue('name', 'form.length_1_100'));
    if (issues.length > 0) return renderDepartments(c, { form: 'client', issues });
    try {
      await createApiClient(ctx, { departmentId, name });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: 'client', issues: problem });
      throw error;
    }
    return c.redirect('/admin/departments', 303);
  });

  pages.post('/admin/api-clients/:id/keys', { action: 'api_keys.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const clientId = c.req.param('id') ?? '';
    const scopes = texts(form, 'scopes');
    const expires = text(form, 'expiresAt');
    const issues: FieldIssue[] = [];
    if (scopes.length === 0) issues.push(fieldIssue('scopes', 'field.too_few', { minimum: 1 }));
    const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) issues.push(formIssue('scopes', 'form.unknown_scopes', { scopes: unknown }));
    const expiresAt = expires ? new Date(`${expires}T00:00:00Z`) : undefined;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) issues.push(formIssue('expiresAt', 'form.a_date'));
    if (!isUuid(clientId))
      return renderDepartments(c, { form: 'page', issues: [formIssue('client', 'form.unknown_client')] });
    if (issues.length > 0) return renderDepartments(c, { form: clientId, issues });
    try {
      const issued = await issueApiKey(ctx, clientId, { scopes: scopes as Scope[], expiresAt });
      // Rendered, not redirected: the secret exists only in this response.
      return renderDepartments(c, { secret: issued.secret });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: clientId, issues: problem });
      throw error;
    }
  });

  pages.post('/admin/departments', { action: 'departments.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const parsed = NewDepartmentBody.safeParse({
      key: text(form, 'key'),
      name: { zh: text(form, 'nameZh'), en: text(form, 'nameEn') },
    });
    if (!parsed.success) {
      const rename: Record<string, string> = { 'name.zh': 'nameZh', 'name.en': 'nameEn' };
      const issues = issuesFromZod(parsed.error.issues).map((issue) => ({
        ...issue,
        path: rename[issue.path] ?? issue.path,
      }));
      return renderDepartments(c, { form: 'department', issues });
    }
    try {
      await createDepartment(ctx, parsed.data);
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: 'department', issues: problem });
      throw error;
    }
    return c.redirect('/admin/departments', 303);
  });

  pages.post('/admin/api-keys/:id/rotate', { action: 'api_keys.manage' }, async (c) => {
    const ctx = await cityContext(c);
    const keyId = c.req.param('id') ?? '';
    if (!isUuid(keyId))
      return renderDepartments(c, { form: 'client', issues: [formIssue('key', 'form.unknown_key')] });
    try {
      // The old key keeps working for a day, so the department can switch without an outage.
      const rotated = await rotateApiKey(ctx, keyId, 24 * 3600);
      return renderDepartments(c, { secret: rotated.secret });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: 'client', issues: problem });
      throw error;
    }
  });

  pages.post('/admin/api-keys/:id/revoke', { action: 'api_keys.manage' }, async (c) => {
    const ctx = await cityContext(c);
    const keyId = c.req.param('id') ?? '';
    if (!isUuid(keyId))
      return renderDepartments(c, { form: 'client', issues: [formIssue('key', 'form.unknown_key')] });
    await revokeApiKey(ctx, keyId);
    return c.redirect('/admin/departments', 303);
  });
}
