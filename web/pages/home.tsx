import type { TenantRow } from '../../functions/platform/tenancy';
import { switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { inLang, type Lang, nameIn, t } from '../i18n';

export function HomePage(props: { tenants: TenantRow[]; lang: Lang }) {
  return (
    <Layout lang={props.lang} title={t(props.lang, 'site.siteName')} switchHref={switchHref('/', props.lang)}>
      <h1>{t(props.lang, 'site.siteName')}</h1>
      <ul class="cards">
        {props.tenants.map((tenant) => (
          <li class="card">
            <h2>
              <a href={`/t/${tenant.slug}${props.lang === 'en' ? '?lang=en' : ''}`}>
                {nameIn(props.lang, tenant)}
              </a>
            </h2>
            <p>{inLang(props.lang, tenant.structure.name)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** A 404 page: what was not found, and a link onwards (home, or the city's page). */
export function NotFoundPage(props: {
  lang: Lang;
  message?: string;
  back?: { href: string; label: string };
}) {
  const message = props.message ?? t(props.lang, 'site.notFound');
  const q = props.lang === 'en' ? '?lang=en' : '';
  const back = props.back ?? { href: `/${q}`, label: t(props.lang, 'site.backHome') };
  return (
    <Layout lang={props.lang} title={message} switchHref={switchHref('/', props.lang)}>
      <h1>{message}</h1>
      <p>
        <a href={back.href} data-back>
          {back.label}
        </a>
      </p>
    </Layout>
  );
}
