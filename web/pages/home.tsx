import type { TenantRow } from '../../functions/platform/tenancy';
import { Layout } from '../components/layout';
import { type Lang, localized, t } from '../i18n';

export function HomePage(props: { tenants: TenantRow[]; lang: Lang }) {
  const m = t(props.lang);
  return (
    <Layout lang={props.lang} title={m.siteName} switchHref={`/?lang=${props.lang === 'zh' ? 'en' : 'zh'}`}>
      <h1>{m.siteName}</h1>
      <ul class="cards">
        {props.tenants.map((tenant) => (
          <li class="card">
            <h2>
              <a href={`/t/${tenant.slug}${props.lang === 'en' ? '?lang=en' : ''}`}>
                {props.lang === 'zh' ? tenant.nameZh : tenant.nameEn}
              </a>
            </h2>
            <p>{localized(tenant.structure.name, props.lang)}</p>
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
  const m = t(props.lang);
  const message = props.message ?? m.notFound;
  const q = props.lang === 'en' ? '?lang=en' : '';
  const back = props.back ?? { href: `/${q}`, label: m.backHome };
  return (
    <Layout lang={props.lang} title={message} switchHref={`/?lang=${props.lang === 'zh' ? 'en' : 'zh'}`}>
      <h1>{message}</h1>
      <p>
        <a href={back.href} data-back>
          {back.label}
        </a>
      </p>
    </Layout>
  );
}
