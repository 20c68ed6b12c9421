import type { Child } from 'hono/jsx';
import type { Principal } from '../../functions/auth/principal';
import type { Action } from '../../functions/auth/roles';
import type { FieldIssue } from '../../functions/platform/errors';
import type { Namer, Params } from '../../functions/platform/messages';
import { type Lang, type MessageKey, problemText, say, t } from '../i18n';
import { mayEver } from './console-route';
import { fieldLabel, pageNames } from './console-text';

interface MenuItem {
  href: string;
  label: MessageKey;
  /** Undefined: every signed-in person. `platform`: the platform administrator only. */
  needs?: Action | 'platform';
}

/** The console menu; a person sees only the items their roles allow. */
export const MENU: MenuItem[] = [
  { href: '/admin', label: 'console.dashboard' },
  { href: '/admin/cases', label: 'cases.menu', needs: 'cases.read' },
  { href: '/admin/acceptance-requests', label: 'cases.requestsMenu', needs: 'cases.read' },
  { href: '/admin/admission', label: 'admissionSite.title', needs: 'admission.read' },
  { href: '/admin/evaluation', label: 'evaluation.menu', needs: 'evaluation.read' },
  { href: '/admin/councils', label: 'councilPage.menu', needs: 'council.read' },
  { href: '/admin/onboarding', label: 'console.onboarding', needs: 'platform' },
  { href: '/admin/grants', label: 'console.grants', needs: 'grants.decide' },
  { href: '/admin/org-tree', label: 'orgTree.menu', needs: 'structure.write' },
  { href: '/admin/catalog', label: 'catalogPage.menu', needs: 'catalog.manage' },
  { href: '/admin/corrections', label: 'correctionsPage.menu', needs: 'catalog.manage' },
  { href: '/admin/imports', label: 'console.imports', needs: 'facets.write' },
  { href: '/admin/departments', label: 'console.departments', needs: 'api_keys.manage' },
  { href: '/admin/webhooks', label: 'webhooksPage.menu', needs: 'webhooks.manage' },
  { href: '/admin/users', label: 'console.users', needs: 'users.manage' },
  { href: '/admin/incidents', label: 'console.incidents', needs: 'status.manage' },
  { href: '/admin/staff-listings', label: 'console.staffListings', needs: 'status.manage' },
  { href: '/admin/audit', label: 'console.audit', needs: 'audit.read' },
  { href: '/admin/access-log', label: 'console.accessLog', needs: 'access_log.read' },
];

export function menuFor(principal: Principal): MenuItem[] {
  return MENU.filter((item) => {
    if (!item.needs) return true;
    if (item.needs === 'platform') return principal.kind === 'platform';
    // City pages work on the person's own city; the platform administrator has none.
    if (principal.kind === 'platform') return false;
    return mayEver(principal, item.needs);
  });
}

export function ConsoleLayout(props: {
  lang: Lang;
  title: string;
  path: string;
  /** The language switch's target (defaults to this path). */
  switchHref?: string | undefined;
  principal?: Principal | undefined;
  who?: string | undefined;
  /** Seconds until the page reloads itself (progress pages), without JavaScript. */
  refresh?: number | undefined;
  children: Child;
}) {
  const other = props.lang === 'zh' ? 'en' : 'zh';
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refresh ? <meta http-equiv="refresh" content={String(props.refresh)} /> : null}
        <title>{`${props.title} · ${t(props.lang, 'console.console')}`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/site.css" />
        <link rel="stylesheet" href="/static/admin.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t(props.lang, 'console.skip')}
        </a>
        <header class="site-header">
          <a class="brand" href="/admin">
            {t(props.lang, 'console.console')}
          </a>
          <div class="header-tools">
            <a
              href={props.switchHref ?? `${props.path}?lang=${other}`}
              hreflang={other === 'en' ? 'en' : 'zh-CN'}
              lang={other === 'en' ? 'en' : 'zh-CN'}
            >
              {other === 'en' ? 'English' : '中文'}
            </a>
            {props.principal ? (
              <form method="post" action="/admin/sign-out" class="inline">
                <span class="muted">
                  {t(props.lang, 'console.signedInAs')} {props.who}
                </span>{' '}
                <button type="submit">{t(props.lang, 'console.signOut')}</button>
              </form>
            ) : null}
          </div>
        </header>
        <div class="console">
          {props.principal ? (
            <nav class="console-menu" aria-label={t(props.lang, 'console.menu')}>
              <ul>
                {menuFor(props.principal).map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(item.href, props.path) ? 'page' : undefined}>
                      {say(props.lang, item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <main id="main">{props.children}</main>
        </div>
      </body>
    </html>
  );
}

/** Pages that belong to a menu item without living under its path. */
const BELONGS_TO: Record<string, string> = { '/admin/new-case': '/admin/cases' };

function isCurrent(href: string, path: string): boolean {
  if (BELONGS_TO[path] === href) return true;
  return href === '/admin' ? path === '/admin' : path === href || path.startsWith(`${href}/`);
}

/** A field's name in the error summary: a link to the field where the page says where it is. */
function FieldName(props: { href: string | undefined; label: string }) {
  return props.href ? <a href={props.href}>{props.label}</a> : props.label;
}

/**
 * The list of problems at the top of a form, announced to screen readers. Each problem is said by
 * its code in the page's language (`data-code` keeps the code); `message` is a text already said.
 * `heading: null` leaves out "Please correct the following" (the page's own heading says what happened).
 */
export function ErrorSummary(props: {
  lang: Lang;
  issues: FieldIssue[];
  /** An error that is not about one field (a 409, a refused sign-in). */
  error?: { code: string; params?: Params | undefined; message: string } | undefined;
  message?: string | undefined;
  heading?: string | null | undefined;
  /** How the messages name levels and roles (the city's structure); keys as they are by default. */
  names?: Namer | undefined;
  /** Labels of this form's own fields by path (a category's questions), before the console's. */
  labels?: Record<string, string> | undefined;
  /** Where a field is on the page (`#id`), to link its name to; none for a field not linked. */
  hrefFor?: ((path: string) => string | undefined) | undefined;
}) {
  if (props.issues.length === 0 && !props.message && !props.error) return null;
  const names = props.names ?? pageNames(props.lang);
  const heading =
    props.heading === null ? undefined : (props.heading ?? t(props.lang, 'console.errorsTitle'));
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby={heading ? 'error-summary-title' : undefined}
      tabindex={-1}
    >
      {heading ? <h2 id="error-summary-title">{heading}</h2> : null}
      {props.error ? <p data-code={props.error.code}>{problemText(props.lang, props.error, names)}</p> : null}
      {props.message ? <p>{props.message}</p> : null}
      {props.issues.length > 0 ? (
        <ul>
          {props.issues.map((issue) => (
            <li data-code={issue.code}>
              <strong data-field={issue.path}>
                <FieldName
                  href={props.hrefFor?.(issue.path)}
                  label={props.labels?.[issue.path] ?? fieldLabel(props.lang, issue.path)}
                />
              </strong>
              {t(props.lang, 'console.colon')}
              {problemText(props.lang, issue, names)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
