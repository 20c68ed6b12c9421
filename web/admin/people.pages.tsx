import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { GRANTABLE, ROLE_LEVELS, TENANT_ROLES, type TenantRole } from '../../functions/auth/roles';
import { grantRole, revokeRole } from '../../functions/identity/role-grants.service';
import { createUser, listPeopleInReach, setPassword } from '../../functions/identity/users.service';
import type { AppError, FieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import type { TenantRow } from '../../functions/platform/tenancy';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, type Namer, nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, formProblem, isAppError, sentValues, text } from './console-route';
import { formIssue, pageNames } from './console-text';

type Listing = Awaited<ReturnType<typeof listPeopleInReach>>;
type Person = Listing['people'][number];
type UnitOption = Listing['units'][number];
type PeopleProblem = {
  form: string;
  issues: FieldIssue[];
  status?: 409 | 422;
  error?: AppError;
  /** What the refused form had in it. */
  sent?: Record<string, string>;
};

/** What the role forms offer: the roles the caller may hand out, and the units (named by the city's levels). */
interface RoleChoices {
  roles: TenantRole[];
  units: UnitOption[];
  /** The city's departments, for a department officer's role. */
  departments: { id: string; nameZh: string; nameEn: string }[];
  structure: TenantRow['structure'];
}

/** What a refused form had in it, so it comes back as it was sent (never the password). */
type Sent = Record<string, string>;

/**
 * A role, the unit to hold it at and, for a department officer, the department: three selects.
 * A refused form keeps what was chosen (a reset role would default to the first, the most powerful).
 */
function RoleAndUnit(props: { lang: Lang; id: string; choices: RoleChoices; sent?: Sent | undefined }) {
  const { lang, id, choices } = props;
  const sent = props.sent ?? {};
  const levelName = (level: string) =>
    choices.structure.levels.find((item) => item.key === level)?.name[lang] ?? level;
  return (
    <>
      <div>
        <label for={`${id}-role`}>{t(lang, 'console.roles')}</label>
        <select id={`${id}-role`} name="role">
          {choices.roles.map((role) => (
            <option value={role} selected={sent.role === role}>
              {say(lang, `role.${role}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for={`${id}-unit`}>{t(lang, 'console.unit')}</label>
        <select id={`${id}-unit`} name="orgUnitId">
          {choices.units.map((unit) => (
            <option value={unit.id} selected={sent.orgUnitId === unit.id}>
              {levelName(unit.level)} · {nameIn(lang, unit)} ({unit.code})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for={`${id}-department`}>{t(lang, 'console.roleDepartment')}</label>
        <select id={`${id}-department`} name="departmentId">
          <option value="">{t(lang, 'console.noDepartment')}</option>
          {choices.departments.map((department) => (
            <option value={department.id} selected={sent.departmentId === department.id}>
              {nameIn(lang, department)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** The role a form sends: a department only where one was chosen (only a department officer takes one). */
function sentRole(form: Record<string, unknown>) {
  const departmentId = text(form, 'departmentId');
  return {
    role: text(form, 'role') as TenantRole,
    orgUnitId: text(form, 'orgUnitId'),
    ...(departmentId ? { departmentId } : {}),
  };
}

/** A person's roles, each with where it is held and a button revoking it. */
function PersonGrants(props: { lang: Lang; person: Person; units: UnitOption[] }) {
  const { lang } = props;
  const { user, grants } = props.person;
  const unitName = (id: string) => {
    const unit = props.units.find((row) => row.id === id);
    return unit ? `${nameIn(lang, unit)} (${unit.code})` : id;
  };
  return (
    <ul>
      {grants.map((grant) => (
        <li>
          {say(lang, `role.${grant.role as TenantRole}`) ?? grant.role} · {unitName(grant.orgUnitId)}{' '}
          <form method="post" action={`/admin/users/${user.id}/roles/${grant.id}/revoke`} class="inline">
            <button
              type="submit"
              class="secondary"
              aria-label={`${t(lang, 'console.revokeRole')} ${user.displayName} ${say(lang, `role.${grant.role as TenantRole}`) ?? grant.role}`}
            >
              {t(lang, 'console.revokeRole')}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

/** A person's row: name, address, roles, and the forms setting a password and granting a role. */
function PersonRow(props: {
  lang: Lang;
  names: Namer;
  person: Person;
  choices: RoleChoices;
  problem: PeopleProblem | undefined;
}) {
  const { lang, names, problem } = props;
  const { user } = props.person;
  return (
    <tr>
      <td data-label={t(lang, 'console.displayName')}>{user.displayName}</td>
      <td data-label={t(lang, 'console.email')}>{user.email}</td>
      <td data-label={t(lang, 'console.roles')}>
        <PersonGrants lang={lang} person={props.person} units={props.choices.units} />
        <details open={problem?.form === `password-${user.id}`}>
          <summary>{t(lang, 'console.setPassword')}</summary>
          <form method="post" action={`/admin/users/${user.id}/password`} class="stack">
            <ErrorSummary
              lang={lang}
              names={names}
              issues={problem?.form === `password-${user.id}` ? problem.issues : []}
            />
            <div>
              <label for={`password-${user.id}`}>{t(lang, 'console.newPassword')}</label>
              <input
                id={`password-${user.id}`}
                type="password"
                name="password"
                required
                autocomplete="new-password"
              />
            </div>
            <div>
              <button type="submit">{t(lang, 'console.setPassword')}</button>
            </div>
          </form>
        </details>
        <details open={problem?.form === user.id}>
          <summary>{t(lang, 'console.grantRole')}</summary>
          <form method="post" action={`/admin/users/${user.id}/roles`} class="stack">
            <ErrorSummary
              lang={lang}
              names={names}
              issues={problem?.form === user.id ? problem.issues : []}
            />
            <RoleAndUnit
              lang={lang}
              id={`grant-${user.id}`}
              choices={props.choices}
              sent={problem?.form === user.id ? problem.sent : undefined}
            />
            <div>
              <button type="submit">{t(lang, 'console.grantRole')}</button>
            </div>
          </form>
        </details>
      </td>
    </tr>
  );
}

/** The form adding a person, with a first role. */
function NewPersonForm(props: { lang: Lang; choices: RoleChoices; sent?: Sent | undefined }) {
  const { lang } = props;
  const sent = props.sent ?? {};
  return (
    <form method="post" action="/admin/users" class="stack">
      <div>
        <label for="new-email">{t(lang, 'console.email')}</label>
        <input id="new-email" type="email" name="email" required value={sent.email} />
      </div>
      <div>
        <label for="new-name">{t(lang, 'console.displayName')}</label>
        <input id="new-name" type="text" name="displayName" required value={sent.displayName} />
      </div>
      <div>
        <label for="new-password">{t(lang, 'console.initialPassword')}</label>
        <input id="new-password" type="password" name="password" autocomplete="new-password" />
      </div>
      <RoleAndUnit lang={lang} id="new" choices={props.choices} sent={props.sent} />
      <div>
        <button type="submit">{t(lang, 'console.create')}</button>
      </div>
    </form>
  );
}

async function renderUsers(c: Context<AppEnv>, problem?: PeopleProblem, saved = false) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  // The same list as the API's `GET /users`: everyone for a city-wide administrator, the people in
  // reach for a district administrator.
  const { people, units } = await listPeopleInReach(ctx);
  // Only roles the caller may hand out and that some listed unit can carry (no grid worker in a
  // city without grids).
  const grantable = TENANT_ROLES.filter(
    (role) =>
      ctx.actor.grants.some((held) => (GRANTABLE[held.role] ?? []).includes(role)) &&
      units.some((unit) => ROLE_LEVELS[role].includes(unit.level)),
  );
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const choices: RoleChoices = { roles: grantable, units, departments, structure: ctx.tenant.structure };
  // Problems name roles and levels (`网格员只能授予在 网格 上`) as this city's structure does.
  const names = pageNames(page.lang, ctx.tenant.structure);
  // A problem for a person not listed here (unknown, or out of reach) has no form to sit on: shown on top.
  const placedOnForm = (form: string) =>
    form === 'new' || people.some(({ user }) => form === user.id || form === `password-${user.id}`);
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'console.users')}>
      <h1>{t(page.lang, 'console.users')}</h1>
      {/* Problems with no form of their own on the page (a revoke, a malformed address). */}
      <ErrorSummary
        lang={page.lang}
        names={names}
        issues={problem && !placedOnForm(problem.form) ? problem.issues : []}
        error={problem && !placedOnForm(problem.form) ? problem.error : undefined}
      />
      {saved ? (
        <p class="notice" role="status">
          {t(page.lang, 'console.saved')}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="stacked">
          <thead>
            <tr>
              <th scope="col">{t(page.lang, 'console.displayName')}</th>
              <th scope="col">{t(page.lang, 'console.email')}</th>
              <th scope="col">{t(page.lang, 'console.roles')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <PersonRow lang={page.lang} names={names} person={person} choices={choices} problem={problem} />
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(page.lang, 'console.newUser')}</h2>
      <ErrorSummary lang={page.lang} issues={problem?.form === 'new' ? problem.issues : []} names={names} />
      <NewPersonForm
        lang={page.lang}
        choices={choices}
        sent={problem?.form === 'new' ? problem.sent : undefined}
      />
    </ConsoleLayout>,
    problem ? (problem.status ?? 422) : 200,
  );
}

export function registerPeoplePages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/users', { action: 'users.manage' }, (c) => renderUsers(c));

  pages.post('/admin/users', { action: 'users.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const role = sentRole(form);
    try {
      await createUser(ctx, {
        email: text(form, 'email'),
        displayName: text(form, 'displayName'),
        password: typeof form.password === 'string' && form.password !== '' ? form.password : undefined,
        roles: role.role && role.orgUnitId ? [role] : [],
      });
    } catch (error) {
      const issues = formProblem(error);
      if (issues) return renderUsers(c, { form: 'new', issues, sent: sentValues(form, ['password']) });
      throw error;
    }
    return c.redirect('/admin/users', 303);
  });

  pages.post('/admin/users/:id/roles', { action: 'roles.grant' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const userId = c.req.param('id') ?? '';
    const grant = sentRole(form);
    const sent = sentValues(form, ['password']);
    const issues: FieldIssue[] = [];
    if (!(TENANT_ROLES as readonly string[]).includes(grant.role))
      issues.push(formIssue('role', 'form.unknown_role'));
    if (!isUuid(grant.orgUnitId)) issues.push(formIssue('orgUnitId', 'form.choose_unit'));
    if (grant.departmentId !== undefined && !isUuid(grant.departmentId))
      issues.push(formIssue('departmentId', 'form.choose_department'));
    if (!isUuid(userId))
      return renderUsers(c, { form: 'page', issues: [formIssue('user', 'form.unknown_person')] });
    if (issues.length > 0) return renderUsers(c, { form: userId, issues, sent });
    try {
      await grantRole(ctx, userId, grant);
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderUsers(c, { form: userId, issues: problem, sent });
      throw error;
    }
    return c.redirect('/admin/users', 303);
  });

  pages.post('/admin/users/:id/password', { action: 'users.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const userId = c.req.param('id') ?? '';
    const password = typeof form.password === 'string' ? form.password : '';
    if (!isUuid(userId))
      return renderUsers(c, { form: 'new', issues: [formIssue('user', 'form.unknown_person')] });
    try {
      // The verb checks the caller may hand out every role the person holds, and ends their sessions.
      await setPassword(ctx, userId, password);
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderUsers(c, { form: `password-${userId}`, issues: problem });
      throw error;
    }
    return renderUsers(c, undefined, true);
  });

  pages.post('/admin/users/:id/roles/:grantId/revoke', { action: 'roles.grant' }, async (c) => {
    const ctx = await cityContext(c);
    const userId = c.req.param('id') ?? '';
    const grantId = c.req.param('grantId') ?? '';
    if (!isUuid(userId) || !isUuid(grantId))
      return renderUsers(c, { form: 'page', issues: [formIssue('grant', 'form.unknown_grant')] });
    try {
      await revokeRole(ctx, userId, grantId);
    } catch (error) {
      // The last city administrator role: shown on the page, with the reason, as a 409.
      if (isAppError(error, 409))
        return renderUsers(c, {
          form: 'page',
          issues: [],
          error,
          status: 409,
        });
      throw error;
    }
    return c.redirect('/admin/users', 303);
  });
}
