import type { Child } from 'hono/jsx';
import type { Principal } from '../../functions/auth/principal';
import { actorRef, departmentsOf } from '../../functions/cases/case-access';
import type { CaseRow } from '../../functions/cases/case-steps';
import type { CaseStatus } from '../../schema';
import { type Lang, problemText, say, t } from '../i18n';
import { type CaseNames, type Problem, sentValue } from './cases-view';
import { mayEver } from './console-route';

/** The steps a case page offers, and the statuses each applies to (the verbs decide who may). */
export const STEPS_BY_STATUS: Record<CaseStatus, readonly string[]> = {
  collected: ['register', 'refuse'],
  registered: ['dispatch', 'escalate'],
  refused: [],
  dispatched: ['accept', 'report', 'escalate'],
  handling: ['report', 'escalate'],
  reported: ['verify', 'escalate'],
  closed: ['evaluate'],
  evaluated: [],
};

/**
 * Whether a step is worth offering the person: their roles could take it, and for a handler's
 * steps they are on the handling side (a department's case goes to its officers, the grid's and
 * the community's to their staff). Only a hint for the page: the verb decides.
 */
export function mayTake(actor: Principal, row: CaseRow, step: string): boolean {
  const manage = mayEver(actor, 'cases.manage');
  const mine = departmentsOf(actor);
  const handlerSide =
    row.handlerKind === 'department'
      ? row.handlerDepartmentId !== null && mine.includes(row.handlerDepartmentId)
      : row.handlerKind !== null && mine.length === 0 && mayEver(actor, 'cases.handle');
  if (['register', 'refuse', 'dispatch', 'evaluate'].includes(step)) return manage;
  if (['accept', 'report'].includes(step)) return handlerSide;
  // Whoever handled a case never verifies it.
  const handled =
    row.handledBy.includes(actorRef(actor)) ||
    (row.handlerDepartmentId !== null && mine.includes(row.handlerDepartmentId));
  if (step === 'verify') return !handled && (manage || mayEver(actor, 'cases.report'));
  return manage || handlerSide;
}

interface FormProps {
  lang: Lang;
  row: CaseRow;
  problem: Problem | undefined;
}

/** One step's form: posts to the verb with the version read, so a form left open too long is refused. */
function StepForm(props: {
  row: CaseRow;
  step: string;
  button: string;
  kind?: 'danger' | 'secondary';
  children?: Child;
}) {
  return (
    <form method="post" action={`/admin/cases/${props.row.id}/${props.step}`} class="stack action">
      <input type="hidden" name="version" value={String(props.row.version)} />
      {props.children}
      <div>
        <button type="submit" class={props.kind}>
          {props.button}
        </button>
      </div>
    </form>
  );
}

/**
 * A step's text field (`<step>-<name>`), with a hint under its label if it has one, and what is
 * wrong with it under it after a refusal (the summary at the top of the page may be far above).
 */
function Reason(
  props: FormProps & {
    step: string;
    name?: string;
    label: string;
    required?: boolean;
    hint?: string;
    maxlength?: number;
  },
) {
  const name = props.name ?? 'reason';
  const id = `${props.step}-${name}`;
  const wrong = fieldIssues(props.problem, props.step, name);
  const describedBy = [props.hint ? `${id}-hint` : '', wrong.length > 0 ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={3}
        maxlength={props.maxlength ?? 2000}
        required={props.required}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        {...(wrong.length > 0 ? { 'aria-invalid': 'true' } : {})}
      >
        {sentValue(props.problem, props.step, name)}
      </textarea>
      <FieldProblem lang={props.lang} id={id} name={name} issues={wrong} />
    </div>
  );
}

/** A refused step's issues about one of its fields. */
function fieldIssues(problem: Problem | undefined, step: string, name: string) {
  return problem?.form === step ? problem.issues.filter((issue) => issue.path === name) : [];
}

/** What is wrong with a field, under it. */
function FieldProblem(props: { lang: Lang; id: string; name: string; issues: Problem['issues'] }) {
  if (props.issues.length === 0) return null;
  return (
    <p class="field-error" id={`${props.id}-error`} data-field={props.name}>
      {props.issues.map((issue) => problemText(props.lang, issue)).join(t(props.lang, 'console.semicolon'))}
    </p>
  );
}

function RefuseForm(props: FormProps) {
  const { lang } = props;
  const refusal = sentValue(props.problem, 'refuse', 'refusal', 'not_a_case');
  return (
    <details open={props.problem?.form === 'refuse'}>
      <summary>{t(lang, 'cases.action.refuse')}</summary>
      <StepForm row={props.row} step="refuse" button={t(lang, 'cases.action.refuse')} kind="danger">
        <div>
          <label for="refuse-refusal">{t(lang, 'cases.field.refusal')}</label>
          <select id="refuse-refusal" name="refusal">
            {(['not_a_case', 'duplicate'] as const).map((key) => (
              <option value={key} selected={key === refusal}>
                {t(lang, `cases.refusal.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <Reason {...props} step="refuse" label={t(lang, 'cases.field.reason')} required />
        <div>
          <label for="refuse-duplicateOf">{t(lang, 'cases.field.duplicateOf')}</label>
          <input
            id="refuse-duplicateOf"
            type="text"
            name="duplicateOf"
            value={sentValue(props.problem, 'refuse', 'duplicateOf')}
          />
        </div>
      </StepForm>
    </details>
  );
}

/** The handler a dispatch form offers: the grid, the community, or one of the city's departments. */
export const handlerValue = (kind: string, departmentId: string | null) =>
  kind === 'department' ? `department:${departmentId ?? ''}` : kind;

function DispatchForm(props: FormProps & { names: CaseNames }) {
  const { lang, names } = props;
  const category = names.categories.find((row) => row.id === props.row.categoryId);
  const preset = category ? handlerValue(category.handlerKind, category.departmentId) : '';
  const chosen = sentValue(props.problem, 'dispatch', 'handler', preset);
  const handlerName = (value: string) =>
    value.startsWith('department:')
      ? names.department(value.slice('department:'.length))
      : say(lang, `cases.handler.${value}`, { fallback: value });
  const options = [
    'grid',
    'community',
    ...names.departments.map((department) => handlerValue('department', department.id)),
  ];
  return (
    <StepForm row={props.row} step="dispatch" button={t(lang, 'cases.action.dispatch')}>
      <p id="dispatch-hint">{t(lang, 'cases.dispatchDefault', { handler: handlerName(preset) })}</p>
      <div>
        <label for="dispatch-handler">{t(lang, 'cases.field.handlerKind')}</label>
        <select id="dispatch-handler" name="handler" aria-describedby="dispatch-hint">
          {options.map((value) => (
            <option value={value} selected={value === chosen}>
              {handlerName(value)}
            </option>
          ))}
        </select>
      </div>
      <Reason {...props} step="dispatch" label={t(lang, 'cases.dispatchReason')} />
    </StepForm>
  );
}

function VerifyForms(props: FormProps) {
  const { lang } = props;
  return (
    <>
      <StepForm row={props.row} step="verify" button={t(lang, 'cases.action.fixed')}>
        <input type="hidden" name="outcome" value="fixed" />
      </StepForm>
      <StepForm row={props.row} step="verify" button={t(lang, 'cases.action.notFixed')} kind="danger">
        <input type="hidden" name="outcome" value="not_fixed" />
        <Reason {...props} step="verify" label={t(lang, 'cases.notFixedReason')} required />
      </StepForm>
    </>
  );
}

function EvaluateForm(props: FormProps) {
  const { lang } = props;
  const given = sentValue(props.problem, 'evaluate', 'satisfaction');
  const rated = props.row.satisfaction;
  return (
    <StepForm row={props.row} step="evaluate" button={t(lang, 'cases.action.evaluate')}>
      {rated !== null ? (
        // The reporter's answer stands (evaluateCase refuses a score for a rated case).
        <p data-rated-by-resident={String(rated)}>{t(lang, 'cases.ratedByResident', { score: rated })}</p>
      ) : (
        <div>
          <label for="evaluate-satisfaction">{t(lang, 'cases.field.satisfaction')}</label>
          <select id="evaluate-satisfaction" name="satisfaction">
            <option value="">{t(lang, 'cases.choose')}</option>
            {['5', '4', '3', '2', '1'].map((score) => (
              <option value={score} selected={score === given}>
                {score}
              </option>
            ))}
          </select>
        </div>
      )}
      <Reason {...props} step="evaluate" name="note" label={t(lang, 'cases.field.note')} />
    </StepForm>
  );
}

function EscalateForm(props: FormProps) {
  const { lang } = props;
  return (
    <details open={props.problem?.form === 'escalate'}>
      <summary>{t(lang, 'cases.action.escalate')}</summary>
      <StepForm row={props.row} step="escalate" button={t(lang, 'cases.action.escalate')} kind="secondary">
        <Reason {...props} step="escalate" label={t(lang, 'cases.escalateReason')} required />
      </StepForm>
    </details>
  );
}

/** The forms for the steps that apply to the case's status and that the person's roles allow. */
export function CaseActions(props: FormProps & { actor: Principal; names: CaseNames }) {
  const { lang, row } = props;
  const steps = STEPS_BY_STATUS[row.status].filter((step) => mayTake(props.actor, row, step));
  const forms: Record<string, () => Child> = {
    register: () => <StepForm row={row} step="register" button={t(lang, 'cases.action.register')} />,
    refuse: () => <RefuseForm {...props} />,
    dispatch: () => <DispatchForm {...props} />,
    accept: () => <StepForm row={row} step="accept" button={t(lang, 'cases.action.accept')} />,
    report: () => (
      <StepForm row={row} step="report" button={t(lang, 'cases.action.report')}>
        <Reason {...props} step="report" name="summary" label={t(lang, 'cases.field.summary')} required />
        {/* 给居民的答复, on a resident's case only: what the reporter reads on the tracking page. */}
        {row.channel === 'resident' && (
          <Reason
            {...props}
            step="report"
            name="publicReply"
            label={t(lang, 'cases.field.publicReply')}
            hint={t(lang, 'cases.field.publicReplyHint')}
            maxlength={500}
          />
        )}
      </StepForm>
    ),
    verify: () => <VerifyForms {...props} />,
    evaluate: () => <EvaluateForm {...props} />,
    escalate: () => <EscalateForm {...props} />,
  };
  return (
    <section class="case-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t(lang, 'cases.actions')}</h2>
      {steps.length === 0 ? <p>{t(lang, 'cases.noActions')}</p> : steps.map((step) => forms[step]?.())}
    </section>
  );
}
