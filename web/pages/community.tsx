import type { TenantRow } from '../../functions/platform/tenancy';
import type { CommunityModel } from '../../functions/public-site/public-site.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Bilingual, inLang, type Lang, nameIn, say, t } from '../i18n';

/** The badge on sample (made-up) data. */
function SampleBadge(props: { lang: Lang }) {
  return <span class="badge">{t(props.lang, 'site.sample')}</span>;
}

/** The city's service centre bodies, each with its departments. */
function ServiceCenterSection(props: { lang: Lang; tenant: TenantRow }) {
  const { lang } = props;
  return (
    <section aria-labelledby="bodies">
      <h2 id="bodies">{t(lang, 'site.serviceCenter')}</h2>
      <ul class="cards">
        {props.tenant.structure.bodies.map((body) => (
          <li class="card" data-kind={body.kind}>
            <p class="kind">{say(lang, `site.kind.${body.kind}`, { fallback: body.kind })}</p>
            <h3>{inLang(lang, body.name)}</h3>
            {body.departments.length > 0 && (
              <>
                <p class="label">{t(lang, 'site.departments')}</p>
                <ul>
                  {body.departments.map((department) => (
                    <li>{inLang(lang, department.name)}</li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The grid staff the community published, by grid; or why there is no table. */
function GridStaffSection(props: { lang: Lang; model: CommunityModel }) {
  const { lang, model } = props;
  const gridName = (row: CommunityModel['staff'][number]) => {
    const grid = model.grids.find((g) => g.id === row.orgUnitId);
    if (grid) return nameIn(lang, grid);
    return nameIn(lang, row, 'grid');
  };
  return (
    <section aria-labelledby="grids">
      <h2 id="grids">{t(lang, 'site.grids')}</h2>
      {!model.staffPublished ? (
        <p>{t(lang, 'site.gridStaffNotPublished')}</p>
      ) : model.staff.length === 0 ? (
        <p>{t(lang, 'site.noGridStaff')}</p>
      ) : (
        <>
          <p>{t(lang, 'site.gridStaffIntro')}</p>
          <div class="table-scroll" tabindex={0}>
            <table>
              <caption class="muted">{t(lang, 'site.grids')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'site.grid')}</th>
                  <th scope="col">{t(lang, 'site.name')}</th>
                  <th scope="col">{t(lang, 'site.role')}</th>
                  <th scope="col">{t(lang, 'site.department')}</th>
                  <th scope="col">{t(lang, 'site.contact')}</th>
                </tr>
              </thead>
              <tbody>
                {model.staff.map((row) => (
                  <tr data-staff={row.id}>
                    <td>{gridName(row)}</td>
                    <th scope="row">
                      {row.name}
                      {row.sample && <SampleBadge lang={lang} />}
                    </th>
                    <td>{nameIn(lang, row, 'role')}</td>
                    <td>{nameIn(lang, row, 'department')}</td>
                    <td>{row.contact}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The community's service catalogue. */
function ServicesSection(props: { lang: Lang; attributes: CommunityModel['attributes'] }) {
  const { lang, attributes: a } = props;
  return (
    <section aria-labelledby="services">
      <h2 id="services">{t(lang, 'site.serviceCatalog')}</h2>
      {a.services && a.services.length > 0 ? (
        <ul>
          {a.services.map((service) => (
            <li>
              {inLang(lang, service)}
              {a.sample && <SampleBadge lang={lang} />}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(lang, 'site.noServices')}</p>
      )}
    </section>
  );
}

/** A community's public page: where it is, its hours, the service centre, grid staff and services. */
export function CommunityPage(props: {
  tenant: TenantRow;
  model: CommunityModel;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const pick = (value: Bilingual) => inLang(lang, value);
  const city = nameIn(lang, tenant);
  const unitName = nameIn(lang, model.unit);
  const a = model.attributes;
  const sampleBadge = <SampleBadge lang={lang} />;
  // The footnote explains "sample" badges, so it appears only where a badge is shown below.
  const anySample =
    model.unit.sample ||
    (a.sample && Boolean(a.address || a.hours || (a.services && a.services.length > 0))) ||
    (model.staffPublished && model.staff.some((row) => row.sample));
  return (
    <Layout lang={lang} title={`${unitName} · ${city}`} switchHref={switchHref(props.path, lang)}>
      <CityNav city={tenant} lang={lang} base={base} current="community" />
      <h1>
        {unitName}
        {model.unit.sample && sampleBadge}
      </h1>
      <p>
        {city}
        {model.parent && (
          <>
            {' · '}
            {t(lang, 'site.partOf')} {nameIn(lang, model.parent)}
          </>
        )}
      </p>
      {model.council && (
        <p class="council-link">
          <a href={`${base}/communities/${model.unit.code}/council${lang === 'en' ? '?lang=en' : ''}`}>
            {t(lang, 'site.councilLink', { name: nameIn(lang, model.council) })}
          </a>
        </p>
      )}
      <dl>
        <dt>{t(lang, 'site.address')}</dt>
        <dd>
          {a.address ? pick(a.address) : t(lang, 'site.notPublished')}
          {a.address && a.sample && sampleBadge}
        </dd>
        <dt>{t(lang, 'site.hours')}</dt>
        <dd>
          {a.hours ? pick(a.hours) : t(lang, 'site.notPublished')}
          {a.hours && a.sample && sampleBadge}
        </dd>
      </dl>
      <ServiceCenterSection lang={lang} tenant={tenant} />
      <GridStaffSection lang={lang} model={model} />
      <ServicesSection lang={lang} attributes={a} />
      {anySample && <p class="muted">{t(lang, 'site.sampleData')}</p>}
      <p>
        <a href={`${base || '/'}${lang === 'en' ? '?lang=en' : ''}`}>{t(lang, 'site.backToCity')}</a>
      </p>
    </Layout>
  );
}
