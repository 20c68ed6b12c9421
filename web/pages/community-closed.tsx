import type { TenantRow } from '../../functions/platform/tenancy';
import type { ClosedCommunity } from '../../functions/public-site/closed-community.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { formatDate, type Lang, nameIn, t } from '../i18n';

/**
 * The page at a closed community's old address: when a reform closed it and what it became, with
 * links — residents and links from elsewhere still find their way after a merger or a split.
 */
export function ClosedCommunityPage(props: {
  tenant: TenantRow;
  model: ClosedCommunity;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const q = lang === 'en' ? '?lang=en' : '';
  const name = nameIn(lang, model.unit);
  const reform = model.reform;
  return (
    <Layout lang={lang} title={`${name} · ${nameIn(lang, tenant)}`} switchHref={switchHref(props.path, lang)}>
      <CityNav city={tenant} lang={lang} base={base} current="community" />
      <h1>{name}</h1>
      <p class="notice" role="status">
        {t(lang, 'site.closedOn', {
          on: formatDate(model.closedOn, reform?.datePrecision ?? 'day', lang),
        })}
        {reform && (
          <> {t(lang, 'site.closedByReform', { reform: lang === 'en' ? reform.titleEn : reform.titleZh })}</>
        )}
      </p>
      {model.successors.length > 0 ? (
        <section aria-labelledby="became">
          <h2 id="became">{t(lang, 'site.becameHeading')}</h2>
          <ul>
            {model.successors.map((successor) => (
              <li>
                {successor.validTo === null &&
                ['community', 'residents_committee'].includes(successor.level) ? (
                  <a href={`${base}/communities/${encodeURIComponent(successor.code)}${q}`}>
                    {nameIn(lang, successor)}
                  </a>
                ) : (
                  nameIn(lang, successor)
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t(lang, 'site.noSuccessor')}</p>
      )}
      <p>
        <a href={`${base || '/'}${q}`}>{t(lang, 'site.backToCity')}</a>
      </p>
    </Layout>
  );
}
