import type { Context } from 'hono';
import type { AppEnv } from '../functions/auth/app-env';
import { todayIn } from '../functions/platform/dates';
import type { TenantRow } from '../functions/platform/tenancy';
import { publicCity } from '../functions/public-site/public-site.service';
import { type Lang, langInAddress, resolveLang, t } from './i18n';
import { NotFoundPage } from './pages/home';

/**
 * How long a cached copy may live besides the version rule. Statistics change with every push, so
 * they are cached by time alone. Status pages show signals (lag, failing deliveries) that move
 * between status changes, so their copies also expire each minute; a status change or an incident
 * still invalidates them at once through the version.
 */
const STATISTICS_TTL_MS = 5 * 60 * 1000;
const STATUS_SIGNALS_TTL_MS = 60 * 1000;

export interface CachePolicy {
  /** Key by the city's public-site version (invalidated by the triggers). */
  versioned: boolean;
  /** Also expire after this long (time buckets). */
  ttlMs?: number;
}
export const VERSIONED: CachePolicy = { versioned: true };
export const STATUS: CachePolicy = { versioned: true, ttlMs: STATUS_SIGNALS_TTL_MS };
export const STATISTICS: CachePolicy = { versioned: false, ttlMs: STATISTICS_TTL_MS };

export interface City {
  tenant: TenantRow;
  /** The public-site version read with the tenant (cache keys). */
  version: number;
  /** `/t/{slug}`, or '' when the request came in on a host name mapped to the city. */
  base: string;
}

export const langOf = (c: Context<AppEnv>): Lang => resolveLang(c);

export async function cityOf(c: Context<AppEnv>): Promise<City | undefined> {
  const slug = c.req.param('tenant');
  const db = c.get('db');
  if (slug) {
    const found = await publicCity(db, { slug });
    return found ? { ...found, base: `/t/${slug}` } : undefined;
  }
  const host = c.req.header('host');
  const found = host ? await publicCity(db, { host }) : undefined;
  return found ? { ...found, base: '' } : undefined;
}

/**
 * Serves from the page cache when it holds this page at the city's current public-site version;
 * otherwise renders, and stores successful responses. Keys: city, version (or time bucket), how
 * the city was addressed, path below the city, language.
 */
export async function cached(
  c: Context<AppEnv>,
  city: City,
  page: string,
  lang: Lang,
  render: () => Promise<Response>,
  policy: CachePolicy,
): Promise<Response> {
  const cache = c.get('pageCache');
  const explicitLang = langInAddress(c);
  const finish = (response: Response, state: 'HIT' | 'MISS' | 'BYPASS') => {
    const answer = mutable(response);
    answer.headers.set('x-cache', state);
    answer.headers.set('cache-control', 'public, max-age=60');
    // Without ?lang= the language comes from the shequ_lang cookie or Accept-Language.
    if (!explicitLang) answer.headers.set('vary', 'Accept-Language, Cookie');
    return answer;
  };
  if (!cache || c.req.method !== 'GET') return finish(await render(), 'BYPASS');
  const generation = [
    // Pages say "as of today" (units open and close on dates), so a new day is a new copy too.
    policy.versioned ? `v${city.version}-${todayIn(city.tenant.timezone, c.get('now')())}` : '',
    policy.ttlMs ? `t${Math.floor(c.get('now')().getTime() / policy.ttlMs)}` : '',
  ].join('');
  const key = `https://page-cache.shequ.invalid/${city.tenant.id}/${generation}/${city.base ? 'path' : 'host'}${page}?lang=${lang}`;
  const hit = await cache.match(key);
  if (hit) return finish(hit, 'HIT');
  const response = await withEtag(await render());
  if (response.status === 200) {
    const stored = response.clone();
    const headers = new Headers(stored.headers);
    // Versioned keys never go stale, so the Cache API may keep them a day; time buckets expire.
    headers.set(
      'cache-control',
      policy.ttlMs ? `public, max-age=${policy.ttlMs / 1000}` : 'public, max-age=86400',
    );
    const put = cache
      .put(key, new Response(stored.body, { status: 200, headers }))
      .catch((error) => console.error('page cache', error));
    // After the response on Workers (waitUntil); before it in Node. See `AppDeps.waitUntil`.
    const after = c.get('afterResponse');
    if (after) after(put);
    else await put;
  }
  return finish(response, 'MISS');
}

/**
 * The response itself where its headers may be changed (one the app made, or the Node cache's
 * copy): wrapping it again would turn a body Node's server writes in one piece into a stream it
 * reads chunk by chunk. A copy with its own headers where they may not (the Cache API's).
 */
function mutable(response: Response): Response {
  try {
    response.headers.set('x-cache', '');
    return response;
  } catch {
    return new Response(response.body, { status: response.status, headers: new Headers(response.headers) });
  }
}

/**
 * A successful page with its ETag worked out once, when it is rendered: the copy in the cache keeps
 * it, so a hit is not hashed again (the ETag middleware keeps an ETag a response already has).
 */
async function withEtag(response: Response): Promise<Response> {
  if (response.status !== 200 || response.headers.has('etag')) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', body));
  const headers = new Headers(response.headers);
  headers.set('etag', `"${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}"`);
  return new Response(body, { status: 200, headers });
}

export function notFound(c: Context<AppEnv>, lang: Lang) {
  return c.html(<NotFoundPage lang={lang} />, 404);
}

/** An unknown community of a known city: says so, and links back to the city's page. */
export function communityNotFound(c: Context<AppEnv>, city: City, lang: Lang) {
  const q = lang === 'en' ? '?lang=en' : '';
  return c.html(
    <NotFoundPage
      lang={lang}
      message={t(lang, 'site.communityNotFound')}
      back={{ href: `${city.base || '/'}${q}`, label: t(lang, 'site.backToCity') }}
    />,
    404,
  );
}

/** A browser's unknown path: an HTML page with a link home (API paths keep the JSON error). */
export function pageNotFound(c: Context<AppEnv>) {
  const lang = langOf(c);
  return c.html(<NotFoundPage lang={lang} message={t(lang, 'site.pageNotFound')} />, 404);
}
