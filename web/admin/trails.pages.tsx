import { auditActorNames, readAuditTrail, verifyAuditTrail } from '../../functions/audit/audit-trail.service';
import { recentAccessLog } from '../../functions/sharing/registry/access.service';
import { cityContext, pageContext } from './console-context';
import { auditActionName, cm } from './console-i18n';
import { ConsoleLayout } from './console-layout';
import type { consolePages } from './console-route';
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
    const m = cm(page.lang);
    const ctx = await cityContext(c);
    const events = await readAuditTrail(ctx, { before: before(c.req.query('before')), limit: PAGE });
    const verification = c.req.query('verify') === '1' ? await verifyAuditTrail(ctx) : undefined;
    const last = events.at(-1);
    const names = await auditActorNames(ctx, events);
    const who = (event: { actorKind: string; actorId: string }) =>
      names.get(event.actorId) ??
      (event.actorKind === 'platform'
        ? m.roleNames.platform_administrator
        : event.actorKind === 'system'
          ? m.system
          : `${event.actorKind}:${event.actorId}`);
    return c.html(
      <ConsoleLayout {...page} title={m.audit}>
        <h1>{m.audit}</h1>
        <p class="muted">{m.readOnly}</p>
        {!verification ? (
          <p>
            <a href="/admin/audit?verify=1">{m.verifyChain}</a>
          </p>
        ) : verification.ok ? (
          <p class="notice" role="status">
            {m.chainOk(verification.events)}
          </p>
        ) : (
          <div class="error-summary" role="alert">
            <p>{m.chainBroken}</p>
            <ul>
              {verification.problems.map((problem) => (
                <li>
                  #{problem.seq}: {problem.problem}
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
                <th scope="col">{m.when}</th>
                <th scope="col">{m.actor}</th>
                <th scope="col">{m.action}</th>
                <th scope="col">{m.target}</th>
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
            <a href={`/admin/audit?before=${last.seq}`}>{m.olderEntries}</a>
          </p>
        ) : null}
      </ConsoleLayout>,
    );
  });

  pages.get('/admin/access-log', { action: 'access_log.read' }, async (c) => {
    const page = await pageContext(c);
    const m = cm(page.lang);
    const ctx = await cityContext(c);
    const rows = await recentAccessLog(ctx, { before: before(c.req.query('before')), limit: PAGE });
    const last = rows.at(-1);
    return c.html(
      <ConsoleLayout {...page} title={m.accessLog}>
        <h1>{m.accessLog}</h1>
        <p class="muted">{m.readOnly}</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.when}</th>
                <th scope="col">{m.department}</th>
                <th scope="col">{m.resident}</th>
                <th scope="col">{m.fields}</th>
                <th scope="col">{m.purpose}</th>
                <th scope="col">{m.operation}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entry, departmentZh, departmentEn }) => (
                <tr>
                  <td>
                    <CityTime value={entry.occurredAt} zone={ctx.tenant.timezone} precision="second" />
                  </td>
                  <td>
                    {(page.lang === 'en' ? departmentEn : departmentZh) ??
                      `${entry.actorKind}:${entry.actorId}`}
                  </td>
                  <td>
                    <code>{entry.residentId}</code>
                  </td>
                  <td>{entry.fields.join(', ')}</td>
                  <td>{entry.purpose}</td>
                  <td>
                    {entry.operation}
                    {entry.unmaskedIdNumber ? ` (${m.unmasked})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 ? <p>{m.none}</p> : null}
        {last && rows.length === PAGE ? (
          <p>
            <a href={`/admin/access-log?before=${last.entry.seq}`}>{m.olderEntries}</a>
          </p>
        ) : null}
      </ConsoleLayout>,
    );
  });
}
