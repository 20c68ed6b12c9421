import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { GRANTABLE, ROLE_LEVELS, TENANT_ROLES, type TenantRole } from '../../functions/auth/roles';
import { grantRole, revokeRole } from '../../functions/identity/role-grants.service';
import {
  createUser,
  listPeopleInReach,
  listUsers,
  setPassword,
} from '../../functions/identity/users.service';
import type { AppError, FieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import { listOrgUnits } from '../../functions/tenants/tenants.service';
import { nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, formProblem, isAppError, mayEver, text } from './console-route';
import { formIssue, pageNames } from './console-text';

async function renderUsers(
  c: Context<AppEnv>,
  problem?: { form: string; issues: FieldIssue[]; status?: 409 | 422; error?: AppError },
  saved = false,
) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  // City-wide administrators see everyone in the city; a district administrator, the people in reach.
  const { people, units } = mayEver(ctx.actor, 'users.manage', true)
    ? { people: await listUsers(ctx), units: (await listOrgUnits(ctx, { limit: 5000 })).items }
    : await listPeopleInReach(ctx);
  // Only roles the caller may hand out and that some listed unit can carry (no grid worker in a
  // city without grids).
  const grantable = TENANT_ROLES.filter(
    (role) =>
      ctx.actor.grants.some((held) => (GRANTABLE[held.role] ?? []).includes(role)) &&
      units.some((unit) => ROLE_LEVELS[role].includes(unit.level)),
  );
  // Problems name roles and levels (`网格员只能授予在 网格 上`) as this city's structure does.
  const names = pageNames(page.lang, ctx.tenant.structure);
  const levelName = (level: string) =>
    ctx.tenant.structure.levels.find((item) => item.key === level)?.name[page.lang] ?? level;
  const unitName = (id: string) => {
    const unit = units.find((row) => row.id === id);
    return unit ? `${nameIn(page.lang, unit)} (${unit.code})` : id;
  };
  const RoleAndUnit = (props: { id: string }) => (
    <>
      <div>
        <label for={`${props.id}-role`}>{t(page.lang, 'console.roles')}</label>
        <select id={`${props.id}-role`} name="role">
          {grantable.map((role) => (
            <option value={role}>{say(page.lang, `role.${role}`)}</option>
          ))}
        </select>
      </div>
      <div>
        <label for={`${props.id}-unit`}>{t(page.lang, 'console.unit')}</label>
        <select id={`${props.id}-unit`} name="orgUnitId">
          {units.map((unit) => (
            <option value={unit.id}>
              {levelName(unit.level)} · {nameIn(page.lang, unit)} ({unit.code})
            </option>
          ))}
        </select>
      </div>
    </>
  );
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
            {people.map(({ user, grants }) => (
              <tr>
                <td data-label={t(page.lang, 'console.displayName')}>{user.displayName}</td>
                <td data-label={t(page.lang, 'console.email')}>{user.email}</td>
                <td data-label={t(page.lang, 'console.roles')}>
                  <ul>
                    {grants.map((grant) => (
                      <li>
                        {say(page.lang, `role.${grant.role as TenantRole}`) ?? grant.role} ·{' '}
                        {unitName(grant.orgUnitId)}{' '}
                        <form
                          method="post"
                          action={`/admin/users/${user.id}/roles/${grant.id}/revoke`}
                          class="inline"
                        >
                          <button
                            type="submit"
                            class="secondary"
                            aria-label={`${t(page.lang, 'console.revokeRole')} ${user.displayName} ${say(page.lang, `role.${grant.role as TenantRole}`) ?? grant.role}`}
                          >
                            {t(page.lang, 'console.revokeRole')}
                          </button>
                        </form>
                      </li>
                    ))}
                  </ul>
                  <details open={problem?.form === `password-${user.id}`}>
                    <summary>{t(page.lang, 'console.setPassword')}</summary>
                    <form method="post" action={`/admin/users/${user.id}/password`} class="stack">
                      <ErrorSummary
                        lang={page.lang}
                        names={names}
                        issues={problem?.form === `password-${user.id}` ? problem.issues : []}
                      />
                      <div>
                        <label for={`password-${user.id}`}>{t(page.lang, 'console.newPassword')}</label>
                        <input
                          id={`password-${user.id}`}
                          type="password"
                          name="password"
                          required
                          autocomplete="new-password"
                        />
                      </div>
                      <div>
                        <button type="submit">{t(page.lang, 'console.setPassword')}</button>
                      </div>
                    </form>
                  </details>
                  <details open={problem?.form === user.id}>
                    <summary>{t(page.lang, 'console.grantRole')}</summary>
                    <form method="post" action={`/admin/users/${user.id}/roles`} class="stack">
                      <ErrorSummary
                        lang={page.lang}
                        names={names}
                        issues={problem?.form === user.id ? problem.issues : []}
                      />
                      <RoleAndUnit id={`grant-${user.id}`} />
                      <div>
                        <button type="submit">{t(page.lang, 'console.grantRole')}</button>
                      </div>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(page.lang, 'console.newUser')}</h2>
      <ErrorSummary lang={page.lang} issues={problem?.form === 'new' ? problem.issues : []} names={names} />
      <form method="post" action="/admin/users" class="stack">
        <div>
          <label for="new-email">{t(page.lang, 'console.email')}</label>
          <input id="new-email" type="email" name="email" required />
        </div>
        <div>
          <label for="new-name">{t(page.lang, 'console.displayName')}</label>
          <input id="new-name" type="text" name="displayName" required />
        </div>
        <div>
          <label for="new-password">{t(page.lang, 'console.initialPassword')}</label>
          <input id="new-password" type="password" name="password" autocomplete="new-password" />
        </div>
        <RoleAndUnit id="new" />
        <div>
          <button type="submit">{t(page.lang, 'console.create')}</button>
        </div>
      </form>
    </ConsoleLayout>,
    problem ? (problem.status ?? 422) : 200,
  );
}

export function registerPeoplePages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/users', { action: 'users.manage' }, (c) => renderUsers(c));

  pages.post('/admin/users', { action: 'users.manage' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const role = text(form, 'role') as TenantRole;
    const orgUnitId = text(form, 'orgUnitId');
    try {
      await createUser(ctx, {
        email: text(form, 'email'),
        displayName: text(form, 'displayName'),
        password: typeof form.password === 'string' && form.password !== '' ? form.password : undefined,
        roles: role && orgUnitId ? [{ role, orgUnitId }] : [],
      });
    } catch (error) {
      const issues = formProblem(error);
      if (issues) return renderUsers(c, { form: 'new', issues });
      throw error;
    }
    return c.redirect('/admin/users', 303);
  });

  pages.post('/admin/users/:id/roles', { action: 'roles.grant' }, async (c) => {
    const form = await formOf(c);
    const ctx = await cityContext(c);
    const userId = c.req.param('id') ?? '';
    const orgUnitId = text(form, 'orgUnitId');
    const role = text(form, 'role');
    const issues: FieldIssue[] = [];
    if (!(TENANT_ROLES as readonly string[]).includes(role))
      issues.push(formIssue('role', 'form.unknown_role'));
    if (!isUuid(orgUnitId)) issues.push(formIssue('orgUnitId', 'form.choose_unit'));
    if (!isUuid(userId))
      return renderUsers(c, { form: 'page', issues: [formIssue('user', 'form.unknown_person')] });
    if (issues.length > 0) return renderUsers(c, { form: userId, issues });
    try {
      await grantRole(ctx, userId, { role: role as TenantRole, orgUnitId });
    } catch (error) {
      const problem = formProblem(error);
      if (problem) return renderUsers(c, { form: userId, issues: problem });
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
