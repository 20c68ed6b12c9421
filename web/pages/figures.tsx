import type { TenantRow } from '../../functions/platform/tenancy';
import type { CaseFigures, FigureRow } from '../../functions/public-site/case-figures.service';
import type { Suppressed } from '../../functions/public-site/small-counts';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Lang, nameIn, t } from '../i18n';

function Count(props: { value: Suppressed }) {
  return <td data-suppressed={String(props.value.suppressed)}>{props.value.shown}</td>;
}

const shown = (value: number | null, unit = '') => (value === null ? '—' : `${value}${unit}`);

function FigureTable(props: { lang: Lang; caption: string; rows: FigureRow[]; kind: string }) {
  const { lang } = props;
  return (
    <div class="table-scroll" tabindex={0}>
      <table data-figures={props.kind}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.caption}</th>
            <th scope="col">{t(lang, 'front.receivedCount')}</th>
            <th scope="col">{t(lang, 'front.closedCount')}</th>
            <th scope="col">{t(lang, 'front.onTime')}</th>
            <th scope="col">{t(lang, 'front.avgDays')}</th>
            <th scope="col">{t(lang, 'front.satisfactionShare')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-code={row.code}>
              <th scope="row">{lang === 'en' ? row.name.en : row.name.zh}</th>
              <Count value={row.received} />
              <Count value={row.closed} />
              <td data-share={shown(row.onTimeShare)}>
                {row.onTime.shown} ({shown(row.onTimeShare, '%')})
              </td>
              <td>{shown(row.averageWorkingDays)}</td>
              <td>{shown(row.satisfiedShare, '%')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /t/{city}/figures: case handling per community and per department, under the small-count rule. */
export function FiguresPage(props: {
  tenant: TenantRow;
  lang: Lang;
  base: string;
  path: string;
  figures: CaseFigures;
}) {
  const { lang } = props;
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'front.figures')} · ${nameIn(lang, props.tenant)}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={props.tenant} lang={lang} base={props.base} current="figures" />
      <h1>{t(lang, 'front.figures')}</h1>
      <p>{t(lang, 'front.figuresIntro')}</p>
      <FigureTable
        lang={lang}
        kind="communities"
        caption={t(lang, 'front.byCommunity')}
        rows={props.figures.communities}
      />
      <FigureTable
        lang={lang}
        kind="departments"
        caption={t(lang, 'front.byDepartment')}
        rows={props.figures.departments}
      />
    </Layout>
  );
}
