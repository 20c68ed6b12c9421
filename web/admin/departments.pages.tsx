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
import { type Lang, nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, formProblem, text, texts } from './console-route';
import { formIssue } from './console-text';
import { CityTime } from './console-time';
import { DepartmentSection, type FormProblem, IssueKeyForm, NewClientSection } from './department-forms';

type ApiClientEntry = Awaited<ReturnType<typeof listApiClients>>[number];
type ApiKeyRow = ApiClientEntry['keys'][number];

/** A key's scopes in words (the code beside each for those who read the API's documentation). */
function ScopeWords(props: { lang: Lang; scopes: readonly string[] }) {
  return (
    <span class="scopes">
      {props.scopes.map((scope, index) => (
        <>
          {index > 0 ? t(props.lang, 'console.listSep') : ''}
          <span title={scope} data-scope={scope}>
            {say(props.lang, `scope.${scope}`, { fallback: scope })}
          </span>
        </>
      ))}
    </span>
  );
}

/** A working key: its prefix, scopes, last use and expiry, with the rotate and revoke buttons. */
function WorkingKey(props: { lang: Lang; zone: string; now: Date; apiKey: ApiKeyRow }) {
  const { lang, zone, now, apiKey: key } = props;
  return (
    <li>
      <code>shq_{key.prefix}_…</code> <ScopeWords lang={lang} scopes={key.scopes} /> ·{' '}
      {t(lang, 'console.lastUsed')}:{' '}
      {key.lastUsedAt ? <CityTime value={key.lastUsedAt} zone={zone} /> : t(lang, 'console.never')}
      {key.expiresAt ? ` · ${t(lang, 'console.expires')} ${todayIn(zone, key.expiresAt)}` : ''}
      {key.revokedAt && key.revokedAt <= now ? (
        ` · ${t(lang, 'console.revokedAt')}`
      ) : (
        <form method="post" action={`/admin/api-keys/${key.id}/rotate`} class="inline">
          {' '}
          <button
            type="submit"
            class="secondary"
            aria-label={`${t(lang, 'console.rotateKey')} shq_${key.prefix}`}
          >
            {t(lang, 'console.rotateKey')}
          </button>
        </form>
      )}
      {key.revokedAt && key.revokedAt <= now ? null : (
        <form method="post" action={`/admin/api-keys/${key.id}/revoke`} class="inline">
          {' '}
          <button
            type="submit"
            class="danger"
            aria-label={`${t(lang, 'console.revokeKey')} shq_${key.prefix}`}
          >
            {t(lang, 'console.revokeKey')}
          </button>
        </form>
      )}
    </li>
  );
}

/** Revoked keys are history: folded away under their client, with when each was revoked. */
function EndedKeys(props: { lang: Lang; zone: string; keys: ApiKeyRow[] }) {
  const { lang, zone } = props;
  return (
    <details>
      <summary>{t(lang, 'console.endedKeys', { n: props.keys.length })}</summary>
      <ul>
        {props.keys.map((key) => (
          <li>
            <code>shq_{key.prefix}_…</code> <ScopeWords lang={lang} scopes={key.scopes} /> ·{' '}
            {t(lang, 'console.revokedAt')}{' '}
            {key.revokedAt ? <CityTime value={key.revokedAt} zone={zone} /> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** An API client: its department, its working keys, its ended ones, and the key-issue form. */
function ClientCard(props: {
  lang: Lang;
  zone: string;
  now: Date;
  entry: ApiClientEntry;
  departmentName: string;
  problem: FormProblem | undefined;
}) {
  const { lang, zone, now } = props;
  const { client, keys } = props.entry;
  const ended = (key: { revokedAt: Date | null }) => key.revokedAt !== null && key.revokedAt <= now;
  return (
    <article class="card" aria-labelledby={`client-${client.id}`}>
      <h3 id={`client-${client.id}`}>
        {client.name} · {props.departmentName}
      </h3>
      <ul>
        {keys
          .filter((key) => !ended(key))
          .map((key) => (
            <WorkingKey lang={lang} zone={zone} now={now} apiKey={key} />
          ))}
      </ul>
      {keys.some(ended) ? <EndedKeys lang={lang} zone={zone} keys={keys.filter(ended)} /> : null}
      <IssueKeyForm lang={lang} clientId={client.id} problem={props.problem} />
    </article>
  );
}

async function renderDepartments(c: Context<AppEnv>, outcome?: FormProblem | { secret: string }) {
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
      {clients.map((entry) => (
        <ClientCard
          lang={page.lang}
          zone={ctx.tenant.timezone}
          now={now}
          entry={entry}
          departmentName={name(entry.client.departmentId)}
          problem={problem}
        />
      ))}
      <DepartmentSection lang={page.lang} departments={departments} problem={problem} />
      <NewClientSection lang={page.lang} departments={departments} problem={problem} />
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
    const sent = { departmentId, name };
    if (issues.length > 0) return renderDepartments(c, { form: 'client', issues, sent });
    try {
      await createApiClient(ctx, { departmentId, name });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: 'client', issues: problem, sent });
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
    const sent = { scopes, expiresAt: expires };
    if (issues.length > 0) return renderDepartments(c, { form: clientId, issues, sent });
    try {
      const issued = await issueApiKey(ctx, clientId, { scopes: scopes as Scope[], expiresAt });
      // Rendered, not redirected: the secret exists only in this response.
      return renderDepartments(c, { secret: issued.secret });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: clientId, issues: problem, sent });
      throw error;
    }
  });

  pages.post('/admin/departments', { action: 'departments.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const sent = { key: text(form, 'key'), nameZh: text(form, 'nameZh'), nameEn: text(form, 'nameEn') };
    const parsed = NewDepartmentBody.safeParse({ key: sent.key, name: { zh: sent.nameZh, en: sent.nameEn } });
    if (!parsed.success) {
      const rename: Record<string, string> = { 'name.zh': 'nameZh', 'name.en': 'nameEn' };
      const issues = issuesFromZod(parsed.error.issues).map((issue) => ({
        ...issue,
        path: rename[issue.path] ?? issue.path,
      }));
      return renderDepartments(c, { form: 'department', issues, sent });
    }
    try {
      await createDepartment(ctx, parsed.data);
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderDepartments(c, { form: 'department', issues: problem, sent });
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
