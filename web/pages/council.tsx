import type { CouncilPageModel } from '../../functions/council/council.public';
import type { TenantRow } from '../../functions/platform/tenancy';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { inLang, type Lang, nameIn, say, t } from '../i18n';

type Model = CouncilPageModel;

const day = (tenant: TenantRow, d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tenant.timezone, dateStyle: 'short' }).format(d);

/** A source as a reader cites it: the document, without the repository path it was seeded from. */
const cited = (source: string) => source.replace(/\s*[（(]shared\/seeds\/[^）)]*[）)]/gu, '');

function Sample(props: { lang: Lang; sample: boolean; source: string | null }) {
  return (
    <>
      {props.sample && <span class="badge">{t(props.lang, 'site.sample')}</span>}
      {props.source && (
        <small class="muted">
          {' '}
          {t(props.lang, 'councilPage.source')}: {cited(props.source)}
        </small>
      )}
    </>
  );
}

/** Open proposals, how to support one, and the form to start one. No supporter is ever named. */
function ProposalsSection(props: { lang: Lang; model: Model; action: string }) {
  const { lang, model } = props;
  const min = model.council.rules.minCoSigners;
  const open = model.proposals.filter((p) => ['draft', 'submitted', 'accepted'].includes(p.status));
  return (
    <section aria-labelledby="proposals">
      <h2 id="proposals">{t(lang, 'councilPage.openProposals')}</h2>
      <p>{t(lang, 'councilPage.howToSupport')}</p>
      {open.length === 0 && <p>{t(lang, 'councilPage.noProposals')}</p>}
      <ul class="cards">
        {open.map((p) => (
          <li class="card" id={`proposal-${p.id}`} data-proposal={p.id}>
            <h3>{p.title}</h3>
            <p class="kind">{say(lang, `councilPage.status.${p.status}`, { fallback: p.status })}</p>
            <p>{p.body}</p>
            {p.origin === 'residents' && <p>{t(lang, 'councilPage.supporters', { n: p.supporters, min })}</p>}
            {p.status === 'draft' && (
              <form method="post" action={`${props.action}/proposals/${p.id}/support`}>
                <label>
                  {t(lang, 'councilPage.contact')} <input name="contact" required maxlength={200} />
                </label>
                <button type="submit">{t(lang, 'councilPage.support')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h3>{t(lang, 'councilPage.startTitle')}</h3>
      <form method="post" action={`${props.action}/proposals`}>
        <p>
          <label>
            {t(lang, 'councilPage.proposalTitle')} <input name="title" required maxlength={200} />
          </label>
        </p>
        <p>
          <label>
            {t(lang, 'councilPage.proposalBody')} <textarea name="body" required maxlength={5000} />
          </label>
        </p>
        <p>
          <label>
            {t(lang, 'councilPage.contact')} <input name="contact" required maxlength={200} />
          </label>
        </p>
        <button type="submit">{t(lang, 'councilPage.submit')}</button>
      </form>
      <h3>{t(lang, 'councilPage.allProposals')}</h3>
      <ul>
        {model.proposals.map((p) => (
          <li data-proposal-status={p.status}>
            {p.title} — {say(lang, `councilPage.status.${p.status}`, { fallback: p.status })}
            {p.reason && <> ({p.reason})</>}
            {p.mergedIntoId && <> — {t(lang, 'councilPage.mergedInto')}</>}
            <Sample lang={lang} sample={p.sample} source={p.source} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function VoteLine(props: { lang: Lang; vote: Model['meetings'][number]['votes'][number] }) {
  const { lang, vote } = props;
  if (vote.status !== 'closed') return <span>{t(lang, 'councilPage.voteOpen')}</span>;
  return (
    <span data-vote={vote.id}>
      {vote.result && say(lang, `councilPage.result.${vote.result}`)}
      {' — '}
      {vote.forCount === null
        ? t(lang, 'councilPage.tallyUnknown')
        : t(lang, 'councilPage.tally', {
            for: vote.forCount,
            against: vote.againstCount ?? 0,
            abstain: vote.abstainCount ?? 0,
          })}
      {vote.sealHash && (
        <small class="muted">
          {' '}
          ({t(lang, 'councilPage.sealed')} #{vote.sealSeq} {vote.sealHash.slice(0, 12)}…)
        </small>
      )}
    </span>
  );
}

/** Meetings with their kind, date, place, attendance count, agenda, decisions, votes and minutes. */
function MeetingsSection(props: { lang: Lang; model: Model; tenant: TenantRow }) {
  const { lang, model } = props;
  const kindName = (kind: string) => {
    const step = model.council.rules.cycle.find((s) => s.key === kind);
    return step ? inLang(lang, step.name) : kind;
  };
  return (
    <section aria-labelledby="meetings">
      <h2 id="meetings">{t(lang, 'councilPage.meetings')}</h2>
      {model.meetings.length === 0 && <p>{t(lang, 'councilPage.noMeetings')}</p>}
      {model.meetings.map(({ meeting, agenda, present, votes }) => (
        <article id={`meeting-${meeting.id}`} data-meeting-kind={meeting.kind}>
          <h3>
            {kindName(meeting.kind)} · {meeting.title} · {day(props.tenant, meeting.heldAt)}
            <Sample lang={lang} sample={meeting.sample} source={meeting.source} />
          </h3>
          <p>
            {t(lang, 'councilPage.place')}: {meeting.place} · {t(lang, 'councilPage.present', { n: present })}
          </p>
          <h4>{t(lang, 'councilPage.agenda')}</h4>
          <ol>
            {agenda.map((item) => {
              const vote = votes.find((v) => v.agendaItemId === item.id);
              return (
                <li>
                  {item.title}
                  {item.decision && (
                    <>
                      {' — '}
                      {t(lang, 'councilPage.decision')}: {item.decision}
                    </>
                  )}
                  {vote && (
                    <p>
                      {t(lang, 'councilPage.votes')}: <VoteLine lang={lang} vote={vote} />
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          {meeting.minutes && (
            <>
              <h4>{t(lang, 'councilPage.minutes')}</h4>
              <p class="minutes">{meeting.minutes}</p>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

function ProjectsSection(props: { lang: Lang; model: Model }) {
  const { lang, model } = props;
  return (
    <section aria-labelledby="projects">
      <h2 id="projects">{t(lang, 'councilPage.projects')}</h2>
      {model.projects.length === 0 && <p>{t(lang, 'councilPage.noProjects')}</p>}
      {model.projects.map(({ project, progress, parts, milestones }) => (
        <article data-project={project.id}>
          <h3>{project.title}</h3>
          <p>
            {t(lang, 'councilPage.owner')}: {project.owner} ·{' '}
            {t(lang, 'councilPage.budget', { yuan: project.budgetYuan })} ·{' '}
            <strong data-progress={progress}>{t(lang, 'councilPage.progress', { n: progress })}</strong>
          </p>
          <progress max={100} value={progress} />
          <ul>
            {parts.map(({ part, progress: p }) => (
              <li>
                {part.title} ×{part.weight}: {t(lang, 'councilPage.progress', { n: p })}
              </li>
            ))}
          </ul>
          {milestones.length > 0 && (
            <>
              <h4>{t(lang, 'councilPage.milestones')}</h4>
              <ul>
                {milestones.map((m) => (
                  <li>
                    {m.title} — {t(lang, 'councilPage.due')} {m.dueOn}
                    {m.doneOn && (
                      <>
                        , {t(lang, 'councilPage.reached')} {m.doneOn}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

function ReviewsAndSummary(props: { lang: Lang; model: Model }) {
  const { lang, model } = props;
  return (
    <>
      <section aria-labelledby="reviews">
        <h2 id="reviews">{t(lang, 'councilPage.reviews')}</h2>
        {model.reviews.length === 0 && <p>{t(lang, 'councilPage.noReviews')}</p>}
        <ul>
          {model.reviews.map((r) => (
            <li data-rating={r.rating}>
              {r.reporterRole} {r.reporterName}: {r.subject} — {say(lang, `councilPage.rating.${r.rating}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="summary">
        <h2 id="summary">{t(lang, 'councilPage.summary')}</h2>
        <ul>
          {model.summary.map((row) => (
            <li>
              {t(lang, 'councilPage.summaryRow', row)}
              {row.recorded && (
                <>
                  {'；'}
                  {t(lang, 'councilPage.recorded', { count: row.recorded.count })}{' '}
                  <small class="muted">
                    ({t(lang, 'councilPage.source')}: {cited(row.recorded.source)})
                  </small>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** A community council's public page. */
export function CouncilPage(props: {
  tenant: TenantRow;
  model: Model;
  lang: Lang;
  base: string;
  path: string;
  notice?: string | undefined;
  /** A refused form's reason, shown as an alert rather than as a notice. */
  refused?: boolean | undefined;
}) {
  const { tenant, model, lang, base } = props;
  const council = nameIn(lang, { nameZh: model.council.nameZh, nameEn: model.council.nameEn });
  const action = `${base}/communities/${model.unit.code}/council`;
  const q = lang === 'en' ? '?lang=en' : '';
  const rules = model.council.rules;
  return (
    <Layout
      lang={lang}
      title={`${council} · ${nameIn(lang, tenant)}`}
      switchHref={switchHref(props.path, lang)}
      head={
        <>
          <link rel="alternate" type="application/rss+xml" href={`${action}/feed.rss${q}`} />
          <link rel="alternate" type="application/atom+xml" href={`${action}/feed.atom${q}`} />
        </>
      }
    >
      <CityNav city={tenant} lang={lang} base={base} current="community" />
      <h1>{council}</h1>
      {(model.council.sample || model.council.source) && (
        <p>
          <Sample lang={lang} sample={model.council.sample} source={model.council.source} />
        </p>
      )}
      {props.notice &&
        (props.refused ? (
          <p class="form-errors" role="alert">
            {props.notice}
          </p>
        ) : (
          <p role="status">{props.notice}</p>
        ))}
      <p>
        <a href={`${base}/communities/${model.unit.code}${q}`}>{nameIn(lang, model.unit)}</a> ·{' '}
        <a href={`${action}/feed.atom${q}`}>{t(lang, 'councilPage.feed')}</a>
      </p>
      <h2>{t(lang, 'councilPage.cycle')}</h2>
      <ol>
        {rules.cycle.map((step) => (
          <li>{inLang(lang, step.name)}</li>
        ))}
      </ol>
      <p>
        {t(lang, 'councilPage.rules', {
          quorum: `${rules.quorum.numerator}/${rules.quorum.denominator}`,
          ballot: rules.ballot,
          min: rules.minCoSigners,
        })}
      </p>
      <ProposalsSection lang={lang} model={model} action={action} />
      <MeetingsSection lang={lang} model={model} tenant={tenant} />
      <ProjectsSection lang={lang} model={model} />
      <ReviewsAndSummary lang={lang} model={model} />
    </Layout>
  );
}
