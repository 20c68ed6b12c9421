import { listCategories } from '../../functions/cases/case-catalog.service';
import { unitsByIds } from '../../functions/cases/case-places.service';
import type { CaseRow } from '../../functions/cases/case-steps';
import { presentCase } from '../../functions/cases/cases.presenters';
import type { AppError, FieldIssue } from '../../functions/platform/errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, type MessageKey, nameIn, say, t } from '../i18n';
import type { cityContext } from './console-context';
import { ErrorSummary } from './console-layout';
import { isAppError, text } from './console-route';
import { CityTime } from './console-time';

/** What the case pages share: names of what a case points at, its clock and status, a problem. */

export type CityContext = Awaited<ReturnType<typeof cityContext>>;
export type CaseClock = NonNullable<ReturnType<typeof presentCase>['clock']>;

/** A refused form or step, shown on the page it came from (by code, in the page's language). */
export interface Problem {
  /** Which form it concerns (`register`, `collect`, a request's id). */
  form: string;
  issues: FieldIssue[];
  error?: AppError | undefined;
  status: 400 | 403 | 409 | 422;
  /** What was sent, to put back in the form. */
  values?: Record<string, string> | undefined;
}

export interface CaseNames {
  category: (id: string) => string;
  unit: (id: string | null) => string;
  department: (id: string | null) => string;
  categories: Awaited<ReturnType<typeof listCategories>>;
  departments: Awaited<ReturnType<typeof listDepartments>>;
}

/** The names a list of cases shows: the city's categories, the units named, its departments. */
export async function caseNames(ctx: CityContext, lang: Lang, unitIds: string[]): Promise<CaseNames> {
  const categories = await listCategories(ctx);
  const units = await unitsByIds(ctx, unitIds);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const named = <R extends { id: string; nameZh: string; nameEn: string }>(rows: R[], id: string | null) => {
    const row = rows.find((item) => item.id === id);
    return row ? nameIn(lang, row) : (id ?? '');
  };
  return {
    category: (id) => named(categories, id),
    unit: (id) => named(units, id),
    department: (id) => named(departments, id),
    categories,
    departments,
  };
}

/** The case form fields by the names the verbs give them, as a person knows them. */
export function caseFieldLabels(lang: Lang): Record<string, string> {
  const labels: Record<string, MessageKey> = {
    categoryId: 'cases.field.category',
    orgUnitId: 'cases.field.unit',
    title: 'cases.field.title',
    description: 'cases.field.description',
    location: 'cases.field.location',
    reason: 'cases.field.reason',
    summary: 'cases.field.summary',
    publicReply: 'cases.field.publicReply',
    refusal: 'cases.field.refusal',
    duplicateOf: 'cases.field.duplicateOf',
    handlerKind: 'cases.field.handlerKind',
    departmentId: 'cases.field.department',
    satisfaction: 'cases.field.satisfaction',
    note: 'cases.field.note',
    outcome: 'cases.field.outcome',
    version: 'cases.field.version',
    subject: 'cases.request.subject',
    body: 'cases.request.body',
    fromUnitId: 'cases.request.from',
    workingDays: 'cases.request.workingDays',
    caseId: 'cases.request.case',
    decision: 'cases.request.answer',
  };
  return Object.fromEntries(Object.entries(labels).map(([path, key]) => [path, say(lang, key)]));
}

/** The fields a case page's step forms write as `<step>-<name>` (their textareas): the summary links to them. */
const LINKED_FIELDS = new Set(['reason', 'summary', 'publicReply', 'note']);

/** The problem's summary: a refusal titled as one, a stale form as a conflict, bad fields as such. */
export function ProblemSummary(props: {
  lang: Lang;
  problem: Problem | undefined;
  labels?: Record<string, string> | undefined;
  /** On a case page: each step field named in the summary links to the field, further down. */
  linkSteps?: boolean;
}) {
  const problem = props.problem;
  if (!problem) return null;
  const heading =
    problem.status === 403
      ? t(props.lang, 'console.forbiddenTitle')
      : problem.status === 409
        ? t(props.lang, 'console.conflictTitle')
        : undefined;
  return (
    <ErrorSummary
      lang={props.lang}
      issues={problem.issues}
      error={problem.error}
      heading={heading}
      labels={{ ...caseFieldLabels(props.lang), ...props.labels }}
      hrefFor={
        props.linkSteps
          ? (path) => (LINKED_FIELDS.has(path) ? `#${problem.form}-${path}` : undefined)
          : undefined
      }
    />
  );
}

export function StatusBadge(props: { lang: Lang; status: string }) {
  return (
    <span class={`status status-${props.status}`} data-status={props.status}>
      {say(props.lang, `cases.status.${props.status}`, { fallback: props.status })}
    </span>
  );
}

/** The clock of the stage a case is in: the stage, its due time in city time, and where it stands. */
export function ClockLine(props: { lang: Lang; row: CaseRow; zone: string }) {
  const clock = presentCase(props.row).clock;
  if (!clock) return <span class="muted">{t(props.lang, 'cases.noClock')}</span>;
  return (
    <span class="clock">
      <span>{say(props.lang, `cases.stage.${clock.stage}`)}</span>{' '}
      <span class={`clock-state clock-${clock.state}`} data-clock={clock.state}>
        {say(props.lang, `cases.clock.${clock.state}`)}
      </span>{' '}
      <span>
        {t(props.lang, 'cases.due')} <CityTime value={clock.dueAt} zone={props.zone} />
      </span>
      {clock.provisional ? (
        <span class="provisional" data-provisional="true">
          {' '}
          {t(props.lang, 'cases.clock.provisional')}
        </span>
      ) : null}
    </span>
  );
}

/** Escalations and times sent back, said only when there are any. */
export function CaseCounts(props: { lang: Lang; row: CaseRow }) {
  const parts = [
    props.row.escalations > 0 ? t(props.lang, 'cases.escalations', { n: props.row.escalations }) : '',
    props.row.sentBack > 0 ? t(props.lang, 'cases.sentBack', { n: props.row.sentBack }) : '',
  ].filter(Boolean);
  return parts.length > 0 ? <span class="counts">{parts.join(t(props.lang, 'console.listSep'))}</span> : null;
}

/** A form field's value as sent (after a refusal) or its default. */
export const sentValue = (problem: Problem | undefined, form: string, name: string, fallback = '') =>
  problem?.form === form ? (problem.values?.[name] ?? fallback) : fallback;

const NUMBERS = new Set(['version', 'satisfaction', 'workingDays']);

/** The named fields of a form as a verb's body: an empty one left out, whole numbers as numbers. */
export function fieldsOf(form: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of fields) {
    const value = text(form, name);
    if (value !== '') input[name] = NUMBERS.has(name) && /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  return input;
}

/** A verb's refusal a form can show (bad fields, not allowed, stale or answered); others propagate. */
export function refused(error: unknown, form: string, values: Record<string, string>): Problem | undefined {
  if (!isAppError(error) || ![400, 403, 409, 422].includes(error.status)) return undefined;
  return { form, issues: error.details ?? [], error, status: error.status as Problem['status'], values };
}
