import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { withTenant } from '../../functions/platform/db';
import type { FieldIssue } from '../../functions/platform/errors';
import { loadCatalog } from '../../functions/sharing/catalog/catalog.service';
import {
  decideGrant,
  type GrantRow,
  listGrants,
  REASON_MAX,
} from '../../functions/sharing/grants/grants.service';
import { sharingErrors } from '../../functions/sharing/sharing.errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { cityContext, pageContext } from './console-context';
import { cm } from './console-i18n';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, isAppError, text } from './console-route';
import { CityTime } from './console-time';

const DAY_MS = 24 * 3600 * 1000;

async function renderQueue(
  c: Context<AppEnv>,
  problem?: { grantId: string; issues: FieldIssue[]; message: string },
) {
  const page = await pageContext(c);
  const m = cm(page.lang);
  const ctx = await cityContext(c);
  const grants = await listGrants(ctx);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const catalog = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    loadCatalog(tx, ctx.tenant.id),
  );
  const fieldName = (qualified: string) =>
    catalog.find((field) => field.qualified === qualified)?.name[page.lang];
  const departmentName = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? (page.lang === 'en' ? department.nameEn : department.nameZh) : id;
  };
  const pending = grants.filter((grant) => grant.status === 'pending');
  const decided = grants.filter((grant) => grant.status !== 'pending');
  const now = ctx.now().getTime();
  const Row = (props: { grant: GrantRow }) => {
    const grant = props.grant;
    const left = Math.ceil((grant.replyBy.getTime() - now) / DAY_MS);
    const failed = problem?.grantId === grant.id;
    return (
      <article class="card" aria-labelledby={`grant-${grant.id}`}>
        <h3 id={`grant-${grant.id}`}>{departmentName(grant.departmentId)}</h3>
        <dl>
          <dt>{m.fields}</dt>
          <dd>
            <ul>
              {grant.fields.map((field) => (
                <li>
                  {fieldName(field) ?? ''} <code>{field}</code>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{m.purpose}</dt>
          <dd>{grant.purpose}</dd>
          <dt>{m.legalBasis}</dt>
          <dd>{grant.legalBasis}</dd>
          <dt>{m.validity}</dt>
          <dd>
            {grant.validFrom} – {grant.validTo}
          </dd>
          <dt>{m.deadline}</dt>
          <dd>
            <CityTime value={grant.replyBy} zone={ctx.tenant.timezone} />{' '}
            {left < 0 ? <span class="overdue">{m.overdue}</span> : <span>{m.paren(m.daysLeft(left))}</span>}
          </dd>
          <dt>{m.status}</dt>
          <dd>
            {m.pending}
            {grant.ownerApprovedAt ? `${m.semicolon}${m.ownerApproved}` : ''}
            {grant.cityApprovedAt ? `${m.semicolon}${m.cityApproved}` : ''}
          </dd>
        </dl>
        {failed ? <ErrorSummary lang={page.lang} issues={problem.issues} message={problem.message} /> : null}
        <form method="post" action={`/admin/grants/${grant.id}/decision`} class="stack">
          <input type="hidden" name="decision" value="approve" />
          <button type="submit">{m.approve}</button>
        </form>
        <form method="post" action={`/admin/grants/${grant.id}/decision`} class="stack">
          <input type="hidden" name="decision" value="refuse" />
          <div>
            <label for={`reason-${grant.id}`}>{m.reason}</label>
            <textarea
              id={`reason-${grant.id}`}
              name="reason"
              rows={2}
              maxlength={REASON_MAX}
              aria-invalid={failed ? 'true' : undefined}
            ></textarea>
          </div>
          <div>
            <button type="submit" class="danger">
              {m.refuse}
            </button>
          </div>
        </form>
      </article>
    );
  };
  return c.html(
    <ConsoleLayout {...page} title={m.grants}>
      <h1>{m.grants}</h1>
      {/* A problem with a grant that has no card here (unknown, or no longer pending) is shown on top. */}
      {problem && !pending.some((grant) => grant.id === problem.grantId) ? (
        <ErrorSummary lang={page.lang} issues={problem.issues} message={problem.message} />
      ) : null}
      <h2>
        {m.pending}
        {m.paren(pending.length)}
      </h2>
      {pending.length === 0 ? <p>{m.none}</p> : pending.map((grant) => <Row grant={grant} />)}
      <h2>{m.decided}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.department}</th>
              <th scope="col">{m.fields}</th>
              <th scope="col">{m.purpose}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.reason}</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((grant) => (
              <tr>
                <td>{departmentName(grant.departmentId)}</td>
                <td>{grant.fields.join(', ')}</td>
                <td>{grant.purpose}</td>
                <td>{m[grant.status as 'approved' | 'refused' | 'revoked'] ?? grant.status}</td>
                <td>{grant.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
        issues: [{ path: 'decision', message: 'approve or refuse' }],
        message: 'The decision is missing.',
      });
    }
    try {
      await decideGrant(ctx, grantId, {
        approve: decision === 'approve',
        reason: text(form, 'reason') || undefined,
      });
    } catch (error) {
      if (isAppError(error, 422))
        return renderQueue(c, { grantId, issues: error.details ?? [], message: error.message });
      throw error;
    }
    return c.redirect('/admin/grants', 303);
  });
}
