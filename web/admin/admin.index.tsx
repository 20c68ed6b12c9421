import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readAuditTrail } from '../../functions/audit/audit-trail.service';
import type { AppEnv } from '../../functions/auth/app-env';
import { authErrors } from '../../functions/auth/auth.errors';
import { rejectCrossSite, SESSION_COOKIE } from '../../functions/auth/guards';
import { signIn, signOut } from '../../functions/identity/sessions.service';
import { findUser } from '../../functions/identity/users.service';
import { errors } from '../../functions/platform/errors';
import { listGrants } from '../../functions/sharing/grants/grants.service';
import { listTenants } from '../../functions/tenants/tenants.repository';
import type { Lang } from '../i18n';
import { cityContext, pageContext, switchHref } from './console-context';
import { auditActionName, cm, consoleLang } from './console-i18n';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { consolePages, formOf, isAppError, mayEver, SignInNeeded, text } from './console-route';
import { CityTime } from './console-time';
import { registerDepartmentPages } from './departments.pages';
import { registerGrantPages } from './grants.pages';
import { registerImportPages } from './imports.pages';
import { registerIncidentPages } from './incidents.pages';
import { registerOnboardingPages } from './onboarding.pages';
import { registerPeoplePages } from './people.pages';
import { registerStaffListingPages } from './staff-listings.pages';
import { registerTrailPages } from './trails.pages';

/** The administrator console under /admin: server-rendered forms over the same domain verbs as the API. */
export const consoleRouter = new Hono<AppEnv>();
const pages = consolePages(consoleRouter);
/** Every console route with its requirement (walked by the console security test). */
export const consoleRoutes = pages.routes;

/** Only our own console paths are followed after sign-in (no open redirects). */
function safeNext(next: string): string {
  return /^\/admin(\/[\w\-/]*)?(\?[\w=&%-]*)?$/.test(next) ? next : '/admin';
}

function SignInPage(props: {
  lang: Lang;
  values: { tenant: string; login: string; next: string };
  message?: string | undefined;
  askTotp?: boolean;
}) {
  const lang = props.lang;
  const m = cm(lang);
  return (
    <ConsoleLayout lang={lang} title={m.signIn} path="/admin/sign-in">
      <h1>{m.signIn}</h1>
      <ErrorSummary lang={lang} issues={[]} message={props.message} />
      <form method="post" action="/admin/sign-in" class="stack">
        <input type="hidden" name="next" value={props.values.next} />
        <div>
          <label for="tenant">
            {m.city} <span class="hint">{m.paren(m.cityHint)}</span>
          </label>
          <input
            id="tenant"
            type="text"
            name="tenant"
            value={props.values.tenant}
            autocomplete="organization"
          />
        </div>
        <div>
          <label for="login">{m.login}</label>
          <input
            id="login"
            type="text"
            name="login"
            value={props.values.login}
            required
            autocomplete="username"
          />
        </div>
        <div>
          <label for="password">{m.password}</label>
          <input id="password" type="password" name="password" required autocomplete="current-password" />
        </div>
        <div>
          <label for="totp">{m.totp}</label>
          <input
            id="totp"
            type="text"
            name="totp"
            inputmode="numeric"
            autocomplete="one-time-code"
            aria-invalid={props.askTotp ? 'true' : undefined}
          />
        </div>
        <div>
          <button type="submit">{m.signIn}</button>
        </div>
      </form>
    </ConsoleLayout>
  );
}

pages.get('/admin/sign-in', 'public', async (c) => {
  const lang = consoleLang(c);
  return c.html(
    <SignInPage
      lang={lang}
      values={{
        tenant: c.req.query('city') ?? '',
        login: '',
        next: safeNext(c.req.query('next') ?? '/admin'),
      }}
    />,
  );
});

pages.post('/admin/sign-in', 'public', async (c) => {
  // Login CSRF: a sign-in form posted from another site could sign the victim into an attacker's account.
  rejectCrossSite(c);
  const lang = consoleLang(c);
  const form = await formOf(c);
  const values = {
    tenant: text(form, 'tenant'),
    login: text(form, 'login'),
    next: safeNext(text(form, 'next')),
  };
  const password = typeof form.password === 'string' ? form.password : '';
  const totp = text(form, 'totp');
  const missing = [
    ...(values.login ? [] : [{ path: 'login', message: cm(lang).login }]),
    ...(password ? [] : [{ path: 'password', message: cm(lang).password }]),
  ];
  if (missing.length > 0) {
    return c.html(
      <SignInPage
        lang={lang}
        values={values}
        message={cm(lang).missingSignIn(missing.map((issue) => issue.message).join(cm(lang).listSep))}
      />,
      400,
    );
  }
  try {
    const session = await signIn(
      { db: c.get('db'), now: c.get('now'), dataKey: c.get('config').dataKey },
      { tenant: values.tenant || undefined, login: values.login, password, totp: totp || undefined },
      {
        ip: c.get('clientAddress'),
        userAgent: c.req.header('user-agent'),
      },
    );
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      expires: session.expiresAt,
    });
    return c.redirect(values.next, 303);
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error;
    return c.html(
      <SignInPage
        lang={lang}
        values={values}
        message={cm(lang).signInErrors[error.code] ?? error.message}
        askTotp={error.code === 'auth.second_factor_required' || error.code === 'auth.invalid_second_factor'}
      />,
      error.status === 429 ? 429 : 401,
    );
  }
});

pages.post('/admin/sign-out', 'signedIn', async (c) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await signOut(c.get('db'), token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/admin/sign-in', 303);
});

pages.get('/admin', 'signedIn', async (c) => {
  const page = await pageContext(c);
  const m = cm(page.lang);
  if (page.principal.kind === 'platform') {
    const cities = await listTenants(c.get('db'));
    return c.html(
      <ConsoleLayout {...page} title={m.dashboard}>
        <h1>{m.dashboard}</h1>
        <h2>{m.cities}</h2>
        <ul class="cards">
          {cities.map((city) => (
            <li class="card">
              <h3>
                <a href={`/t/${city.slug}${page.lang === 'en' ? '?lang=en' : ''}`}>
                  {page.lang === 'en' ? city.nameEn : city.nameZh}
                </a>
              </h3>
              <p class="muted">{city.slug}</p>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/admin/onboarding">
            {m.onboarding}
          </a>
        </p>
      </ConsoleLayout>,
    );
  }
  const ctx = await cityContext(c);
  const pending = mayEver(ctx.actor, 'grants.decide')
    ? (await listGrants(ctx)).filter((grant) => grant.status === 'pending').length
    : undefined;
  const recent = mayEver(ctx.actor, 'audit.read') ? await readAuditTrail(ctx, { limit: 5 }) : undefined;
  return c.html(
    <ConsoleLayout {...page} title={m.dashboard}>
      <h1>{page.lang === 'en' ? ctx.tenant.nameEn : ctx.tenant.nameZh}</h1>
      <ul class="stats">
        <li>
          {m.roles}
          <strong>
            {ctx.actor.grants.map((grant) => m.roleNames[grant.role]).join(m.listSep) || m.none}
          </strong>
        </li>
        {pending === undefined ? null : (
          <li>
            <a href="/admin/grants">{m.pendingGrants}</a>
            <strong>{pending}</strong>
          </li>
        )}
      </ul>
      {recent ? (
        <>
          <h2>{m.recentAudit}</h2>
          <ul>
            {recent.map((event) => (
              <li>
                <CityTime value={event.occurredAt} zone={ctx.tenant.timezone} />{' '}
                <span title={event.action}>{auditActionName(page.lang, event.action)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </ConsoleLayout>,
  );
});

registerOnboardingPages(pages);
registerGrantPages(pages);
registerImportPages(pages);
registerTrailPages(pages);
registerPeoplePages(pages);
registerDepartmentPages(pages);
registerIncidentPages(pages);
registerStaffListingPages(pages);

// Last, so it only catches what no console page matched.
consoleRouter.all('/admin/*', () => {
  throw errors.notFound('route.not_found', 'No such page in the console.');
});

consoleRouter.onError(async (error, c) => {
  const lang = consoleLang(c);
  const m = cm(lang);
  if (error instanceof SignInNeeded || (isAppError(error, 401) && c.req.method === 'GET')) {
    if (c.req.method === 'GET') {
      const next = encodeURIComponent(c.req.path);
      return c.redirect(`/admin/sign-in?next=${next}`, 303);
    }
  }
  let status: 400 | 401 | 403 | 404 | 409 | 412 | 422 | 429 | 500 | 503 = 500;
  let message = lang === 'en' ? 'Something went wrong on our side.' : '系统出现问题，请稍后再试。';
  let title = m.errorsTitle;
  let issues: { path: string; message: string }[] = [];
  if (error instanceof SignInNeeded) {
    status = 401;
    message = authErrors.required().message;
  } else if (isAppError(error)) {
    status = error.status as typeof status;
    message =
      error.code === 'auth.cross_site'
        ? m.crossSite
        : error.code === 'auth.forbidden'
          ? m.forbidden
          : error.message;
    issues = error.details ?? [];
    if (error.status === 403) title = m.forbiddenTitle;
    if (error.status === 404) title = m.notFound;
    if (error.status === 409) title = m.conflictTitle;
  } else {
    console.error(`[${c.get('requestId')}] console`, error);
  }
  // "Please correct the following" heads only problems with what was sent (400, 422).
  const formError = ([400, 422] as number[]).includes(status);
  if (!formError && title === m.errorsTitle) title = m.failedTitle;
  const principal = c.get('actor');
  const person = principal?.kind === 'api_client' ? undefined : principal;
  // The header names the person on error pages too; a lookup that fails here only leaves it out.
  let who = person?.id ?? '';
  if (person && /^[0-9a-f-]{36}$/i.test(person.id)) {
    const user = await findUser(c.get('db'), person.id).catch(() => undefined);
    if (user) who = `${user.displayName} <${user.email}>`;
  }
  return c.html(
    <ConsoleLayout
      lang={lang}
      title={title}
      path={c.req.path}
      switchHref={switchHref(c)}
      principal={person}
      who={who}
    >
      <h1>{title}</h1>
      <ErrorSummary lang={lang} issues={issues} message={message} heading={formError ? undefined : null} />
      <p>
        <a href="/admin">{m.dashboard}</a>
      </p>
    </ConsoleLayout>,
    status,
  );
});
