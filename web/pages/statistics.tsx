import type { TenantRow } from '../../functions/platform/tenancy';
import type { StatisticsModel, Suppressed } from '../../functions/public-site/public-site.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import type { Lang } from '../i18n';
import { p } from '../public-site.i18n';

const SERIES = [
  { key: 'pushes', color: '#0b57d0' },
  { key: 'pulls', color: '#1a7f37' },
  { key: 'spared', color: '#8250df' },
] as const;

/** Grouped monthly bars as server-rendered SVG; the table below is its text equivalent. */
function MonthlyChart(props: { model: StatisticsModel; lang: Lang }) {
  const m = p(props.lang);
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
      <title id="monthly-title">{m.monthly}</title>
      <desc id="monthly-desc">{m.monthlyDesc}</desc>
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
  const m = p(props.lang);
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
      <title id="departments-title">{m.byDepartment}</title>
      {rows.map((row, index) => (
        <g>
          <text x={label - 8} y={index * rowHeight + 16} text-anchor="end" font-size="12" fill="#1f2328">
            {props.lang === 'zh' ? row.name.zh : row.name.en}
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
  const m = p(lang);
  const name = lang === 'zh' ? tenant.nameZh : tenant.nameEn;
  return (
    <Layout lang={lang} title={`${m.statistics} · ${name}`} switchHref={switchHref(props.path, lang)}>
      <CityNav lang={lang} base={base} current="statistics" />
      <h1>
        {name} · {m.statistics}
      </h1>
      <ul class="stats">
        <li>
          <strong data-stat="departments-connected">
            {model.departmentsConnected}
            {m.of}
            {model.departments}
          </strong>
          <span>{m.departmentsConnected}</span>
        </li>
        <li>
          <strong data-stat="fields-shared">
            {model.fieldsShared}
            {m.of}
            {model.fieldsTotal}
          </strong>
          <span>{m.fieldsShared}</span>
        </li>
        <li>
          <strong data-stat="grants">{model.grants}</strong>
          <span>{m.grantsActive}</span>
        </li>
      </ul>

      <section aria-labelledby="monthly">
        <h2 id="monthly">{m.monthly}</h2>
        <ul class="legend">
          {SERIES.map((series) => (
            <li>
              <span class="swatch" style={`background:${series.color}`} aria-hidden="true" />
              {m[series.key]}
            </li>
          ))}
        </ul>
        <MonthlyChart model={model} lang={lang} />
        <div class="table-scroll">
          <table>
            <caption class="muted">{m.monthly}</caption>
            <thead>
              <tr>
                <th scope="col">{m.month}</th>
                <th scope="col">{m.pushes}</th>
                <th scope="col">{m.pulls}</th>
                <th scope="col">{m.spared}</th>
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
        <h2 id="by-department">{m.byDepartment}</h2>
        <DepartmentChart model={model} lang={lang} />
      </section>
      <p class="muted">{m.suppressionNote}</p>
    </Layout>
  );
}
