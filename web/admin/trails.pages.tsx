import { auditActorNames, readAuditTrail, verifyAuditTrail } from '../../functions/audit/audit-trail.service';
import { recentAccessLog } from '../../functions/sharing/registry/access.service';
import { nameIn, problemText, t } from '../i18n/index';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import type { consolePages } from './console-route';
import { auditActionName } from './console-text';
import { CityTime } from './console-time';

const PAGE = 50;

function before(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
}

/** Read-only pages: nothing here changes anything, so an auditor can use them all. */
export function registerTrailPages(pages: ReturnType<typeof consolePages>) {
  pages.get('/admin/audit', { action: 'audit.read' }, async (c) => {
    const page = await pageContext(c);
    const ctx = await cityContext(c);
    const events = await readAuditTrail(ctx, { before: before(c.req.query('before')), limit: PAGE });
    const verification = c.req.query('verify') === '1' ? await verifyAuditTrail(ctx) : undefined;
    const last = events.at(-1);
    const names = await auditActorNames(ctx, events);
    const who = (event: { actorKind: string; actorId: string }) =>
      names.get(event.actorId) ??
      (event.actorKind === 'platform'
        ? t(page.lang, 'role.platform_administrator')
        : event.actorKind === 'system'
          ? t(page.lang, 'console.system')
          : `${event.actorKind}:${event.actorId}`);
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.audit')}>
        <h1>{t(page.lang, 'console.audit')}</h1>
        <p class="muted">{t(page.lang, 'console.readOnly')}</p>
        {!verification ? (
          <p>
            <a href="/admin/audit?verify=1">{t(page.lang, 'console.verifyChain')}</a>
          </p>
        ) : verification.ok ? (
          <p class="notice" role="status">
            {t(page.lang, 'console.chainOk', { n: verification.events })}
          </p>
        ) : (
          <div class="error-summary" role="alert">
            <p>{t(page.lang, 'console.chainBroken')}</p>
            <ul>
              {verification.problems.map((problem) => (
                <li>
                  #{problem.seq}
                  {t(page.lang, 'console.colon')}
                  <span data-code={problem.code}>
                    {problemText(page.lang, { ...problem, message: problem.problem })}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t(page.lang, 'console.when')}</th>
                <th scope="col">{t(page.lang, 'console.actor')}</th>
                <th scope="col">{t(page.lang, 'console.action')}</th>
                <th scope="col">{t(page.lang, 'console.target')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr>
                  <td>{event.seq}</td>
                  <td>
                    <CityTime value={event.occurredAt} zone={ctx.tenant.timezone} precision="second" />
                  </td>
                  <td>{who(event)}</td>
                  <td>
                    <span title={event.action}>{auditActionName(page.lang, event.action)}</span>
                  </td>
                  <td>
                    {event.targetType} {event.targetId}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {last && last.seq > 1 && events.length === PAGE ? (
          <p>
            <a href={`/admin/audit?before=${last.seq}`}>{t(page.lang, 'console.olderEntries')}</a>
          </p>
        ) : null}
      </ConsoleLayout>,
    );
  });

  pages.get('/admin/access-log', { action: 'access_log.read' }, async (c) => {
    const page = await pageContext(c);
    const ctx = await cityContext(c);
    const rows = await recentAccessLog(ctx, { before: before(c.req.query('before')), limit: PAGE });
    const last = rows.at(-1);
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.accessLog')}>
        <h1>{t(page.lang, 'console.accessLog')}</h1>
        <p class="muted">{t(page.lang, 'console.readOnly')}</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(page.lang, 'console.when')}</th>
                <th scope="col">{t(page.lang, 'console.department')}</th>
                <th scope="col">{t(page.lang, 'console.resident')}</th>
                <th scope="col">{t(page.lang, 'console.fields')}</th>
                <th scope="col">{t(page.lang, 'console.purpose')}</th>
                <th scope="col">{t(page.lang, 'console.operation')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entry, departmentZh, departmentEn }) => (
                <tr>
                  <td>
                    <CityTime value={entry.occurredAt} zone={ctx.tenant.timezone} precision="second" />
                  </td>
                  <td>
                    {nameIn(page.lang, { departmentZh, departmentEn }, 'department') ??
                      `${entry.actorKind}:${entry.actorId}`}
                  </td>
                  <td>
                    <code>{entry.residentId}</code>
                  </td>
                  <td>{entry.fields.join(', ')}</td>
                  <td>{entry.purpose}</td>
                  <td>
                    {entry.operation}
                    {entry.unmaskedIdNumber ? ` (${t(page.lang, 'console.unmasked')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 ? <p>{t(page.lang, 'console.none')}</p> : null}
        {last && rows.length === PAGE ? (
          <p>
            <a href={`/admin/access-log?before=${last.entry.seq}`}>{t(page.lang, 'console.olderEntries')}</a>
          </p>
        ) : null}
      </ConsoleLayout>,
    );
  });
}
