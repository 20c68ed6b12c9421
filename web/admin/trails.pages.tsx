import { auditActorNames, readAuditTrail, verifyAuditTrail } from '../../functions/audit/audit-trail.service';
import { recentAccessLog } from '../../functions/sharing/registry/access.service';
import { type Lang, nameIn, problemText, t } from '../i18n/index';
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

/** The chain check: a link to run it, its success, or each broken link it found. */
function ChainCheck(props: {
  lang: Lang;
  verification: Awaited<ReturnType<typeof verifyAuditTrail>> | undefined;
}) {
  const { lang, verification } = props;
  if (!verification)
    return (
      <p>
        <a href="/admin/audit?verify=1">{t(lang, 'console.verifyChain')}</a>
      </p>
    );
  if (verification.ok)
    return (
      <p class="notice" role="status">
        {t(lang, 'console.chainOk', { n: verification.events })}
      </p>
    );
  return (
    <div class="error-summary" role="alert">
      <p>{t(lang, 'console.chainBroken')}</p>
      <ul>
        {verification.problems.map((problem) => (
          <li>
            #{problem.seq}
            {t(lang, 'console.colon')}
            <span data-code={problem.code}>
              {problemText(lang, { ...problem, message: problem.problem })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A page of the audit trail, newest first, each event with its actor named where we can. */
function AuditTable(props: {
  lang: Lang;
  zone: string;
  events: Awaited<ReturnType<typeof readAuditTrail>>;
  names: Awaited<ReturnType<typeof auditActorNames>>;
}) {
  const { lang } = props;
  const who = (event: { actorKind: string; actorId: string }) =>
    props.names.get(event.actorId) ??
    (event.actorKind === 'platform'
      ? t(lang, 'role.platform_administrator')
      : event.actorKind === 'system'
        ? t(lang, 'console.system')
        : `${event.actorKind}:${event.actorId}`);
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t(lang, 'console.when')}</th>
            <th scope="col">{t(lang, 'console.actor')}</th>
            <th scope="col">{t(lang, 'console.action')}</th>
            <th scope="col">{t(lang, 'console.target')}</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr>
              <td>{event.seq}</td>
              <td>
                <CityTime value={event.occurredAt} zone={props.zone} precision="second" />
              </td>
              <td>{who(event)}</td>
              <td>
                <span title={event.action}>{auditActionName(lang, event.action)}</span>
              </td>
              <td>
                {event.targetType} {event.targetId}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A page of the access log: who read which resident's fields, for what, newest first. */
function AccessLogTable(props: {
  lang: Lang;
  zone: string;
  rows: Awaited<ReturnType<typeof recentAccessLog>>;
}) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'console.when')}</th>
            <th scope="col">{t(lang, 'console.department')}</th>
            <th scope="col">{t(lang, 'console.resident')}</th>
            <th scope="col">{t(lang, 'console.fields')}</th>
            <th scope="col">{t(lang, 'console.purpose')}</th>
            <th scope="col">{t(lang, 'console.operation')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ entry, departmentZh, departmentEn }) => (
            <tr>
              <td>
                <CityTime value={entry.occurredAt} zone={props.zone} precision="second" />
              </td>
              <td>
                {nameIn(lang, { departmentZh, departmentEn }, 'department') ??
                  `${entry.actorKind}:${entry.actorId}`}
              </td>
              <td>
                <code>{entry.residentId}</code>
              </td>
              <td>{entry.fields.join(', ')}</td>
              <td>{entry.purpose}</td>
              <td>
                {entry.operation}
                {entry.unmaskedIdNumber ? ` (${t(lang, 'console.unmasked')})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
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
    return c.html(
      <ConsoleLayout {...page} title={t(page.lang, 'console.audit')}>
        <h1>{t(page.lang, 'console.audit')}</h1>
        <p class="muted">{t(page.lang, 'console.readOnly')}</p>
        <ChainCheck lang={page.lang} verification={verification} />
        <AuditTable lang={page.lang} zone={ctx.tenant.timezone} events={events} names={names} />
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
        <AccessLogTable lang={page.lang} zone={ctx.tenant.timezone} rows={rows} />
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
