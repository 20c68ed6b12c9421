import type { CaseRow } from '../../functions/cases/case-steps';
import type { ResidentReporter } from '../../functions/cases/resident-reports.service';
import { type Lang, problemText, t } from '../i18n';

/**
 * The reporter of a resident's case on its page: the contact masked (`138****8000`); the full
 * contact only after an explicit reveal with a reason, which is logged, and shown in that one
 * answer (never in an address, never cached).
 */
export function ReporterSection(props: {
  lang: Lang;
  row: CaseRow;
  /** The contact masked, and the point the resident marked. */
  reporter: ResidentReporter;
  revealed?: { contact: string | null } | undefined;
  problem?: { issues: { path: string; code?: string; message: string }[] } | undefined;
}) {
  const { lang, row } = props;
  return (
    <section aria-labelledby="reporter-title" class="reporter">
      <h2 id="reporter-title">{t(lang, 'cases.reporter')}</h2>
      {props.reporter.point ? <MarkedPoint lang={lang} point={props.reporter.point} /> : null}
      <p>
        {t(lang, 'cases.reporterContact')}
        {t(lang, 'console.colon')}
        <span data-contact={props.revealed ? 'revealed' : 'masked'}>
          {props.revealed
            ? (props.revealed.contact ?? t(lang, 'cases.noContact'))
            : (props.reporter.contact ?? t(lang, 'cases.noContact'))}
        </span>
      </p>
      {props.revealed ? (
        <p class="muted">{t(lang, 'cases.revealLogged')}</p>
      ) : props.reporter.contact ? (
        <form method="post" action={`/admin/cases/${row.id}/reveal-contact`} class="stack action">
          <label for="reveal-reason">{t(lang, 'cases.revealReason')}</label>
          <input id="reveal-reason" name="reason" required maxlength={500} />
          {(props.problem?.issues ?? []).map((issue) => (
            <p class="field-error" data-field={issue.path}>
              {problemText(lang, issue)}
            </p>
          ))}
          <button type="submit" class="secondary">
            {t(lang, 'cases.revealContact')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * The point the resident marked, for the person who goes there (often on a phone): the
 * coordinates, a `geo:` link (RFC 5870; phones open their map app) and OpenStreetMap. Both take
 * WGS-84, as the resident's device and Open311 give it; Chinese map apps that draw GCJ-02 convert
 * a `geo:` point themselves.
 */
function MarkedPoint(props: { lang: Lang; point: { lat: number; long: number } }) {
  const lat = props.point.lat.toFixed(6);
  const long = props.point.long.toFixed(6);
  return (
    <p data-point={`${lat},${long}`}>
      {t(props.lang, 'cases.markedPoint')}
      {t(props.lang, 'console.colon')}
      {lat}, {long} ·{' '}
      <a href={`geo:${lat},${long}`} class="nowrap">
        {t(props.lang, 'cases.openInMapApp')}
      </a>{' '}
      ·{' '}
      <a
        href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}#map=18/${lat}/${long}`}
        rel="noreferrer"
      >
        OpenStreetMap
      </a>
    </p>
  );
}
