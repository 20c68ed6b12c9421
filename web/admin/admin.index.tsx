import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readAuditTrail } from '../../functions/audit/audit-trail.service';
import type { AppEnv } from '../../functions/auth/app-env';
import { authErrors } from '../../functions/auth/auth.errors';
import { rejectCrossSite, SESSION_COOKIE } from '../../functions/auth/guards';
import { signIn, signOut } from '../../functions/identity/sessions.service';
import { findUser } from '../../functions/identity/users.service';
import { type AppError, databaseRefusal, errors, type FieldIssue } from '../../functions/platform/errors';
import { listGrants } from '../../functions/sharing/grants/grants.service';
import { listTenantNames, listTenants, type TenantNames } from '../../functions/tenants/tenants.repository';
import { type Lang, nameIn, say, t } from '../i18n';
import { registerAcceptancePages } from './acceptance.pages';
import { registerAdmissionPages } from './admission.pages';
import { registerCasePages } from './cases.pages';
import { registerCatalogPages } from './catalog.pages';
import { cityContext, pageContext, switchHref } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { consolePages, formOf, isAppError, mayEver, SignInNeeded, text } from './console-route';
import { auditActionName, consoleLang } from './console-text';
import { CityTime } from './console-time';
import { registerCorrectionPages } from './corrections.pages';
import { registerCouncilPages } from './council.pages';
import { registerDepartmentPages } from './departments.pages';
import { registerEvaluationPages } from './evaluation.pages';
import { registerGrantPages } from './grants.pages';
import { registerImportPages } from './imports.pages';
import { registerIncidentPages } from './incidents.pages';
import { registerOnboardingPages } from './onboarding.pages';
import { registerOrgTreePages } from './org-tree.pages';
import { registerPeoplePages } from './people.pages';
import { registerStaffListingPages } from './staff-listings.pages';
import { registerTrailPages } from './trails.pages';
import { registerWebhookPages } from './webhooks.pages';

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
  /** A refused sign-in, said by its code in the page's language. */
  error?: AppError | undefined;
  askTotp?: boolean;
  /** The deployment's cities, offered as the field is typed in (slug, shown with its name). */
  cities: { slug: string; name: string }[];
}) {
  const lang = props.lang;
  return (
    <ConsoleLayout lang={lang} title={t(lang, 'console.signIn')} path="/admin/sign-in">
      <h1>{t(lang, 'console.signIn')}</h1>
      <ErrorSummary lang={lang} issues={[]} message={props.message} error={props.error} />
      <form method="post" action="/admin/sign-in" class="stack">
        <input type="hidden" name="next" value={props.values.next} />
        <div>
          <label for="tenant">
            {t(lang, 'console.city')}{' '}
            <span class="hint">{t(lang, 'console.paren', { text: t(lang, 'console.cityHint') })}</span>
          </label>
          <input
            id="tenant"
            type="text"
            name="tenant"
            value={props.values.tenant}
            autocomplete="organization"
            list="cities"
          />
          <datalist id="cities">
            {props.cities.map((city) => (
              <option value={city.slug}>{city.name}</option>
            ))}
          </datalist>
        </div>
        <div>
          <label for="login">{t(lang, 'console.login')}</label>
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
          <label for="password">{t(lang, 'console.password')}</label>
          <input id="password" type="password" name="password" required autocomplete="current-password" />
        </div>
        <div>
          <label for="totp">{t(lang, 'console.totp')}</label>
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
          <button type="submit">{t(lang, 'console.signIn')}</button>
        </div>
      </form>
    </ConsoleLayout>
  );
}

/** The cities one may sign in to, by slug with their names in the page's language. */
const cityChoices = (cities: TenantNames, lang: Lang) =>
  cities.map((city) => ({ slug: city.slug, name: nameIn(lang, city) }));

/**
 * The city as typed: its slug, or its name in either language ("贵阳", "贵阳市", "Guiyang") taken
 * for the slug, so a sign-in does not fail as "wrong login or password" over the form of a name.
 */
function citySlug(cities: TenantNames, typed: string): string {
  const wanted = typed.trim().toLowerCase();
  const named = (city: TenantNames[number]) =>
    [city.slug, city.nameZh, city.nameZh.replace(/市$/u, ''), city.nameEn].map((name) => name.toLowerCase());
  return (wanted && cities.find((city) => named(city).includes(wanted))?.slug) || typed.trim();
}

pages.get('/admin/sign-in', 'public', async (c) => {
  const lang = consoleLang(c);
  return c.html(
    <SignInPage
      cities={cityChoices(await listTenantNames(c.get('db')), lang)}
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
  const cities = await listTenantNames(c.get('db'));
  const missing = [
    ...(values.login ? [] : [t(lang, 'console.login')]),
    ...(password ? [] : [t(lang, 'console.password')]),
  ];
  if (missing.length > 0) {
    return c.html(
      <SignInPage
        cities={cityChoices(cities, lang)}
        lang={lang}
        values={values}
        message={t(lang, 'console.missingSignIn', { fields: missing.join(t(lang, 'console.listSep')) })}
      />,
      400,
    );
  }
  try {
    const session = await signIn(
      { db: c.get('db'), now: c.get('now'), dataKey: c.get('config').dataKey },
      {
        tenant: citySlug(cities, values.tenant) || undefined,
        login: values.login,
        password,
        totp: totp || undefined,
      },
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
        cities={cityChoices(cities, lang)}
        lang={lang}
        values={values}
        error={error}
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
  if (page.principal.kind === 'platform') {
    const cities = await listTenants(c.get('db'));
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.dashboard')}>
        <h1>{t(page.lang, 'console.dashboard')}</h1>
        <h2>{t(page.lang, 'console.cities')}</h2>
        <ul class="cards">
          {cities.map((city) => (
            <li class="card">
              <h3>
                <a href={`/t/${city.slug}${page.lang === 'en' ? '?lang=en' : ''}`}>
                  {nameIn(page.lang, city)}
                </a>
              </h3>
              <p class="muted">{city.slug}</p>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/admin/onboarding">
            {t(page.lang, 'console.onboarding')}
          </a>
        </p>
      </ConsoleLayout>,
    );
  }
  const ctx = await cityContext(c);
  const pending = mayEver(ctx.actor, 'grants.decide')
    ? // Those awaiting the city's own decision (the grant queue's first section).
      (await listGrants(ctx)).filter((grant) => grant.status === 'pending' && grant.cityApprovedAt === null)
        .length
    : undefined;
  const recent = mayEver(ctx.actor, 'audit.read') ? await readAuditTrail(ctx, { limit: 5 }) : undefined;
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.dashboard')}>
      <h1>{nameIn(page.lang, ctx.tenant)}</h1>
      <ul class="stats">
        <li>
          {t(page.lang, 'console.roles')}
          <strong>
            {ctx.actor.grants
              .map((grant) => say(page.lang, `role.${grant.role}`))
              .join(t(page.lang, 'console.listSep')) || t(page.lang, 'console.none')}
          </strong>
        </li>
        {pending === undefined ? null : (
          <li>
            <a href="/admin/grants">{t(page.lang, 'console.pendingGrants')}</a>
            <strong>{pending}</strong>
          </li>
        )}
      </ul>
      {recent ? (
        <>
          <h2>{t(page.lang, 'console.recentAudit')}</h2>
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
registerCasePages(pages);
registerAdmissionPages(pages);
registerAcceptancePages(pages);
registerEvaluationPages(pages);
registerCouncilPages(pages);
registerOrgTreePages(pages);
registerCatalogPages(pages);
registerWebhookPages(pages);
registerCorrectionPages(pages);

// Last, so it only catches what no console page matched.
consoleRouter.all('/admin/*', (c) => {
  throw errors.notFound('route.not_found', { params: { method: c.req.method, path: c.req.path } });
});

consoleRouter.onError(async (thrown, c) => {
  const lang = consoleLang(c);
  // A reference or a text the database refused is a problem with the form, like the verbs' own.
  const error = databaseRefusal(thrown) ?? thrown;
  if (error instanceof SignInNeeded || (isAppError(error, 401) && c.req.method === 'GET')) {
    if (c.req.method === 'GET') {
      const next = encodeURIComponent(c.req.path);
      return c.redirect(`/admin/sign-in?next=${next}`, 303);
    }
  }
  let status: 400 | 401 | 403 | 404 | 409 | 412 | 422 | 429 | 500 | 503 = 500;
  // Said by its code in the page's language; the console words a refusal its own way.
  let problem: AppError = errors.internal();
  let message: string | undefined;
  let title = t(lang, 'console.errorsTitle');
  let issues: FieldIssue[] = [];
  if (error instanceof SignInNeeded) {
    status = 401;
    problem = authErrors.required();
  } else if (isAppError(error)) {
    status = error.status as typeof status;
    problem = error;
    if (error.code === 'auth.cross_site') message = t(lang, 'console.crossSite');
    if (error.code === 'auth.forbidden') message = t(lang, 'console.forbidden');
    issues = error.details ?? [];
    if (error.status === 403) title = t(lang, 'console.forbiddenTitle');
    if (error.status === 404) title = t(lang, 'console.notFound');
    if (error.status === 409) title = t(lang, 'console.conflictTitle');
  } else {
    console.error(`[${c.get('requestId')}] console`, error);
  }
  // "Please correct the following" heads only problems with what was sent (400, 422).
  const formError = ([400, 422] as number[]).includes(status);
  if (!formError && title === t(lang, 'console.errorsTitle')) title = t(lang, 'console.failedTitle');
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
      <ErrorSummary
        lang={lang}
        issues={issues}
        error={message ? undefined : problem}
        message={message}
        heading={formError ? undefined : null}
      />
      <p>
        <a href="/admin">{t(lang, 'console.dashboard')}</a>
      </p>
    </ConsoleLayout>,
    status,
  );
});
