import type { PublishedCampaign, PublishedSatisfaction } from '../../functions/evaluation/published.service';
import type { TenantRow } from '../../functions/platform/tenancy';
import type { PartCode } from '../../schema/evaluation';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { inLang, type Lang, nameIn, say, t } from '../i18n';
import { publishable, ScoreChart, shownCount } from './evaluation-charts';

const score = (value: number | null) => (value === null ? '—' : value.toFixed(1));

function Methods(props: { campaign: PublishedCampaign; lang: Lang }) {
  const { campaign, lang } = props;
  const kinds = ['department', 'station'] as const;
  return (
    <details>
      <summary>{t(lang, 'evaluation.site.methods')}</summary>
      <p>
        {t(lang, 'evaluation.site.methodsRaters')}
        <strong data-stat="raters">{shownCount(campaign.raters)}</strong>
      </p>
      {kinds.map((kind) => {
        const rule = campaign.scheme.mix[kind];
        const criteria = campaign.scheme.criteria[kind] ?? [];
        if (!rule) return null;
        return (
          <div>
            <h4>{t(lang, `evaluation.site.kind.${kind}`)}</h4>
            <p>
              {t(lang, 'evaluation.site.weightsOf')}:{' '}
              {Object.entries(rule.weights)
                .map(
                  ([part, weight]) =>
                    `${say(lang, `evaluation.site.part.${part as PartCode}`)} ${Math.round((weight ?? 0) * 100)}%`,
                )
                .join(lang === 'zh' ? '；' : '; ')}
            </p>
            <p>
              {t(lang, 'evaluation.site.criteria')}:{' '}
              {criteria
                .map((c) => `${inLang(lang, c.name)} ${Math.round(c.weight * 100)}%`)
                .join(lang === 'zh' ? '；' : '; ')}
            </p>
          </div>
        );
      })}
    </details>
  );
}

function CampaignSection(props: { campaign: PublishedCampaign; lang: Lang }) {
  const { campaign, lang } = props;
  const id = `campaign-${campaign.id.slice(0, 8)}`;
  return (
    <section aria-labelledby={id} data-campaign={campaign.id}>
      <h2 id={id}>{inLang(lang, campaign.title)}</h2>
      <p class="muted">
        {t(lang, 'evaluation.site.period')}: {campaign.periodStart} – {campaign.periodEnd}
      </p>
      <div class="side-by-side">
        <ScoreChart
          id={`${id}-chart`}
          title={t(lang, 'evaluation.site.results')}
          lang={lang}
          bars={campaign.results.map((row) => ({ label: row.name, value: row.score }))}
        />
        <div class="table-scroll" tabindex={0}>
          <table>
            <caption class="muted">{t(lang, 'evaluation.site.resultsDesc')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'evaluation.site.subject')}</th>
                <th scope="col">{t(lang, 'evaluation.site.score')}</th>
                <th scope="col">{t(lang, 'evaluation.site.fromBelow')}</th>
                <th scope="col">{t(lang, 'evaluation.site.award')}</th>
              </tr>
            </thead>
            <tbody>
              {campaign.results.map((row) => (
                <tr data-kind={row.kind}>
                  <th scope="row">
                    {inLang(lang, row.name)}{' '}
                    <span class="muted">({t(lang, `evaluation.site.kind.${row.kind}`)})</span>
                  </th>
                  <td data-score>{score(row.score)}</td>
                  <td
                    data-suppressed={String(
                      row.fromBelow !== null &&
                        publishable(row.fromBelow.score, row.fromBelow.count) === null,
                    )}
                  >
                    {row.fromBelow
                      ? `${score(publishable(row.fromBelow.score, row.fromBelow.count))} (${shownCount(row.fromBelow.count)})`
                      : '—'}
                  </td>
                  <td>
                    {row.vetoed
                      ? t(lang, 'evaluation.site.vetoed')
                      : row.award
                        ? t(lang, 'evaluation.site.awarded')
                        : t(lang, 'evaluation.site.noAward')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <Methods campaign={campaign} lang={lang} />
    </section>
  );
}

function SatisfactionTable(props: {
  lang: Lang;
  head: [string, string];
  rows: { name: string; when: string; score: number | null; count: number }[];
}) {
  return (
    <div class="table-scroll" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.head[0]}</th>
            <th scope="col">{props.head[1]}</th>
            <th scope="col">{t(props.lang, 'evaluation.site.satisfactionScore')}</th>
            <th scope="col">{t(props.lang, 'evaluation.site.answers')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">{row.name}</th>
              <td>{row.when}</td>
              <td data-suppressed={String(publishable(row.score, row.count) === null)}>
                {score(publishable(row.score, row.count))}
              </td>
              <td>{shownCount(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvaluationPage(props: {
  tenant: TenantRow;
  campaigns: PublishedCampaign[];
  satisfaction: PublishedSatisfaction;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, lang, satisfaction } = props;
  const name = nameIn(lang, tenant);
  const communities = satisfaction.communities.map((row) => ({
    name: inLang(lang, row.unit),
    when: row.fieldedOn,
    score: row.survey.score,
    count: row.survey.count,
  }));
  const departments = satisfaction.departments.map((row) => ({
    name: inLang(lang, row.department),
    when: row.periodEnd,
    score: row.survey.score,
    count: row.survey.count,
  }));
  const bars = (rows: typeof communities) =>
    rows.map((row) => ({
      label: { zh: row.name, en: row.name },
      note: row.when,
      value: publishable(row.score, row.count),
    }));
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'evaluation.site.title')} · ${name}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={props.tenant} lang={lang} base={props.base} current="evaluation" />
      <h1>
        {name} · {t(lang, 'evaluation.site.title')}
      </h1>
      {props.campaigns.length === 0 ? <p>{t(lang, 'evaluation.site.none')}</p> : null}
      {props.campaigns.map((campaign) => (
        <CampaignSection campaign={campaign} lang={lang} />
      ))}
      <section aria-labelledby="satisfaction">
        <h2 id="satisfaction">{t(lang, 'evaluation.site.satisfaction')}</h2>
        <h3>{t(lang, 'evaluation.site.byCommunity')}</h3>
        <div class="side-by-side">
          <ScoreChart
            id="by-community"
            title={t(lang, 'evaluation.site.byCommunity')}
            lang={lang}
            bars={bars(communities)}
            color="#1a7f37"
          />
          <SatisfactionTable
            lang={lang}
            head={[t(lang, 'evaluation.site.community'), t(lang, 'evaluation.site.fieldedOn')]}
            rows={communities}
          />
        </div>
        <h3>{t(lang, 'evaluation.site.byDepartment')}</h3>
        <div class="side-by-side">
          <ScoreChart
            id="by-department"
            title={t(lang, 'evaluation.site.byDepartment')}
            lang={lang}
            bars={bars(departments)}
            color="#8250df"
          />
          <SatisfactionTable
            lang={lang}
            head={[t(lang, 'evaluation.site.department'), t(lang, 'evaluation.site.periodEnd')]}
            rows={departments}
          />
        </div>
      </section>
      <p class="muted">{t(lang, 'evaluation.site.smallCount')}</p>
    </Layout>
  );
}
