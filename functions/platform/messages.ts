/**
 * Texts by code. Every error code, field-issue code and page string has a zh-CN and an English text,
 * declared by the domain that owns it in `<domain>/<x>.messages.ts`; `web/i18n/catalogue.ts` puts
 * them together. The API answers in English from the same texts the pages show in Chinese, so a
 * message is never translated from another message's wording.
 */

/** The languages the product speaks: zh-CN first. */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** What a message may be told: plain JSON, since params travel in the API's error body. */
export type ParamValue = string | number | boolean | null | (string | number)[];
export type Params = { readonly [name: string]: ParamValue };

/**
 * How a text names what its params hold by key. The API says the keys (`community`); a page says the
 * city's own names (a level as the structure template names it, a role as the console names it).
 */
export interface Namer {
  level(key: string): string;
  role(key: string): string;
}
export const keysAsNames: Namer = { level: (key) => key, role: (key) => key };

export type Text<P> = string | ((params: P, names: Namer) => string);

/** A message: both languages, always (a missing one is a type error where the catalogue is declared). */
export interface Message<P = never> {
  readonly zh: Text<P>;
  readonly en: Text<P>;
}
/** A message without params. */
export interface Plain {
  readonly zh: string;
  readonly en: string;
}
// biome-ignore lint/suspicious/noExplicitAny: a catalogue holds messages of every params type.
export type Catalogue = { readonly [code: string]: Message<any> };

/** A message with params, typed once for both languages. */
export function msg<P extends object>(
  zh: (params: P, names: Namer) => string,
  en: (params: P, names: Namer) => string,
): { readonly zh: (params: P, names: Namer) => string; readonly en: (params: P, names: Namer) => string } {
  return { zh, en };
}

/** The params a message takes (`undefined` for a plain text). */
export type ParamsOf<M> = M extends { readonly en: (params: infer P, names: Namer) => string }
  ? P
  : M extends { readonly zh: (params: infer P, names: Namer) => string }
    ? P
    : undefined;

/** A message's text in a language, its params filled in. */
export function render(
  // biome-ignore lint/suspicious/noExplicitAny: any message; its params were checked where it was named.
  message: Message<any>,
  lang: Lang,
  params?: Params,
  names: Namer = keysAsNames,
): string {
  const text = message[lang];
  return typeof text === 'function' ? text(params ?? {}, names) : text;
}

const ENGLISH_PLURALS = new Intl.PluralRules('en');

/** An English count and its noun, by the language's plural rule: `countEn(1, 'day', 'days')` is "1 day". */
export function countEn(n: number, one: string, other: string): string {
  return `${n} ${ENGLISH_PLURALS.select(n) === 'one' ? one : other}`;
}

/**
 * The plural of a name a city wrote in English: its head noun takes the plural, what qualifies it
 * stays (`Residents' committee (pre-reform)` → `Residents' committees (pre-reform)`,
 * `Office of the people's congress` → `Offices of the people's congress`).
 */
export function pluralNameEn(name: string): string {
  const cut = name.search(/\s+(?:\(|of\b|for\b|under\b|in\b)/);
  const head = cut < 0 ? name : name.slice(0, cut);
  const rest = cut < 0 ? '' : name.slice(cut);
  const plural = /[^aeiou]y$/i.test(head)
    ? `${head.slice(0, -1)}ies`
    : /(s|x|z|ch|sh)$/i.test(head)
      ? `${head}es`
      : `${head}s`;
  return `${plural}${rest}`;
}

/** A count of units of a level named in English: "1 district", "49 residents' committees (pre-reform)". */
export function countedNameEn(n: number, name: string): string {
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  return countEn(n, lower, pluralNameEn(lower));
}
