import type { Child } from 'hono/jsx';
import type { Principal } from '../../functions/auth/principal';
import type { Action } from '../../functions/auth/roles';
import type { FieldIssue } from '../../functions/platform/errors';
import type { Lang } from '../i18n';
import { type ConsoleMessages, cm, fieldLabel, issueText } from './console-i18n';
import { mayEver } from './console-route';

interface MenuItem {
  href: string;
  label: (m: ConsoleMessages) => string;
  /** Undefined: every signed-in person. `platform`: the platform administrator only. */
  needs?: Action | 'platform';
}

/** The console menu; a person sees only the items their roles allow. */
export const MENU: MenuItem[] = [
  { href: '/admin', label: (m) => m.dashboard },
  { href: '/admin/onboarding', label: (m) => m.onboarding, needs: 'platform' },
  { href: '/admin/grants', label: (m) => m.grants, needs: 'grants.decide' },
  { href: '/admin/imports', label: (m) => m.imports, needs: 'facets.write' },
  { href: '/admin/departments', label: (m) => m.departments, needs: 'api_keys.manage' },
  { href: '/admin/users', label: (m) => m.users, needs: 'users.manage' },
  { href: '/admin/incidents', label: (m) => m.incidents, needs: 'status.manage' },
  { href: '/admin/staff-listings', label: (m) => m.staffListings, needs: 'status.manage' },
  { href: '/admin/audit', label: (m) => m.audit, needs: 'audit.read' },
  { href: '/admin/access-log', label: (m) => m.accessLog, needs: 'access_log.read' },
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
  const m = cm(props.lang);
  const other = props.lang === 'zh' ? 'en' : 'zh';
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refresh ? <meta http-equiv="refresh" content={String(props.refresh)} /> : null}
        <title>{`${props.title} · ${m.console}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        <link rel="stylesheet" href="/static/admin.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skip}
        </a>
        <header class="site-header">
          <a class="brand" href="/admin">
            {m.console}
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
                  {m.signedInAs} {props.who}
                </span>{' '}
                <button type="submit">{m.signOut}</button>
              </form>
            ) : null}
          </div>
        </header>
        <div class="console">
          {props.principal ? (
            <nav class="console-menu" aria-label={m.menu}>
              <ul>
                {menuFor(props.principal).map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(item.href, props.path) ? 'page' : undefined}>
                      {item.label(m)}
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

function isCurrent(href: string, path: string): boolean {
  return href === '/admin' ? path === '/admin' : path === href || path.startsWith(`${href}/`);
}

/** The list of problems at the top of a form, announced to screen readers. */
/** `heading: null` leaves out "Please correct the following" (the page's own heading says what happened). */
export function ErrorSummary(props: {
  lang: Lang;
  issues: FieldIssue[];
  message?: string | undefined;
  heading?: string | null | undefined;
}) {
  if (props.issues.length === 0 && !props.message) return null;
  const m = cm(props.lang);
  const heading = props.heading === null ? undefined : (props.heading ?? m.errorsTitle);
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby={heading ? 'error-summary-title' : undefined}
      tabindex={-1}
    >
      {heading ? <h2 id="error-summary-title">{heading}</h2> : null}
      {props.message ? <p>{props.message}</p> : null}
      {props.issues.length > 0 ? (
        <ul>
          {props.issues.map((issue) => (
            <li>
              <strong data-field={issue.path}>{fieldLabel(props.lang, issue.path)}</strong>
              {props.lang === 'en' ? ': ' : '：'}
              {issueText(props.lang, issue.message)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
