import type { TenantRow } from '../../functions/platform/tenancy';
import type { CommunityModel } from '../../functions/public-site/public-site.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Lang, localized, t } from '../i18n';
import { p } from '../public-site.i18n';

export function CommunityPage(props: {
  tenant: TenantRow;
  model: CommunityModel;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const m = p(lang);
  const base_ = t(lang);
  const pick = (value: { zh: string; en: string }) => (lang === 'zh' ? value.zh : value.en);
  const city = lang === 'zh' ? tenant.nameZh : tenant.nameEn;
  const unitName = lang === 'zh' ? model.unit.nameZh : model.unit.nameEn;
  const a = model.attributes;
  const sampleBadge = <span class="badge">{m.sample}</span>;
  // The footnote explains "sample" badges, so it appears only where a badge is shown below.
  const anySample =
    model.unit.sample ||
    (a.sample && Boolean(a.address || a.hours || (a.services && a.services.length > 0))) ||
    (model.staffPublished && model.staff.some((row) => row.sample));
  const gridName = (row: CommunityModel['staff'][number]) => {
    const grid = model.grids.find((g) => g.id === row.orgUnitId);
    if (grid) return lang === 'zh' ? grid.nameZh : grid.nameEn;
    return lang === 'zh' ? row.gridZh : row.gridEn;
  };
  return (
    <Layout lang={lang} title={`${unitName} · ${city}`} switchHref={switchHref(props.path, lang)}>
      <CityNav lang={lang} base={base} current="community" />
      <h1>
        {unitName}
        {model.unit.sample && sampleBadge}
      </h1>
      <p>
        {city}
        {model.parent && (
          <>
            {' · '}
            {m.district} {lang === 'zh' ? model.parent.nameZh : model.parent.nameEn}
          </>
        )}
      </p>
      <dl>
        <dt>{m.address}</dt>
        <dd>
          {a.address ? pick(a.address) : m.notPublished}
          {a.address && a.sample && sampleBadge}
        </dd>
        <dt>{m.hours}</dt>
        <dd>
          {a.hours ? pick(a.hours) : m.notPublished}
          {a.hours && a.sample && sampleBadge}
        </dd>
      </dl>

      <section aria-labelledby="bodies">
        <h2 id="bodies">{m.serviceCenter}</h2>
        <ul class="cards">
          {tenant.structure.bodies.map((body) => (
            <li class="card" data-kind={body.kind}>
              <p class="kind">{base_.kinds[body.kind] ?? body.kind}</p>
              <h3>{localized(body.name, lang)}</h3>
              {body.departments.length > 0 && (
                <>
                  <p class="label">{base_.departments}</p>
                  <ul>
                    {body.departments.map((department) => (
                      <li>{localized(department.name, lang)}</li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="grids">
        <h2 id="grids">{m.grids}</h2>
        {!model.staffPublished ? (
          <p>{m.gridStaffNotPublished}</p>
        ) : model.staff.length === 0 ? (
          <p>{m.noGridStaff}</p>
        ) : (
          <>
            <p>{m.gridStaffIntro}</p>
            <div class="table-scroll">
              <table>
                <caption class="muted">{m.grids}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.grid}</th>
                    <th scope="col">{m.name}</th>
                    <th scope="col">{m.role}</th>
                    <th scope="col">{m.department}</th>
                    <th scope="col">{m.contact}</th>
                  </tr>
                </thead>
                <tbody>
                  {model.staff.map((row) => (
                    <tr data-staff={row.id}>
                      <td>{gridName(row)}</td>
                      <th scope="row">
                        {row.name}
                        {row.sample && sampleBadge}
                      </th>
                      <td>{lang === 'zh' ? row.roleZh : row.roleEn}</td>
                      <td>{lang === 'zh' ? row.departmentZh : row.departmentEn}</td>
                      <td>{row.contact}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="services">
        <h2 id="services">{m.serviceCatalog}</h2>
        {a.services && a.services.length > 0 ? (
          <ul>
            {a.services.map((service) => (
              <li>
                {pick(service)}
                {a.sample && sampleBadge}
              </li>
            ))}
          </ul>
        ) : (
          <p>{m.noServices}</p>
        )}
      </section>
      {anySample && <p class="muted">{m.sampleData}</p>}
      <p>
        <a href={`${base || '/'}${lang === 'en' ? '?lang=en' : ''}`}>{m.backToCity}</a>
      </p>
    </Layout>
  );
}
