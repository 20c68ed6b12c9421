import type { TenantRow } from '../../functions/platform/tenancy';
import type { ComponentView, StatusModel } from '../../functions/public-site/public-site.service';
import {
  carriedNothingYet,
  headlineOf,
  overallIndicator,
} from '../../functions/public-site/public-site.service';
import type { ComponentStatus } from '../../schema';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { type Bilingual, cityTime, inLang, type Lang, nameIn, say, t } from '../i18n';

export const BAR_COLORS: Record<ComponentStatus | 'none', string> = {
  operational: '#1a7f37',
  degraded: '#9a6700',
  outage: '#cf222e',
  none: '#8c959f',
};

function when(date: Date | string | null | undefined, lang: Lang, timeZone: string): string {
  return date ? cityTime(lang, timeZone, date) : t(lang, 'site.never');
}

/**
 * Up to 90 days as bars, oldest on the left, from the first day anything was recorded: a new link (or
 * a fresh install) says how long its history is instead of drawing grey days nobody watched. The
 * picture has a text equivalent (counts per status).
 */
function HistoryBars(props: { component: ComponentView; lang: Lang; empty?: string }) {
  const name = inLang(props.lang, props.component.name);
  const first = props.component.days.findIndex((day) => day.worst !== null);
  if (first < 0) return <p class="muted">{props.empty ?? t(props.lang, 'site.noHistoryYet')}</p>;
  const days = props.component.days.slice(first);
  const counts = { operational: 0, degraded: 0, outage: 0, none: 0 };
  for (const day of days) counts[day.worst ?? 'none'] += 1;
  const summary = [
    `${t(props.lang, 'site.status.operational')} ${counts.operational}`,
    `${t(props.lang, 'site.status.degraded')} ${counts.degraded}`,
    `${t(props.lang, 'site.status.outage')} ${counts.outage}`,
    `${t(props.lang, 'site.noData')} ${counts.none}`,
  ].join(props.lang === 'zh' ? '，' : ', ');
  const id = `bars-${props.component.key}`;
  const since = days[0]?.day ?? '';
  return (
    <figure>
      <svg
        class="bars"
        viewBox={`0 0 ${props.component.days.length * 5} 24`}
        role="img"
        aria-labelledby={`${id}-title`}
        preserveAspectRatio="none"
      >
        <title
          id={`${id}-title`}
        >{`${t(props.lang, 'site.historyLabel', { name: name })}: ${summary}`}</title>
        {days.map((day, index) => (
          <rect
            x={(first + index) * 5}
            y={0}
            width={4}
            height={24}
            fill={BAR_COLORS[day.worst ?? 'none']}
            data-day={day.day}
            data-status={day.worst ?? 'none'}
          />
        ))}
      </svg>
      <figcaption class="bar-scale">
        <span>
          {first > 0 ? t(props.lang, 'site.historySince', { day: since }) : t(props.lang, 'site.daysAgo')}
        </span>
        <span>{summary}</span>
        <span>{t(props.lang, 'site.today')}</span>
      </figcaption>
    </figure>
  );
}

/** The data links as components: status, the signals behind it, and 90 days of bars. */
function ComponentsSection({ model, lang, tz }: { model: StatusModel; lang: Lang; tz: string }) {
  const pick = (value: Bilingual) => inLang(lang, value);
  return (
    <section aria-labelledby="components">
      <h2 id="components">{t(lang, 'site.components')}</h2>
      <p>{t(lang, 'site.componentsIntro')}</p>
      {model.components.length === 0 ? (
        <p>{t(lang, 'site.noComponents')}</p>
      ) : (
        <ul class="components">
          {model.components.map((component) => {
            const s = component.signals;
            const lag = typeof s.lagSeconds === 'number' ? Math.round(s.lagSeconds / 60) : null;
            return (
              <li data-component={component.key} data-status={component.status}>
                <div class="component-head">
                  <h3>{pick(component.name)}</h3>
                  <p class="component-status" data-status={component.status}>
                    {say(lang, `site.status.${component.status}`)}
                    {carriedNothingYet(component) && (
                      <span class="muted">
                        {t(lang, 'console.paren', { text: t(lang, 'site.status.noTrafficYet') })}
                      </span>
                    )}
                  </p>
                </div>
                <HistoryBars component={component} lang={lang} />
                <ul class="signals">
                  <li>
                    {t(lang, 'site.lastPush')}
                    {t(lang, 'console.colon')}
                    {when(s.lastPushAt as string | null, lang, tz)}
                  </li>
                  <li>
                    {t(lang, 'site.lastPull')}
                    {t(lang, 'console.colon')}
                    {when(s.lastPullAt as string | null, lang, tz)}
                  </li>
                  <li>
                    {t(lang, 'site.failing')}
                    {t(lang, 'console.colon')}
                    {String(s.failing ?? 0)}
                  </li>
                  <li>
                    {t(lang, 'site.lag')}
                    {t(lang, 'console.colon')}
                    {lag === null ? t(lang, 'site.noBacklog') : t(lang, 'site.minutes', { n: lag })}
                  </li>
                </ul>
              </li>
            );
          })}
        </ul>
      )}
      {model.notConnected.length > 0 && (
        <>
          <h3>{t(lang, 'site.notConnected')}</h3>
          <ul>
            {model.notConnected.map((department) => (
              <li>{pick(department.name)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Each department's case handling as a component: on-time share of its closures over 90 days. */
function CaseComponentsSection({ model, lang }: { model: StatusModel; lang: Lang }) {
  if (model.caseComponents.length === 0) return null;
  return (
    <section aria-labelledby="case-components">
      <h2 id="case-components">{t(lang, 'front.caseComponents')}</h2>
      <p>{t(lang, 'front.caseComponentsIntro')}</p>
      <ul class="components">
        {model.caseComponents.map((component) => (
          <li data-component={component.key} data-status={component.status}>
            <div class="component-head">
              <h3>{inLang(lang, component.name)}</h3>
              <p class="component-status" data-status={component.status}>
                {say(lang, `site.status.${component.status}`)}
                {component.signals.onTimeShare === null && (
                  // Under 5 closures nothing is judged: Statuspage has no such state, so the JSON says
                  // operational; the page says why.
                  <span class="muted">
                    {t(lang, 'console.paren', { text: t(lang, 'front.tooFewToJudge') })}
                  </span>
                )}
              </p>
            </div>
            <HistoryBars component={component} lang={lang} empty={t(lang, 'front.noClosuresYet')} />
            <ul class="signals">
              <li data-signal="closed">
                {t(lang, 'front.closedCount')}
                {t(lang, 'console.colon')}
                {String(component.signals.closed)}
              </li>
              <li data-signal="onTimeShare">
                {t(lang, 'front.onTime')}
                {t(lang, 'console.colon')}
                {component.signals.onTimeShare === null ? '—' : `${component.signals.onTimeShare}%`}
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One incident with its updates, newest last, in the page's language and the city's time zone. */
function Incident({ item, lang, tz }: { item: StatusModel['incidents'][number]; lang: Lang; tz: string }) {
  return (
    <article
      class="incident"
      id={`incident-${item.incident.id}`}
      data-resolved={String(!!item.incident.resolvedAt)}
    >
      <h3>{nameIn(lang, item.incident)}</h3>
      {item.incident.scheduledFor && item.incident.scheduledUntil && (
        <p>
          {t(lang, 'site.maintenanceWindow')}{' '}
          <time datetime={item.incident.scheduledFor.toISOString()}>
            {when(item.incident.scheduledFor, lang, tz)}
          </time>
          {' – '}
          <time datetime={item.incident.scheduledUntil.toISOString()}>
            {when(item.incident.scheduledUntil, lang, tz)}
          </time>
        </p>
      )}
      <p class="muted">
        {say(lang, `site.incident.${item.incident.status}`)} ·{' '}
        {say(lang, `site.impact.${item.incident.impact}`)}
        {item.incident.automatic && ` · ${t(lang, 'site.automatic')}`} ·{' '}
        <time datetime={item.incident.startedAt.toISOString()}>
          {when(item.incident.startedAt, lang, tz)}
        </time>
      </p>
      <ol>
        {item.updates.map((update) => (
          <li>
            <strong>{say(lang, `site.incident.${update.status}`)}</strong> — {nameIn(lang, update, 'body')}{' '}
            <time class="muted" datetime={update.createdAt.toISOString()}>
              {when(update.createdAt, lang, tz)}
            </time>
          </li>
        ))}
      </ol>
    </article>
  );
}

export function StatusPage(props: {
  tenant: TenantRow;
  model: StatusModel;
  lang: Lang;
  base: string;
  path: string;
}) {
  const { tenant, model, lang, base } = props;
  const name = nameIn(lang, tenant);
  const indicator = overallIndicator(model);
  const headline = headlineOf(model);
  const active = model.incidents.filter((i) => !i.incident.resolvedAt);
  const past = model.incidents.filter((i) => i.incident.resolvedAt);
  const tz = tenant.timezone;
  const q = lang === 'en' ? '?lang=en' : '';
  return (
    <Layout
      lang={lang}
      title={`${t(props.lang, 'site.status')} · ${name}`}
      switchHref={switchHref(props.path, lang)}
      head={
        <>
          <link
            rel="alternate"
            type="application/rss+xml"
            title={`${name} ${t(props.lang, 'site.rss')}`}
            href={`${base}/status/feed.rss${q}`}
          />
          <link
            rel="alternate"
            type="application/atom+xml"
            title={`${name} ${t(props.lang, 'site.atom')}`}
            href={`${base}/status/feed.atom${q}`}
          />
        </>
      }
    >
      <CityNav city={tenant} lang={lang} base={base} current="status" />
      <h1>
        {name} · {t(props.lang, 'site.status')}
      </h1>
      <p
        class="status-banner"
        data-indicator={indicator}
        data-incident={String(headline.incident)}
        role="status"
      >
        {headline.incident
          ? `${t(props.lang, 'site.incidentInProgress')}${t(props.lang, 'site.headlineJoin')}${say(props.lang, `site.indicator.${headline.components}`)}`
          : say(props.lang, `site.indicator.${headline.components}`)}
        {/* "All operational" would read as links known to work when none has carried anything yet. */}
        {headline.components === 'none' &&
          model.components.length > 0 &&
          model.components.every(carriedNothingYet) && (
            <span>{t(lang, 'console.paren', { text: t(lang, 'site.status.noTrafficYet') })}</span>
          )}
      </p>
      <p class="muted">
        {t(props.lang, 'site.updatedAt')}
        {lang === 'en' ? ' ' : ''}
        <time datetime={model.updatedAt.toISOString()}>{when(model.updatedAt, lang, tz)}</time>
      </p>

      {active.length > 0 && (
        <section aria-labelledby="active-incidents">
          <h2 id="active-incidents">{t(props.lang, 'site.activeIncidents')}</h2>
          {active.map((item) => (
            <Incident item={item} lang={lang} tz={tz} />
          ))}
        </section>
      )}

      {model.maintenances.length > 0 && (
        <section aria-labelledby="maintenances">
          <h2 id="maintenances">{t(props.lang, 'site.maintenances')}</h2>
          {model.maintenances.map((item) => (
            <Incident item={item} lang={lang} tz={tz} />
          ))}
        </section>
      )}

      <ComponentsSection model={model} lang={lang} tz={tz} />
      <CaseComponentsSection model={model} lang={lang} />

      <section aria-labelledby="past-incidents">
        <h2 id="past-incidents">{t(props.lang, 'site.pastIncidents')}</h2>
        {past.length === 0 ? (
          <p>{t(props.lang, 'site.noIncidents')}</p>
        ) : (
          past.map((item) => <Incident item={item} lang={lang} tz={tz} />)
        )}
      </section>

      <section aria-labelledby="feeds">
        <h2 id="feeds">{t(props.lang, 'site.feeds')}</h2>
        <ul>
          <li>
            <a href={`${base}/status/feed.rss${q}`}>{t(props.lang, 'site.rss')}</a>
          </li>
          <li>
            <a href={`${base}/status/feed.atom${q}`}>{t(props.lang, 'site.atom')}</a>
          </li>
          <li>
            <a href={`${base}/api/v2/summary.json${q}`}>{t(props.lang, 'site.json')}</a> (
            {t(lang, 'site.apiLink')}: <a href="/docs">/docs</a>)
          </li>
        </ul>
      </section>
    </Layout>
  );
}
