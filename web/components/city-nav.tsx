import type { Lang } from '../i18n';
import { p } from '../public-site.i18n';

/** The city's page links; `base` is `/t/{slug}`, or '' on a host mapped to the city. */
export function CityNav(props: {
  lang: Lang;
  base: string;
  current: 'home' | 'status' | 'statistics' | 'community';
}) {
  const m = p(props.lang);
  const q = props.lang === 'en' ? '?lang=en' : '';
  const link = (key: 'home' | 'status' | 'statistics', href: string, label: string) => (
    <li>
      <a href={`${href}${q}`} {...(props.current === key ? { 'aria-current': 'page' } : {})}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="city-nav" aria-label={m.nav}>
      <ul>
        {link('home', props.base || '/', m.home)}
        {link('status', `${props.base}/status`, m.status)}
        {link('statistics', `${props.base}/statistics`, m.statistics)}
      </ul>
    </nav>
  );
}

/** Switches language on the current path, keeping nothing else from the query. */
export function switchHref(path: string, lang: Lang): string {
  return `${path}?lang=${lang === 'zh' ? 'en' : 'zh'}`;
}
