import { SCOPES } from '../../functions/auth/roles';
import type { FieldIssue } from '../../functions/platform/errors';
import type { DepartmentRow } from '../../functions/tenants/departments.service';
import { type Lang, nameIn, say, t } from '../i18n';
import { ErrorSummary } from './console-layout';
import { type Sent, sentText } from './console-route';

/**
 * A refused form on the departments page: which form (`department`, `client`, a client's id for
 * its key form, `page`), why, and what it had in it, so that it comes back as it was sent.
 */
export type FormProblem = { form: string; issues: FieldIssue[]; sent?: Sent };

/** What the refused form `form` had in it, if the problem is that form's. */
const sentTo = (problem: FormProblem | undefined, form: string) =>
  problem?.form === form ? problem.sent : undefined;

/** The form issuing a client a new key (scopes and an expiry date), open when it failed. */
export function IssueKeyForm(props: { lang: Lang; clientId: string; problem: FormProblem | undefined }) {
  const { lang, clientId, problem } = props;
  const sent = sentTo(problem, clientId);
  const ticked = new Set([sent?.scopes ?? []].flat());
  return (
    <details open={problem?.form === clientId}>
      <summary>{t(lang, 'console.issueKey')}</summary>
      <form method="post" action={`/admin/api-clients/${clientId}/keys`} class="stack">
        <ErrorSummary lang={lang} issues={problem?.form === clientId ? problem.issues : []} />
        <fieldset>
          <legend>{t(lang, 'console.scopes')}</legend>
          {SCOPES.map((scope) => (
            <div>
              <input
                type="checkbox"
                id={`scope-${clientId}-${scope}`}
                name="scopes"
                value={scope}
                checked={ticked.has(scope)}
              />{' '}
              <label class="inline" for={`scope-${clientId}-${scope}`}>
                {say(lang, `scope.${scope}`, { fallback: scope })} <code>{scope}</code>
              </label>
            </div>
          ))}
        </fieldset>
        <div>
          <label for={`expires-${clientId}`}>{t(lang, 'console.expiresAt')}</label>
          <input
            id={`expires-${clientId}`}
            type="date"
            name="expiresAt"
            value={sentText(sent, 'expiresAt')}
          />
        </div>
        <div>
          <button type="submit">{t(lang, 'console.issueKey')}</button>
        </div>
      </form>
    </details>
  );
}

/** The city's departments, and the form adding one; a refused one comes back as sent. */
export function DepartmentSection(props: {
  lang: Lang;
  departments: DepartmentRow[];
  problem: FormProblem | undefined;
}) {
  const { lang, problem } = props;
  const value = (name: string) => sentText(sentTo(problem, 'department'), name);
  return (
    <>
      <h2>{t(lang, 'console.newDepartment')}</h2>
      <ul>
        {props.departments.map((department) => (
          <li>
            {nameIn(lang, department)} <code>{department.key}</code>
          </li>
        ))}
      </ul>
      <ErrorSummary lang={lang} issues={problem?.form === 'department' ? problem.issues : []} />
      <form method="post" action="/admin/departments" class="stack">
        <div>
          <label for="department-key">{t(lang, 'console.departmentKey')}</label>
          <input
            id="department-key"
            type="text"
            name="key"
            required
            pattern="[a-z][a-z0-9_]{0,62}"
            value={value('key')}
          />
        </div>
        <div>
          <label for="department-zh">{t(lang, 'console.nameZh')}</label>
          <input id="department-zh" type="text" name="nameZh" required value={value('nameZh')} />
        </div>
        <div>
          <label for="department-en">{t(lang, 'console.nameEn')}</label>
          <input id="department-en" type="text" name="nameEn" required value={value('nameEn')} />
        </div>
        <div>
          <button type="submit">{t(lang, 'console.create')}</button>
        </div>
      </form>
    </>
  );
}

/** The form adding an API client to a department; a refused one comes back as sent. */
export function NewClientSection(props: {
  lang: Lang;
  departments: DepartmentRow[];
  problem: FormProblem | undefined;
}) {
  const { lang, problem } = props;
  const sent = sentTo(problem, 'client');
  const chosen = sentText(sent, 'departmentId');
  return (
    <>
      <h2>{t(lang, 'console.newClient')}</h2>
      <ErrorSummary lang={lang} issues={problem?.form === 'client' ? problem.issues : []} />
      <form method="post" action="/admin/api-clients" class="stack">
        <div>
          <label for="client-department">{t(lang, 'console.department')}</label>
          <select id="client-department" name="departmentId">
            {props.departments.map((department) => (
              <option value={department.id} selected={department.id === chosen}>
                {nameIn(lang, department)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="client-name">{t(lang, 'console.clientName')}</label>
          <input id="client-name" type="text" name="name" required value={sentText(sent, 'name')} />
        </div>
        <div>
          <button type="submit">{t(lang, 'console.create')}</button>
        </div>
      </form>
    </>
  );
}
