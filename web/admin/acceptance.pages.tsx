import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import {
  type AcceptanceRow,
  answerAcceptanceRequest,
  listAcceptanceRequests,
  raiseAcceptanceRequest,
} from '../../functions/cases/acceptance.service';
import { actorRef, actsForDepartment, departmentsOf } from '../../functions/cases/case-access';
import { AcceptanceAnswerBody, NewAcceptanceBody } from '../../functions/cases/case-catalog.routes';
import { caseIdByNumber, type PlaceRow, unitsToRaiseFrom } from '../../functions/cases/case-places.service';
import { caseIssue, casesErrors } from '../../functions/cases/cases.errors';
import { isUuid } from '../../functions/platform/ids';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import { type Lang, nameIn, say, t } from '../i18n';
import {
  type CaseNames,
  type CityContext,
  caseNames,
  fieldsOf,
  type Problem,
  ProblemSummary,
  refused,
  sentValue,
} from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { type consolePages, formOf, mayEver, sentValues, text } from './console-route';
import { CityTime } from './console-time';

const PAGE = '/admin/acceptance-requests';

function AnswerForms(props: { lang: Lang; row: AcceptanceRow; problem: Problem | undefined }) {
  const { lang, row, problem } = props;
  const action = `${PAGE}/${row.id}/answer`;
  return (
    <>
      <form method="post" action={action} class="stack action">
        <input type="hidden" name="decision" value="accepted" />
        <div>
          <button type="submit">{t(lang, 'cases.request.accept')}</button>
        </div>
      </form>
      <form method="post" action={action} class="stack action">
        <input type="hidden" name="decision" value="declined" />
        <div>
          <label for={`reason-${row.id}`}>{t(lang, 'cases.request.declineReason')}</label>
          <textarea id={`reason-${row.id}`} name="reason" rows={3} maxlength={2000} required>
            {sentValue(problem, row.id, 'reason')}
          </textarea>
        </div>
        <div>
          <button type="submit" class="danger">
            {t(lang, 'cases.request.decline')}
          </button>
        </div>
      </form>
    </>
  );
}

function RequestCard(props: {
  lang: Lang;
  row: AcceptanceRow;
  names: CaseNames;
  zone: string;
  answerable: boolean;
  problem: Problem | undefined;
}) {
  const { lang, row, names } = props;
  return (
    <li class="card request-card" data-request={row.id}>
      <p class="case-head">
        <span class={`status request-${row.status}`} data-status={row.status}>
          {say(lang, `cases.request.status.${row.status}`)}
        </span>
      </p>
      <h3>{row.subject}</h3>
      <p class="muted">
        {names.unit(row.fromUnitId)} → {names.department(row.departmentId)}
      </p>
      <p>
        {t(lang, 'cases.request.due')} <CityTime value={row.dueAt} zone={props.zone} />
      </p>
      {row.body ? <p class="reason">{row.body}</p> : null}
      {row.reason ? (
        <p>
          {t(lang, 'cases.request.answer')}
          {t(lang, 'console.colon')}
          {row.reason}
        </p>
      ) : null}
      {row.escalatedToUnitId ? (
        <p>{t(lang, 'cases.request.escalatedTo', { unit: names.unit(row.escalatedToUnitId) })}</p>
      ) : null}
      {props.problem?.form === row.id ? <ProblemSummary lang={lang} problem={props.problem} /> : null}
      {props.answerable ? <AnswerForms lang={lang} row={row} problem={props.problem} /> : null}
    </li>
  );
}

function RaiseForm(props: { lang: Lang; units: PlaceRow[]; names: CaseNames; problem: Problem | undefined }) {
  const { lang, problem } = props;
  const value = (name: string, fallback = '') => sentValue(problem, 'raise', name, fallback);
  return (
    <form method="post" action={PAGE} class="stack">
      <div>
        <label for="raise-from">{t(lang, 'cases.request.from')}</label>
        <select id="raise-from" name="fromUnitId" required>
          {props.units.map((unit) => (
            <option value={unit.id} selected={unit.id === value('fromUnitId')}>
              {nameIn(lang, unit)} ({unit.code})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="raise-department">{t(lang, 'cases.request.department')}</label>
        <select id="raise-department" name="departmentId" required>
          {props.names.departments.map((department) => (
            <option value={department.id} selected={department.id === value('departmentId')}>
              {nameIn(lang, department)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="raise-subject">{t(lang, 'cases.request.subject')}</label>
        <input
          id="raise-subject"
          type="text"
          name="subject"
          required
          maxlength={200}
          value={value('subject')}
        />
      </div>
      <div>
        <label for="raise-body">
          {t(lang, 'cases.request.body')}
          {t(lang, 'cases.optional')}
        </label>
        <textarea id="raise-body" name="body" rows={4} maxlength={5000}>
          {value('body')}
        </textarea>
      </div>
      <div>
        <label for="raise-days">{t(lang, 'cases.request.workingDays')}</label>
        <input
          id="raise-days"
          type="number"
          name="workingDays"
          min={1}
          max={60}
          required
          value={value('workingDays', '5')}
        />
      </div>
      <div>
        <label for="raise-case">{t(lang, 'cases.request.case')}</label>
        <input id="raise-case" type="text" name="caseNumber" value={value('caseNumber')} />
      </div>
      <div>
        <button type="submit">{t(lang, 'cases.request.raise')}</button>
      </div>
    </form>
  );
}

async function render(c: Context<AppEnv>, problem?: Problem) {
  const page = await pageContext(c);
  const ctx: CityContext = await cityContext(c);
  const rows = await listAcceptanceRequests(ctx);
  const me = actorRef(ctx.actor);
  const mine = departmentsOf(ctx.actor);
  const raised = rows.filter((row) => row.raisedBy === me);
  const addressed = rows.filter((row) => mine.includes(row.departmentId));
  const mayRaise = mayEver(ctx.actor, 'acceptance.raise');
  const units = mayRaise ? await unitsToRaiseFrom(ctx) : [];
  const names = await caseNames(
    ctx,
    page.lang,
    rows.flatMap((row) => [row.fromUnitId, ...(row.escalatedToUnitId ? [row.escalatedToUnitId] : [])]),
  );
  const answerable = (row: AcceptanceRow) =>
    (row.status === 'pending' || row.status === 'overdue') &&
    actsForDepartment(ctx.actor, 'acceptance.answer', row.departmentId);
  const onCard = problem && rows.some((row) => row.id === problem.form);
  const List = (props: { rows: AcceptanceRow[] }) =>
    props.rows.length === 0 ? (
      <p>{t(page.lang, 'cases.request.none')}</p>
    ) : (
      <ul class="case-list">
        {props.rows.map((row) => (
          <RequestCard
            lang={page.lang}
            row={row}
            names={names}
            zone={ctx.tenant.timezone}
            answerable={answerable(row)}
            problem={problem}
          />
        ))}
      </ul>
    );
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'cases.request.title')}>
      <h1>{t(page.lang, 'cases.request.title')}</h1>
      <p class="muted">{t(page.lang, 'cases.request.hint')}</p>
      {onCard ? null : <ProblemSummary lang={page.lang} problem={problem} />}
      {c.req.query('done') && !problem ? (
        <p class="notice" role="status">
          {t(page.lang, 'cases.done')}
        </p>
      ) : null}
      {mine.length > 0 ? (
        <>
          <h2>{t(page.lang, 'cases.request.addressed')}</h2>
          <List rows={addressed} />
        </>
      ) : null}
      <h2>{t(page.lang, 'cases.request.raised')}</h2>
      <List rows={raised} />
      {mayRaise && units.length > 0 ? (
        <>
          <h2>{t(page.lang, 'cases.request.raiseTitle')}</h2>
          <RaiseForm lang={page.lang} units={units} names={names} problem={problem} />
        </>
      ) : null}
    </ConsoleLayout>,
    problem?.status ?? 200,
  );
}

async function raise(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const values = sentValues(form);
  const input = fieldsOf(form, ['fromUnitId', 'departmentId', 'subject', 'body', 'workingDays']);
  const number = text(form, 'caseNumber');
  if (number !== '') {
    const caseId = isUuid(number) ? number : await caseIdByNumber(ctx, number);
    if (!caseId)
      return render(c, {
        form: 'raise',
        issues: [caseIssue('caseId', 'case.duplicate_unknown')],
        status: 422,
        values,
      });
    input.caseId = caseId;
  }
  const parsed = NewAcceptanceBody.safeParse(input);
  if (!parsed.success)
    return render(c, {
      form: 'raise',
      issues: issuesFromZod(parsed.error.issues, { input }),
      status: 422,
      values,
    });
  try {
    await raiseAcceptanceRequest(ctx, parsed.data);
  } catch (error) {
    const problem = refused(error, 'raise', values);
    if (problem) return render(c, problem);
    throw error;
  }
  return c.redirect(`${PAGE}?done=raise`, 303);
}

async function answer(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw casesErrors.acceptanceNotFound();
  const values = sentValues(form);
  const input = fieldsOf(form, ['decision', 'reason']);
  const parsed = AcceptanceAnswerBody.safeParse(input);
  if (!parsed.success)
    return render(c, {
      form: id,
      issues: issuesFromZod(parsed.error.issues, { input }),
      status: 422,
      values,
    });
  try {
    await answerAcceptanceRequest(ctx, id, parsed.data);
  } catch (error) {
    const problem = refused(error, id, values);
    if (problem) return render(c, problem);
    throw error;
  }
  return c.redirect(`${PAGE}?done=answer`, 303);
}

/** 限期受理: the requests a person raised or that their department must answer, and the forms for both. */
export function registerAcceptancePages(pages: ReturnType<typeof consolePages>) {
  pages.get(PAGE, { action: 'cases.read' }, (c) => render(c));
  pages.post(PAGE, { action: 'acceptance.raise' }, raise);
  pages.post(`${PAGE}/:id/answer`, { action: 'acceptance.answer' }, answer);
}
