import type { PublicEvent, PublicRequest } from '../../functions/cases/resident-tracking.service';
import type { TenantRow } from '../../functions/platform/tenancy';
import { EVENT_WORDS, STATUS_WORDS, stepWords } from '../../functions/public-site/open311.presenters';
import { CityNav, switchHref } from '../components/city-nav';
import { Layout } from '../components/layout';
import { cityTime, type Lang, nameIn, t } from '../i18n';

const CLOSED = new Set(['closed', 'evaluated', 'refused']);

export function whenIn(lang: Lang, timeZone: string, date: Date): string {
  return cityTime(lang, timeZone, date);
}

/**
 * A timeline entry in plain words ("escalated to the district" names the level), or none. With
 * `reply`, a report carries its reply to the resident (feeds; the page shows the standing reply in
 * a section of its own).
 */
export function eventWords(lang: Lang, event: PublicEvent, reply = false): string | undefined {
  if (!EVENT_WORDS[event.kind]) return undefined;
  return stepWords(reply ? event : { kind: event.kind, toLevel: event.toLevel }, lang);
}

/** What the holder of the token may do on the page, and what they just did. */
export interface FeedbackState {
  token: string;
  open: boolean;
  done?: 'satisfied' | 'not_solved' | undefined;
  problem?: string | undefined;
}

function FeedbackForm(props: { lang: Lang; action: string; feedback: FeedbackState }) {
  const { lang, feedback } = props;
  // Nothing to ask or to say (before closure, or once answered): no heading over an empty section.
  if (!feedback.open && !feedback.done && !feedback.problem) return null;
  return (
    <section aria-labelledby="feedback" class="feedback">
      <h2 id="feedback">{t(lang, 'front.satisfaction')}</h2>
      {feedback.done === 'satisfied' && <p role="status">{t(lang, 'front.thanks')}</p>}
      {feedback.done === 'not_solved' && (
        <p role="status">
          {t(lang, 'front.thanks')} {t(lang, 'front.reopenedNote')}
        </p>
      )}
      {feedback.problem && (
        <p class="form-errors" role="alert">
          {feedback.problem}
        </p>
      )}
      {feedback.open && (
        <form method="post" action={props.action}>
          <input type="hidden" name="token" value={feedback.token} />
          <label for="words">{t(lang, 'front.words')}</label>
          <textarea id="words" name="words" rows={3} maxlength={2000} />
          <button type="submit" name="answer" value="satisfied">
            {t(lang, 'front.satisfied')}
          </button>
          <button type="submit" name="answer" value="not_solved">
            {t(lang, 'front.notSolved')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The public tracking page: status, expected date, department, timeline; no personal data. */
export function TrackingPage(props: {
  tenant: TenantRow;
  lang: Lang;
  base: string;
  path: string;
  request: PublicRequest;
  events: PublicEvent[];
  photos: string[];
  feedback?: FeedbackState | undefined;
}) {
  const { lang, request, tenant } = props;
  const zone = tenant.timezone;
  const q = lang === 'en' ? '?lang=en' : '';
  const self = `${props.base}/requests/${request.number}`;
  const status = STATUS_WORDS[request.status]?.[lang] ?? request.status;
  return (
    <Layout
      lang={lang}
      title={`${t(lang, 'front.tracking')} ${request.number} · ${nameIn(lang, tenant)}`}
      switchHref={switchHref(props.path, lang, props.feedback ? { token: props.feedback.token } : {})}
      head={
        <>
          <link rel="alternate" type="application/rss+xml" href={`${self}/feed.rss${q}`} />
          <link rel="alternate" type="application/atom+xml" href={`${self}/feed.atom${q}`} />
        </>
      }
    >
      <CityNav city={props.tenant} lang={lang} base={props.base} current="request" />
      <h1>
        {t(lang, 'front.tracking')} <span data-request-id={request.number}>{request.number}</span>
      </h1>
      <dl class="request-facts">
        <dt>{t(lang, 'front.category')}</dt>
        <dd>{request.serviceName[lang]}</dd>
        <dt>{t(lang, 'front.place')}</dt>
        <dd>{request.placeName[lang]}</dd>
        <dt>{t(lang, 'front.status')}</dt>
        <dd data-status={request.status}>{status}</dd>
        {request.department && (
          <>
            <dt>{t(lang, 'front.handledBy')}</dt>
            <dd>{request.department[lang]}</dd>
          </>
        )}
        {request.expectedAt && !CLOSED.has(request.status) && (
          <>
            <dt>{t(lang, 'front.expected')}</dt>
            <dd data-expected>{whenIn(lang, zone, request.expectedAt)}</dd>
          </>
        )}
      </dl>
      <h2>{t(lang, 'front.description')}</h2>
      <p class="pre">{request.description}</p>
      {props.photos.length > 0 && (
        <section aria-labelledby="photos">
          <h2 id="photos">{t(lang, 'front.photos')}</h2>
          {props.photos.map((id) => (
            <img src={`${self}/photos/${id}`} alt={t(lang, 'front.photos')} width={320} />
          ))}
        </section>
      )}
      {request.publicReply && (
        <section aria-labelledby="reply">
          <h2 id="reply">{t(lang, 'front.reply')}</h2>
          <p class="pre" data-public-reply>
            {request.publicReply}
          </p>
        </section>
      )}
      <h2>{t(lang, 'front.timeline')}</h2>
      <ol class="timeline">
        {props.events.flatMap((event) => {
          const words = eventWords(lang, event);
          return words
            ? [
                <li data-kind={event.kind}>
                  <time datetime={event.at.toISOString()}>{whenIn(lang, zone, event.at)}</time> {words}
                </li>,
              ]
            : [];
        })}
      </ol>
      {props.feedback && (
        <FeedbackForm lang={lang} action={`${self}/satisfaction${q}`} feedback={props.feedback} />
      )}
      <p>
        {t(lang, 'front.feeds')}: <a href={`${self}/feed.rss${q}`}>RSS</a> ·{' '}
        <a href={`${self}/feed.atom${q}`}>Atom</a>
      </p>
    </Layout>
  );
}
