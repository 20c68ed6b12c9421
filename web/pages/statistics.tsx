import type { TenantRow } from '../../functions/platform/tenancy';
import type { StatisticsModel, Suppressed } from '../../functions/public-site/public-site.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { inLang, type Lang, nameIn, t } from '../i18n';

const SERIES = [
  { key: 'pushes', color: '#0b57d0' },
  { key: 'pulls', color: '#1a7f37' },
  { key: 'spared', color: '#8250df' },
] as const;

/** Grouped monthly bars as server-rendered SVG; the table below is its text equivalent. */
function MonthlyChart(props: { model: StatisticsModel; lang: Lang }) {
  const months = props.model.months;
  const max = Math.max(1, ...months.flatMap((row) => SERIES.map((s) => row[s.key].value)));
  const width = 720;
  const height = 240;
  const left = 48;
  const bottom = 28;
  const plot = height - bottom - 8;
  const group = (width - left) / months.length;
  const bar = (group - 8) / SERIES.length;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="monthly-title monthly-desc"
    >
      <title id="monthly-title">{t(props.lang, 'site.monthly')}</title>
      <desc id="monthly-desc">{t(props.lang, 'site.monthlyDesc')}</desc>
      <line x1={left} y1={8} x2={left} y2={8 + plot} stroke="#57606a" />
      <line x1={left} y1={8 + plot} x2={width} y2={8 + plot} stroke="#57606a" />
      <text x={left - 6} y={14} text-anchor="end" font-size="11" fill="#3d444d">
        {max}
      </text>
      <text x={left - 6} y={8 + plot} text-anchor="end" font-size="11" fill="#3d444d">
        0
      </text>
      {months.map((row, index) => (
        <g>
          {SERIES.map((series, s) => {
            const h = (row[series.key].value / max) * plot;
            return (
              <rect
                x={left + index * group + 4 + s * bar}
                y={8 + plot - h}
                width={bar - 1}
                height={h}
                fill={series.color}
                data-series={series.key}
                data-month={row.month}
              />
            );
          })}
          <text
            x={left + index * group + group / 2}
            y={height - 10}
            text-anchor="middle"
            font-size="11"
            fill="#3d444d"
          >
            {row.month.slice(5)}
          </text>
        </g>
      ))}
    </svg>
  );
}

function DepartmentChart(props: { model: StatisticsModel; lang: Lang }) {
  const rows = props.model.pullsByDepartment;
  const max = Math.max(1, ...rows.map((row) => row.pulls.value));
  const rowHeight = 22;
  const label = 280;
  const width = 760;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${rows.length * rowHeight + 8}`}
      role="img"
      aria-labelledby="departments-title"
    >
      <title id="departments-title">{t(props.lang, 'site.byDepartment')}</title>
      {rows.map((row, index) => (
        <g>
          <text x={label - 8} y={index * rowHeight + 16} text-anchor="end" font-size="12" fill="#1f2328">
            {inLang(props.lang, row.name)}
          </text>
          <rect
            x={label}
            y={index * rowHeight + 4}
            width={((width - label - 60) * row.pulls.value) / max}
            height={rowHeight - 8}
            fill="#1a7f37"
          />
          <text
            x={label + ((width - label - 60) * row.pulls.value) / max + 6}
            y={index * rowHeight + 16}
            font-size="12"
            fill="#1f2328"
          >
            {row.pulls.shown}
          </text>
        </g>
      ))}
    </svg>
  );
}

const cell = (value: Suppressed) => <td data-suppressed={String(value.suppressed)}>{value.shown}</td>;

export function StatisticsPage(props: {
  tenant: TenantRow;
  model: StatisticsModel;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const name = nameIn(lang, tenant);
  return (
    <Layout
      lang={lang}
      title={`${t(props.lang, 'site.statistics')} · ${name}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={tenant} lang={lang} base={base} current="statistics" />
      <h1>
        {name} · {t(props.lang, 'site.statistics')}
      </h1>
      <ul class="stats">
        <li>
          <strong data-stat="departments-connected">
            {model.departmentsConnected}
            {t(props.lang, 'site.of')}
            {model.departments}
          </strong>
          <span>{t(props.lang, 'site.departmentsConnected')}</span>
        </li>
        <li>
          <strong data-stat="fields-shared">
            {model.fieldsShared}
            {t(props.lang, 'site.of')}
            {model.fieldsTotal}
          </strong>
          <span>{t(props.lang, 'site.fieldsShared')}</span>
        </li>
        <li>
          <strong data-stat="grants">{model.grants}</strong>
          <span>{t(props.lang, 'site.grantsActive')}</span>
        </li>
      </ul>

      <section aria-labelledby="monthly">
        <h2 id="monthly">{t(props.lang, 'site.monthly')}</h2>
        <ul class="legend">
          {SERIES.map((series) => (
            <li>
              <span class="swatch" style={`background:${series.color}`} aria-hidden="true" />
              {t(props.lang, `site.${series.key}`)}
            </li>
          ))}
        </ul>
        <MonthlyChart model={model} lang={lang} />
        <div class="table-scroll" tabindex={0}>
          <table>
            <caption class="muted">{t(props.lang, 'site.monthly')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(props.lang, 'site.month')}</th>
                <th scope="col">{t(props.lang, 'site.pushes')}</th>
                <th scope="col">{t(props.lang, 'site.pulls')}</th>
                <th scope="col">{t(props.lang, 'site.spared')}</th>
              </tr>
            </thead>
            <tbody>
              {model.months.map((row) => (
                <tr data-month={row.month}>
                  <th scope="row">{row.month}</th>
                  {cell(row.pushes)}
                  {cell(row.pulls)}
                  {cell(row.spared)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="by-department">
        <h2 id="by-department">{t(props.lang, 'site.byDepartment')}</h2>
        <DepartmentChart model={model} lang={lang} />
      </section>
      <p class="muted">{t(props.lang, 'site.suppressionNote')}</p>
    </Layout>
  );
}
