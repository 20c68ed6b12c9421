import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { withTenant } from '../../functions/platform/db';
import type { AppError, FieldIssue } from '../../functions/platform/errors';
import { type CatalogField, loadCatalog } from '../../functions/sharing/catalog/catalog.service';
import { decideGrant, REASON_MAX } from '../../functions/sharing/grants/grant-decision.service';
import { awaiting } from '../../functions/sharing/grants/grant-owners';
import { type GrantRow, listGrants } from '../../functions/sharing/grants/grants.service';
import { sharingErrors } from '../../functions/sharing/sharing.errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';
import { formErrors, formIssue } from './console-text';
import { CityTime } from './console-time';

const DAY_MS = 24 * 3600 * 1000;

/** A refused decision on a grant, with the reason as it was typed (to be corrected, not typed again). */
type GrantProblem = { grantId: string; issues: FieldIssue[]; error: AppError; reason?: string };

/** The two decisions on a pending grant: approve, or refuse with a reason. */
function DecisionForms(props: { lang: Lang; grantId: string; failed: boolean; reason?: string | undefined }) {
  const { lang, grantId } = props;
  return (
    <>
      <form method="post" action={`/admin/grants/${grantId}/decision`} class="stack">
        <input type="hidden" name="decision" value="approve" />
        <button type="submit">{t(lang, 'console.approve')}</button>
      </form>
      <form method="post" action={`/admin/grants/${grantId}/decision`} class="stack">
        <input type="hidden" name="decision" value="refuse" />
        <div>
          <label for={`reason-${grantId}`}>{t(lang, 'console.reason')}</label>
          <textarea
            id={`reason-${grantId}`}
            name="reason"
            rows={2}
            maxlength={REASON_MAX}
            aria-invalid={props.failed ? 'true' : undefined}
          >
            {props.reason}
          </textarea>
        </div>
        <div>
          <button type="submit" class="danger">
            {t(lang, 'console.refuse')}
          </button>
        </div>
      </form>
    </>
  );
}

/**
 * Each party's decision on a grant: the city's, then each owner department's on its own fields
 * (approved, refused or still awaited), and whose decision is still missing.
 */
function PartyDecisions(props: { lang: Lang; grant: GrantRow; nameOf: (departmentId: string) => string }) {
  const { lang, grant } = props;
  const missing = awaiting(grant);
  const missingNames = [
    ...(missing.city ? [t(lang, 'grantQueue.city')] : []),
    ...missing.departments.map(props.nameOf),
  ];
  const owners = Object.entries(grant.ownerDecisions);
  return (
    <>
      <ul class="parties">
        <li data-party="city">
          {t(lang, 'grantQueue.city')}
          {t(lang, 'console.colon')}
          {grant.cityApprovedAt
            ? t(lang, 'console.approved')
            : grant.status === 'refused'
              ? t(lang, 'console.refused')
              : t(lang, 'console.awaitingDecision')}
        </li>
        {owners.map(([department, owner]) => (
          <li data-party={department}>
            {props.nameOf(department)}
            {t(lang, 'console.paren', { text: owner.fields.join(t(lang, 'console.listSep')) })}
            {t(lang, 'console.colon')}
            {owner.withdrawnAt
              ? t(lang, 'console.withdrawn')
              : owner.approve === null
                ? t(lang, 'console.awaitingDecision')
                : t(lang, owner.approve ? 'console.approved' : 'console.refused')}
          </li>
        ))}
      </ul>
      {owners.length === 0 ? <p class="muted">{t(lang, 'grantQueue.noOwners')}</p> : null}
      {missingNames.length > 0 ? (
        <p>
          <strong>
            {t(lang, 'grantQueue.missing', { parties: missingNames.join(t(lang, 'console.listSep')) })}
          </strong>
        </p>
      ) : null}
    </>
  );
}

/** A pending grant: what it asks for, by when it needs an answer, who approved it so far, and the decision. */
function GrantCard(props: {
  lang: Lang;
  zone: string;
  now: number;
  grant: GrantRow;
  departmentName: string;
  nameOf: (departmentId: string) => string;
  catalog: CatalogField[];
  problem: GrantProblem | undefined;
}) {
  const { lang, grant, problem } = props;
  const fieldName = (qualified: string) =>
    props.catalog.find((field) => field.qualified === qualified)?.name[lang];
  const left = Math.ceil((grant.replyBy.getTime() - props.now) / DAY_MS);
  const failed = problem?.grantId === grant.id;
  return (
    <article class="card" aria-labelledby={`grant-${grant.id}`}>
      <h3 id={`grant-${grant.id}`}>{props.departmentName}</h3>
      <dl>
        <dt>{t(lang, 'console.fields')}</dt>
        <dd>
          <ul>
            {grant.fields.map((field) => (
              <li>
                {fieldName(field) ?? ''} <code>{field}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t(lang, 'console.purpose')}</dt>
        <dd>
          {grant.purposeCode ? <code>{grant.purposeCode}</code> : null} {grant.purpose}
          {grant.kind === 'verify'
            ? ` ${t(lang, 'console.paren', { text: t(lang, 'console.verifyOnly') })}`
            : ''}
        </dd>
        <dt>{t(lang, 'console.legalBasis')}</dt>
        <dd>{grant.legalBasis}</dd>
        <dt>{t(lang, 'console.validity')}</dt>
        <dd>
          {grant.validFrom} – {grant.validTo}
        </dd>
        <dt>{t(lang, 'console.deadline')}</dt>
        <dd>
          <CityTime value={grant.replyBy} zone={props.zone} />{' '}
          {left < 0 ? (
            <span class="overdue">{t(lang, 'console.overdue')}</span>
          ) : (
            <span>{t(lang, 'console.paren', { text: t(lang, 'console.daysLeft', { days: left }) })}</span>
          )}
        </dd>
        <dt>{t(lang, 'grantQueue.parties')}</dt>
        <dd>
          <PartyDecisions lang={lang} grant={grant} nameOf={props.nameOf} />
        </dd>
      </dl>
      {failed ? <ErrorSummary lang={lang} issues={problem.issues} error={problem.error} /> : null}
      {/* The console decides for the city: once the city has decided, there is nothing left to offer. */}
      {grant.cityApprovedAt === null ? (
        <DecisionForms
          lang={lang}
          grantId={grant.id}
          failed={failed}
          reason={failed ? problem.reason : undefined}
        />
      ) : null}
    </article>
  );
}

/** Grants already decided, as a table. */
function DecidedTable(props: { lang: Lang; grants: GrantRow[]; departmentName: (id: string) => string }) {
  const { lang } = props;
  return (
    <div class="table-scroll" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'console.department')}</th>
            <th scope="col">{t(lang, 'console.fields')}</th>
            <th scope="col">{t(lang, 'console.purpose')}</th>
            <th scope="col">{t(lang, 'console.status')}</th>
            <th scope="col">{t(lang, 'grantQueue.parties')}</th>
            <th scope="col">{t(lang, 'console.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.grants.map((grant) => (
            <tr>
              <td>{props.departmentName(grant.departmentId)}</td>
              <td>{grant.fields.join(', ')}</td>
              <td>
                {grant.purposeCode ? <code>{grant.purposeCode}</code> : null} {grant.purpose}
              </td>
              <td>{say(lang, `console.${grant.status}`, { fallback: grant.status })}</td>
              <td>
                <PartyDecisions lang={lang} grant={grant} nameOf={props.departmentName} />
              </td>
              <td>{grant.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function renderQueue(c: Context<AppEnv>, problem?: GrantProblem) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const grants = await listGrants(ctx);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const catalog = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    loadCatalog(tx, ctx.tenant.id),
  );
  const departmentName = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? nameIn(page.lang, department) : id;
  };
  // The city's turn first; grants the city has decided wait only for owner departments (no buttons).
  const pending = grants.filter((grant) => grant.status === 'pending');
  const cityTurn = pending.filter((grant) => grant.cityApprovedAt === null);
  const othersTurn = pending.filter((grant) => grant.cityApprovedAt !== null);
  const decided = grants.filter((grant) => grant.status !== 'pending');
  const now = ctx.now().getTime();
  const card = (grant: GrantRow) => (
    <GrantCard
      lang={page.lang}
      zone={ctx.tenant.timezone}
      now={now}
      grant={grant}
      departmentName={departmentName(grant.departmentId)}
      nameOf={departmentName}
      catalog={catalog}
      problem={problem}
    />
  );
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.grants')}>
      <h1>{t(page.lang, 'console.grants')}</h1>
      {/* A problem with a grant that has no card here (unknown, or no longer pending) is shown on top. */}
      {problem && !pending.some((grant) => grant.id === problem.grantId) ? (
        <ErrorSummary lang={page.lang} issues={problem.issues} error={problem.error} />
      ) : null}
      <h2 id="city-turn">
        {t(page.lang, 'grantQueue.yourTurn')}
        {t(page.lang, 'console.paren', { text: cityTurn.length })}
      </h2>
      {cityTurn.length === 0 ? <p>{t(page.lang, 'console.none')}</p> : cityTurn.map(card)}
      {othersTurn.length === 0 ? null : (
        <section aria-labelledby="others-turn">
          <h2 id="others-turn">
            {t(page.lang, 'grantQueue.othersTurn')}
            {t(page.lang, 'console.paren', { text: othersTurn.length })}
          </h2>
          <p class="muted">{t(page.lang, 'grantQueue.othersHint')}</p>
          {othersTurn.map(card)}
        </section>
      )}
      <h2 id="decided">{t(page.lang, 'console.decided')}</h2>
      <DecidedTable lang={page.lang} grants={decided} departmentName={departmentName} />
    </ConsoleLayout>,
    problem ? 422 : 200,
  );
}

export function registerGrantPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/grants', { action: 'grants.decide' }, (c) => renderQueue(c));

  pages.post('/admin/grants/:id/decision', { action: 'grants.decide' }, async (c) => {
    const form = await formOf(c);
    const grantId = c.req.param('id') ?? '';
    const decision = text(form, 'decision');
    const ctx = await cityContext(c);
    // A malformed id names no grant card to show a problem on: the not-found page says it.
    if (!/^[0-9a-f-]{36}$/i.test(grantId)) throw sharingErrors.grantNotFound();
    if (decision !== 'approve' && decision !== 'refuse') {
      return renderQueue(c, {
        grantId,
        issues: [formIssue('decision', 'form.approve_or_refuse')],
        error: formErrors.error(400, 'form.decision_missing'),
      });
    }
    const reason = text(form, 'reason');
    try {
      await decideGrant(ctx, grantId, { approve: decision === 'approve', reason: reason || undefined });
    } catch (error) {
      if (isAppError(error, 422))
        return renderQueue(c, { grantId, issues: error.details ?? [], error, reason });
      throw error;
    }
    return c.redirect('/admin/grants', 303);
  });
}
