import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { authErrors } from '../../functions/auth/auth.errors';
import type { Principal } from '../../functions/auth/principal';
import { findUser } from '../../functions/identity/users.service';
import type { TenantRow } from '../../functions/platform/tenancy';
import { findTenantById } from '../../functions/tenants/tenants.repository';
import type { Lang } from '../i18n';
import { consoleActor } from './console-route';
import { consoleLang } from './console-text';

export interface PageContext {
  lang: Lang;
  path: string;
  switchHref: string;
  principal: Principal;
  who: string;
}

/** What every signed-in page shows in its frame: the language, the person and the menu. */
export async function pageContext(c: Context<AppEnv>): Promise<PageContext> {
  const principal = consoleActor(c);
  // The platform token (an API credential) is a principal with no account behind it.
  const account = principal.kind !== 'api_client' && /^[0-9a-f-]{36}$/i.test(principal.id);
  const user = account ? await findUser(c.get('db'), principal.id) : undefined;
  return {
    lang: consoleLang(c),
    path: c.req.path,
    switchHref: switchHref(c),
    principal,
    who: user ? `${user.displayName} <${user.email}>` : principal.id,
  };
}

/**
 * The verbs' context for the person's own city. Console pages act on the city the person
 * belongs to; the platform administrator (who has none) gets the platform pages only.
 */
export async function cityContext(c: Context<AppEnv>) {
  const actor = consoleActor(c);
  if (actor.kind !== 'user') throw authErrors.cityPeopleOnly();
  const tenant: TenantRow | undefined = await findTenantById(c.get('db'), actor.tenantId);
  if (!tenant) throw authErrors.invalidSession();
  return { db: c.get('db'), tenant, actor, now: c.get('now'), dataKey: c.get('config').dataKey };
}

const SECTION_PAGES: Record<string, string> = {
  'api-clients': '/admin/departments',
  'api-keys': '/admin/departments',
};

/**
 * Where the language switch leads: this page with its query for a GET; for a page rendered by a
 * form post (which has no address to reload), the section's own page.
 */
export function switchHref(c: Context<AppEnv>): string {
  const lang = consoleLang(c) === 'zh' ? 'en' : 'zh';
  if (c.req.method === 'GET') {
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang);
    return `${url.pathname}${url.search}`;
  }
  const section = c.req.path.split('/')[2] ?? '';
  const target = SECTION_PAGES[section] ?? (section ? `/admin/${section}` : '/admin');
  return `${target}?lang=${lang}`;
}
