import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { stampIn } from '../../functions/platform/dates';
import {
  keysAsNames,
  type Lang,
  type Namer,
  type Params,
  type ParamsOf,
  render,
} from '../../functions/platform/messages';
import { catalogue } from './catalogue';

export { type Bilingual, bilingual, inLang, nameIn } from '../../functions/platform/bilingual';
export type { Lang, Namer } from '../../functions/platform/messages';

export type MessageKey = keyof typeof catalogue & string;
type Args<K extends MessageKey> =
  ParamsOf<(typeof catalogue)[K]> extends undefined
    ? []
    : [params: ParamsOf<(typeof catalogue)[K]>, names?: Namer];

/**
 * The one way a page says something: a key (or an error code) of the catalogue, in the page's
 * language, with its params. `t(lang, 'console.step', { n: 1, of: 3 })`.
 */
export function t<K extends MessageKey>(lang: Lang, key: K, ...args: Args<K>): string {
  const [params, names] = args as unknown as [Params | undefined, Namer | undefined];
  return render(catalogue[key], lang, params, names ?? keysAsNames);
}

/**
 * A code known only at run time (an error's, a field issue's, `site.kind.${kind}`): its text, or
 * `fallback` when the catalogue has no such code (an import report written before codes existed).
 */
export function say(
  lang: Lang,
  code: string,
  options: { params?: Params | undefined; names?: Namer | undefined; fallback?: string | undefined } = {},
): string {
  const message = Object.hasOwn(catalogue, code) ? catalogue[code as MessageKey] : undefined;
  if (!message) return options.fallback ?? code;
  return render(message, lang, options.params, options.names ?? keysAsNames);
}

/** Whether the catalogue has a code (tests, and labels that fall back to the raw key). */
export function hasMessage(code: string): code is MessageKey {
  return Object.hasOwn(catalogue, code);
}

/** A problem (an error or a field issue) in a language: by its code, or its own words if it has none. */
export function problemText(
  lang: Lang,
  problem: { code?: string | undefined; params?: Params | undefined; message: string },
  names?: Namer,
): string {
  return problem.code
    ? say(lang, problem.code, { params: problem.params, names, fallback: problem.message })
    : problem.message;
}

export const LANG_COOKIE = 'shequ_lang';

const isLang = (value: string | undefined): value is Lang => value === 'zh' || value === 'en';

/**
 * The one language rule, for the public pages and the console alike: `?lang=`, then the
 * `shequ_lang` cookie, then `Accept-Language` (English when it asks for English first), else zh-CN.
 */
export function resolveLang(c: Context): Lang {
  const query = c.req.query('lang');
  if (isLang(query)) return query;
  const cookie = getCookie(c, LANG_COOKIE);
  if (isLang(cookie)) return cookie;
  const accept = c.req.header('accept-language');
  return accept && /^en\b/i.test(accept.trim()) ? 'en' : 'zh';
}

/** Whether the language came from the address (`?lang=`), not from the cookie or the browser. */
export function langInAddress(c: Context): boolean {
  return isLang(c.req.query('lang'));
}

/**
 * Remembers a `?lang=` choice in the cookie, so forms posted later keep the language. The console
 * does this; public pages do not (their responses are cached and must not set cookies).
 */
export function rememberLang(c: Context): void {
  const query = c.req.query('lang');
  if (isLang(query))
    setCookie(c, LANG_COOKIE, query, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
}

/**
 * A moment on a public page: the city's wall-clock time and its zone, "2026-12-07 09:30 (UTC+8)",
 * "2026-12-07 09:30（北京时间）", so a reader never has to guess whether a time is UTC.
 */
export function cityTime(lang: Lang, timeZone: string, value: Date | string): string {
  const stamp = stampIn(timeZone, value);
  const zone = stamp.zone === 'UTC+8' ? t(lang, 'site.beijingTime') : stamp.zone;
  return t(lang, 'site.timeInZone', { time: stamp.text, zone });
}

/** A date shown only as precisely as the sources state it. */
export function formatDate(date: string, precision: 'year' | 'month' | 'day', lang: Lang): string {
  const [year, month, day] = date.split('-');
  if (lang === 'zh') {
    if (precision === 'year') return `${year}年`;
    if (precision === 'month') return `${year}年${Number(month)}月`;
    return `${year}年${Number(month)}月${Number(day)}日`;
  }
  const monthName = new Date(`${date}T00:00:00Z`).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
  if (precision === 'year') return `${year}`;
  if (precision === 'month') return `${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year}`;
}
