import type { TenantRow } from '../../functions/platform/tenancy';
import { type Lang, nameIn, t } from '../i18n';

/**
 * The city's page links; `base` is `/t/{slug}`, or '' on a host mapped to the city. The first names
 * the city ("贵阳市首页"), so every page of the city says whose it is.
 */
export function CityNav(props: {
  lang: Lang;
  base: string;
  city: TenantRow;
  current:
    | 'home'
    | 'status'
    | 'statistics'
    | 'community'
    | 'admission'
    | 'evaluation'
    | 'report'
    | 'request'
    | 'figures';
}) {
  const q = props.lang === 'en' ? '?lang=en' : '';
  const link = (
    key: 'home' | 'status' | 'statistics' | 'admission' | 'evaluation' | 'report' | 'figures',
    href: string,
    label: string,
  ) => (
    <li>
      <a href={`${href}${q}`} {...(props.current === key ? { 'aria-current': 'page' } : {})}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="city-nav" aria-label={t(props.lang, 'site.nav')}>
      <ul>
        {link(
          'home',
          props.base || '/',
          t(props.lang, 'site.cityHome', { city: nameIn(props.lang, props.city) }),
        )}
        {link('status', `${props.base}/status`, t(props.lang, 'site.status'))}
        {link('statistics', `${props.base}/statistics`, t(props.lang, 'site.statistics'))}
        {link('figures', `${props.base}/figures`, t(props.lang, 'front.figuresLink'))}
        {link('admission', `${props.base}/admission`, t(props.lang, 'admissionSite.title'))}
        {link('evaluation', `${props.base}/evaluation`, t(props.lang, 'evaluation.site.title'))}
        {link('report', `${props.base}/report`, t(props.lang, 'front.report'))}
      </ul>
    </nav>
  );
}

/**
 * Switches language on `path`, keeping nothing else from the query but `keep` (a tracking page's
 * token: without it the other language loses the rating form).
 */
export function switchHref(path: string, lang: Lang, keep: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...keep, lang: lang === 'zh' ? 'en' : 'zh' });
  return `${path}?${query}`;
}
