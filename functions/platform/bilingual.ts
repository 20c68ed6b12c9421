import type { Lang } from './messages';

/** A text in both languages the product speaks (names, titles, bodies): zh-CN first. */
export interface Bilingual<V extends string | null = string> {
  zh: V;
  en: V;
}

/** A row's two columns of one text: `nameZh`/`nameEn`, or `titleZh`/`titleEn` with `field: 'title'`. */
type Columns<F extends string, V> = { readonly [K in `${F}Zh` | `${F}En`]: V };

/** `{ zh: row.nameZh, en: row.nameEn }` (or of another field's two columns). */
export function bilingual<V extends string | null = string, F extends string = 'name'>(
  row: Columns<F, V>,
  field: F = 'name' as F,
): Bilingual<V> {
  return { zh: row[`${field}Zh`], en: row[`${field}En`] };
}

/** A row's name (or other field) in a language: `nameIn(lang, department)`, `nameIn(lang, incident, 'title')`. */
export function nameIn<V extends string | null = string, F extends string = 'name'>(
  lang: Lang,
  row: Columns<F, V>,
  field: F = 'name' as F,
): V {
  return row[`${field}${lang === 'zh' ? 'Zh' : 'En'}`];
}

/** A two-language value in a language. */
export function inLang<V extends string | null>(lang: Lang, value: Bilingual<V>): V {
  return value[lang];
}
