import type { publicAdmission } from '../../functions/admission/admission-public.service';
import type { TenantRow } from '../../functions/platform/tenancy';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { inLang, type Lang, nameIn, t } from '../i18n';

export type AdmissionModel = Awaited<ReturnType<typeof publicAdmission>> & {
  departments: Map<string, { zh: string; en: string }>;
};

const LISTS = ['statutory', 'assisted', 'negative'] as const;

function ListTable(props: { model: AdmissionModel; list: (typeof LISTS)[number]; lang: Lang }) {
  const { lang, model } = props;
  const items = model.items.filter((item) => item.list === props.list);
  return (
    <section>
      <h2>{t(lang, `admissionSite.list.${props.list}`)}</h2>
      {items.length === 0 ? (
        <p>{t(lang, 'admissionSite.none')}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table data-list={props.list}>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'admissionSite.item')}</th>
                <th scope="col">{t(lang, 'admissionSite.department')}</th>
                <th scope="col">{t(lang, 'admissionSite.legalBasis')}</th>
                <th scope="col">{t(lang, 'admissionSite.funding')}</th>
                <th scope="col">{t(lang, 'admissionSite.forms')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const department = item.departmentId ? model.departments.get(item.departmentId) : undefined;
                return (
                  <tr data-code={item.code}>
                    <td>{inLang(lang, { zh: item.nameZh, en: item.nameEn })}</td>
                    <td>{department ? inLang(lang, department) : '—'}</td>
                    <td>{item.legalBasis || '—'}</td>
                    <td>{item.fundingPerCommunity}</td>
                    <td>{item.forms.join(t(lang, 'console.semicolon')) || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Decided(props: { model: AdmissionModel; lang: Lang }) {
  const { lang, model } = props;
  return (
    <section>
      <h2>{t(lang, 'admissionSite.decided')}</h2>
      {model.decided.length === 0 ? (
        <p>{t(lang, 'admissionSite.none')}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table id="decided">
            <thead>
              <tr>
                <th scope="col">{t(lang, 'admissionSite.number')}</th>
                <th scope="col">{t(lang, 'admissionSite.item')}</th>
                <th scope="col">{t(lang, 'admissionSite.department')}</th>
                <th scope="col">{t(lang, 'admissionSite.outcome')}</th>
                <th scope="col">{t(lang, 'admissionSite.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {model.decided.map((row) => (
                <tr data-outcome={row.outcome}>
                  <td>{row.number}</td>
                  <td>{inLang(lang, row.name)}</td>
                  <td>{row.department ? inLang(lang, row.department) : '—'}</td>
                  <td>{t(lang, `admissionSite.${row.outcome}`)}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Money(props: { model: AdmissionModel; lang: Lang }) {
  const { lang, model } = props;
  return (
    <section>
      <h2>
        {t(lang, 'admissionSite.money')} · {model.year}
      </h2>
      {model.communities.length === 0 ? (
        <p>{t(lang, 'admissionSite.none')}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table id="money">
            <thead>
              <tr>
                <th scope="col">{t(lang, 'admissionSite.community')}</th>
                <th scope="col">{t(lang, 'admissionSite.owed')}</th>
                <th scope="col">{t(lang, 'admissionSite.paid')}</th>
                <th scope="col">{t(lang, 'admissionSite.outstanding')}</th>
              </tr>
            </thead>
            <tbody>
              {model.communities.map((row) => (
                <tr>
                  <td>{inLang(lang, row.name)}</td>
                  <td>{row.owed}</td>
                  <td>{row.paid}</td>
                  <td>{row.outstanding}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A city's admitted-work catalog, this year's decisions with reasons, and the money per community. */
export function AdmissionPage(props: {
  tenant: TenantRow;
  model: AdmissionModel;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const name = nameIn(lang, tenant);
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'admissionSite.title')} · ${name}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={tenant} lang={lang} base={base} current="admission" />
      <h1>
        {name} · {t(lang, 'admissionSite.title')}
      </h1>
      <p>{t(lang, 'admissionSite.intro')}</p>
      <p>
        {t(lang, 'admissionSite.downloads')}
        <a href={`${base}/admission.csv`}>CSV</a> · <a href={`${base}/admission.xls`}>Excel</a> ·{' '}
        <a href={`/v1/t/${tenant.slug}/admission/public`}>JSON</a>
      </p>
      {LISTS.map((list) => (
        <ListTable model={model} list={list} lang={lang} />
      ))}
      <Decided model={model} lang={lang} />
      <Money model={model} lang={lang} />
    </Layout>
  );
}
