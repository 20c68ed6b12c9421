import { countedNameEn } from '../../functions/platform/messages';
import type { TenantRow } from '../../functions/platform/tenancy';
import type { CityOverview } from '../../functions/tenants/tenants.service';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { formatDate, inLang, type Lang, nameIn, say, t } from '../i18n';

export interface DirectoryEntry {
  code: string;
  nameZh: string;
  nameEn: string;
  parentId: string | null;
  sample: boolean;
}

/** Links to every community page, grouped under its district where it has one. */
function CommunityDirectory(props: {
  overview: CityOverview;
  communities: DirectoryEntry[];
  lang: Lang;
  base: string;
}) {
  const { lang } = props;
  const q = lang === 'en' ? '?lang=en' : '';
  const districtIds = new Set(props.overview.districts.map((d) => d.unit.id));
  const groups = [
    ...props.overview.districts.map(({ unit }) => ({
      id: unit.id,
      title: nameIn(lang, unit),
      items: props.communities.filter((c) => c.parentId === unit.id),
    })),
    {
      id: 'other',
      title: t(lang, 'site.communities'),
      items: props.communities.filter((c) => !c.parentId || !districtIds.has(c.parentId)),
    },
  ].filter((group) => group.items.length > 0);
  return (
    <section aria-labelledby="community-directory">
      <h2 id="community-directory">{t(lang, 'site.communityDirectory')}</h2>
      {groups.map((group) => (
        <details>
          <summary>
            {group.title} ({group.items.length})
          </summary>
          <ul>
            {group.items.map((c) => (
              <li>
                <a href={`${props.base}/communities/${c.code}${q}`}>{nameIn(lang, c)}</a>
                {c.sample && <span class="badge">{t(lang, 'site.sample')}</span>}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

function levelName(tenant: TenantRow, key: string, lang: Lang): string {
  const level = tenant.structure.levels.find((item) => item.key === key);
  return level ? inLang(lang, level.name) : key;
}

/** An English level name for a count: "1 district", "49 street offices", "49 residents' committees (pre-reform)". */
export const countedEn = countedNameEn;

function countPhrase(tenant: TenantRow, counts: Record<string, number>, lang: Lang): string {
  const parts = Object.entries(counts).map(([level, n]) =>
    lang === 'zh' ? `${n} 个${levelName(tenant, level, lang)}` : countedEn(n, levelName(tenant, level, lang)),
  );
  return parts.join(lang === 'zh' ? '、' : ', ');
}

type Structure = TenantRow['structure'];
type Level = Structure['levels'][number];

/** The city's name and model, and how many units each current level holds today. */
function Hero(props: {
  lang: Lang;
  name: string;
  structure: Structure;
  overview: CityOverview;
  levels: Level[];
}) {
  const { lang, structure: s, overview } = props;
  return (
    <section class="hero">
      <h1>{props.name}</h1>
      <p class="model">
        <span class="label">{t(lang, 'site.model')}</span> {inLang(lang, s.name)}
      </p>
      <p>{inLang(lang, s.summary)}</p>
      <ul class="stats" aria-label={`${t(lang, 'site.asOf')} ${overview.asOf}`}>
        {props.levels.map((level) => {
          const n = overview.counts[level.key] ?? 0;
          return (
            <li>
              <strong data-level={level.key}>{n}</strong>
              <span>
                {lang === 'zh'
                  ? inLang(lang, level.name)
                  : countedEn(n, inLang(lang, level.name)).replace(/^\d+ /, '')}
              </span>
            </li>
          );
        })}
      </ul>
      <p class="muted">
        {t(lang, 'site.asOf')} {overview.asOf}
      </p>
    </section>
  );
}

/** What a reform closed and opened, counted by level: "closed 2 districts → opened 1 district". */
function ReformChange(props: {
  lang: Lang;
  tenant: TenantRow;
  closed: Record<string, number>;
  opened: Record<string, number>;
}) {
  const { lang, tenant, closed, opened } = props;
  return (
    <p class="change">
      {Object.keys(closed).length > 0 && (
        <span class="closed">
          {t(lang, 'site.closed')} {countPhrase(tenant, closed, lang)}
        </span>
      )}
      {Object.keys(closed).length > 0 && Object.keys(opened).length > 0 && (
        <span aria-hidden="true"> → </span>
      )}
      {Object.keys(opened).length > 0 && (
        <span class="opened">
          {t(lang, 'site.opened')} {countPhrase(tenant, opened, lang)}
        </span>
      )}
    </p>
  );
}

/** The city's reforms as a timeline, each with what it changed. */
function ReformsSection(props: { lang: Lang; tenant: TenantRow; overview: CityOverview }) {
  const { lang, tenant } = props;
  return (
    <section aria-labelledby="reforms">
      <h2 id="reforms">{t(lang, 'site.reforms')}</h2>
      {props.overview.reforms.length === 0 ? (
        <p>{t(lang, 'site.noReforms')}</p>
      ) : (
        <ol class="timeline">
          {props.overview.reforms.map(({ reform, closed, opened }) => (
            <li data-reform={reform.code}>
              <time datetime={reform.effectiveOn}>
                {formatDate(reform.effectiveOn, reform.datePrecision, lang)}
              </time>
              <h3>{nameIn(lang, reform, 'title')}</h3>
              {Object.keys(closed).length + Object.keys(opened).length > 0 && (
                <ReformChange lang={lang} tenant={tenant} closed={closed} opened={opened} />
              )}
              {nameIn(lang, reform, 'summary') && <p>{nameIn(lang, reform, 'summary')}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Each district with how many units of each level below it holds. */
function DistrictsSection(props: {
  lang: Lang;
  overview: CityOverview;
  levels: Level[];
  anySample: boolean;
}) {
  const { lang } = props;
  return (
    <section aria-labelledby="districts">
      <h2 id="districts">{t(lang, 'site.districts')}</h2>
      <div class="table-scroll" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'site.partOf')}</th>
              {props.levels
                .filter((level) => level.key !== 'district')
                .map((level) => (
                  <th scope="col">{inLang(lang, level.name)}</th>
                ))}
            </tr>
          </thead>
          <tbody>
            {props.overview.districts.map(({ unit, children }) => (
              <tr data-unit={unit.code}>
                <th scope="row">
                  {nameIn(lang, unit)}
                  {unit.sample && <span class="badge">{t(lang, 'site.sample')}</span>}
                </th>
                {props.levels
                  .filter((level) => level.key !== 'district')
                  .map((level) => (
                    <td data-level={level.key}>{children[level.key] ?? 0}</td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.anySample && <p class="muted">{t(lang, 'site.sampleNote')}</p>}
    </section>
  );
}

/** The model's bodies, each with its description and departments. */
function BodiesSection(props: { lang: Lang; structure: Structure }) {
  const { lang } = props;
  return (
    <section aria-labelledby="bodies">
      <h2 id="bodies">{t(lang, 'site.bodies')}</h2>
      <ul class="cards">
        {props.structure.bodies.map((body) => (
          <li class="card" data-kind={body.kind}>
            <p class="kind">{say(lang, `site.kind.${body.kind}`, { fallback: body.kind })}</p>
            <h3>{inLang(lang, body.name)}</h3>
            {body.description && <p>{inLang(lang, body.description)}</p>}
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

/** The model's levels, historical ones marked. */
function LevelsSection(props: { lang: Lang; structure: Structure }) {
  const { lang } = props;
  return (
    <section aria-labelledby="levels">
      <h2 id="levels">{t(lang, 'site.levels')}</h2>
      <ol class="levels">
        {props.structure.levels.map((level) => (
          <li class={level.historical ? 'historical' : ''}>
            {inLang(lang, level.name)}
            {level.historical && <span class="badge">{t(lang, 'site.historical')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The deliberation body and the steps of admission. */
function DeliberationSection(props: { lang: Lang; structure: Structure }) {
  const { lang, structure: s } = props;
  return (
    <section aria-labelledby="deliberation">
      <h2 id="deliberation">{t(lang, 'site.deliberation')}</h2>
      <p>
        <strong>{inLang(lang, s.deliberation.name)}</strong>
      </p>
      {s.deliberation.description && <p>{inLang(lang, s.deliberation.description)}</p>}
      <h3>{t(lang, 'site.admission')}</h3>
      <ol>
        {s.admission.steps.map((step) => (
          <li>
            <strong>{inLang(lang, step.actor)}</strong>
            {t(lang, 'console.colon')}
            {inLang(lang, step.action)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A city's home page: its model, reforms, districts, community directory, bodies and levels. */
export function TenantHomePage(props: {
  tenant: TenantRow;
  overview: CityOverview;
  lang: Lang;
  path: string;
  /** `/t/{slug}`, or '' on a host name mapped to the city. */
  base?: string;
  communities?: DirectoryEntry[];
}) {
  const { tenant, overview, lang } = props;
  const base = props.base ?? `/t/${tenant.slug}`;
  const s = tenant.structure;
  const name = nameIn(lang, tenant);
  // Current levels below the city that hold at least one unit today (empty levels would read as missing data).
  const shownLevels = s.levels.filter(
    (level) => !level.historical && level.parents.length > 0 && (overview.counts[level.key] ?? 0) > 0,
  );
  // The note explains the "sample" badges, so it appears only when one is shown (districts, directory).
  const anySample =
    overview.districts.some((d) => d.unit.sample) || (props.communities ?? []).some((c) => c.sample);
  return (
    <Layout
      lang={lang}
      title={`${name} · ${t(lang, 'site.siteName')}`}
      switchHref={switchHref(props.path, lang)}
    >
      <CityNav city={tenant} lang={lang} base={base} current="home" />
      <Hero lang={lang} name={name} structure={s} overview={overview} levels={shownLevels} />
      <ReformsSection lang={lang} tenant={tenant} overview={overview} />
      <DistrictsSection lang={lang} overview={overview} levels={shownLevels} anySample={anySample} />
      {props.communities && props.communities.length > 0 && (
        <CommunityDirectory overview={overview} communities={props.communities} lang={lang} base={base} />
      )}
      <BodiesSection lang={lang} structure={s} />
      <LevelsSection lang={lang} structure={s} />
      <DeliberationSection lang={lang} structure={s} />
      {s.facts.length > 0 && (
        <section aria-labelledby="facts">
          <h2 id="facts">{t(lang, 'site.facts')}</h2>
          <ul>
            {s.facts.map((fact) => (
              <li>{inLang(lang, fact)}</li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
