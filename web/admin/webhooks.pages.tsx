import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../functions/auth/app-env';
import { stampIn } from '../../functions/platform/dates';
import type { FieldIssue } from '../../functions/platform/errors';
import { isUuid } from '../../functions/platform/ids';
import { issuesFromZod } from '../../functions/platform/zod-issues';
import {
  deliveriesOf,
  listSubscriptions,
  replaySubscription,
} from '../../functions/sharing/feed/webhooks.service';
import { sharingErrors } from '../../functions/sharing/sharing.errors';
import { listDepartments } from '../../functions/tenants/departments.service';
import { type Lang, nameIn, say, t } from '../i18n';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout, ErrorSummary } from './console-layout';
import { type consolePages, formOf, text } from './console-route';
import { CityTime } from './console-time';

const PAGE = '/admin/webhooks';
const STATUSES = ['pending', 'delivered', 'dead'] as const;
type DeliveryStatus = (typeof STATUSES)[number];
type Entry = Awaited<ReturnType<typeof listSubscriptions>>[number];

/** The replay form's one field, as the API's body says it. */
const ReplayBody = z.object({ after: z.number().int().min(0) }).strict();

/** A subscription's state: disabled, failing since when (and the next attempt), or healthy. */
function State(props: { lang: Lang; zone: string; subscription: Entry['subscription'] }) {
  const { lang, subscription } = props;
  const stamp = (value: Date) => {
    const { text: when, zone } = stampIn(props.zone, value);
    return `${when} ${zone}`;
  };
  if (subscription.status === 'disabled') return <>{t(lang, 'webhooksPage.disabled')}</>;
  if (!subscription.failingSince) return <>{t(lang, 'webhooksPage.healthy')}</>;
  return (
    <span class="overdue" data-failing-since={subscription.failingSince.toISOString()}>
      {t(lang, 'webhooksPage.failing', { since: stamp(subscription.failingSince) })}
      {subscription.retryAt
        ? `${t(lang, 'console.semicolon')}${t(lang, 'webhooksPage.retryAt', { at: stamp(subscription.retryAt) })}`
        : ''}
    </span>
  );
}

/** Every department's subscriptions with their state and delivery counts. */
async function renderList(c: Context<AppEnv>) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const lang = page.lang;
  const entries = await listSubscriptions(ctx);
  const departments = await listDepartments(ctx.db, ctx.tenant.id);
  const departmentName = (id: string) => {
    const department = departments.find((row) => row.id === id);
    return department ? nameIn(lang, department) : id;
  };
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'webhooksPage.menu')}>
      <h1>{t(lang, 'webhooksPage.menu')}</h1>
      <p class="hint">{t(lang, 'webhooksPage.hint')}</p>
      {entries.length === 0 ? (
        <p>{t(lang, 'webhooksPage.none')}</p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t(lang, 'console.department')}</th>
                <th scope="col">{t(lang, 'webhooksPage.url')}</th>
                <th scope="col">{t(lang, 'webhooksPage.state')}</th>
                <th scope="col">{t(lang, 'webhooksPage.counts')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ subscription, deliveries }) => (
                <tr data-webhook={subscription.id}>
                  <td>{departmentName(subscription.departmentId)}</td>
                  <td>
                    <code>{subscription.url}</code>
                    <br />
                    <a href={`${PAGE}/${subscription.id}`}>{t(lang, 'webhooksPage.deliveries')}</a>
                  </td>
                  <td>
                    <State lang={lang} zone={ctx.tenant.timezone} subscription={subscription} />
                  </td>
                  <td>
                    {STATUSES.map((status) => (
                      <span data-count={status}>
                        {say(lang, `deliveryStatus.${status}`)} {deliveries[status] ?? 0}{' '}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ConsoleLayout>,
  );
}

/** One subscription's recent deliveries (newest first, filtered by status) and the replay form. */
async function renderDeliveries(c: Context<AppEnv>, problem?: { issues: FieldIssue[]; after: string }) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const lang = page.lang;
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw sharingErrors.webhookNotFound();
  const wanted = c.req.query('status');
  const status = STATUSES.find((candidate) => candidate === wanted) as DeliveryStatus | undefined;
  const rows = await deliveriesOf(ctx, id, status, { newestFirst: true });
  const entry = (await listSubscriptions(ctx)).find((row) => row.subscription.id === id);
  const url = entry?.subscription.url ?? id;
  const replayed = c.req.query('replayed');
  const firstDead = rows.filter((row) => row.status === 'dead').at(-1);
  const suggested = problem?.after ?? String(firstDead ? firstDead.eventSeq - 1 : 0);
  return c.html(
    <ConsoleLayout {...page} title={t(lang, 'webhooksPage.deliveriesTitle', { url })}>
      <h1>{t(lang, 'webhooksPage.deliveriesTitle', { url })}</h1>
      {replayed ? (
        <p role="status" class="notice">
          {t(lang, 'webhooksPage.replayed', { after: Number(replayed) })}
        </p>
      ) : null}
      <p>
        <a href={PAGE}>{t(lang, 'console.back')}</a> ·{' '}
        <a href={`${PAGE}/${id}`} aria-current={status ? undefined : 'page'}>
          {t(lang, 'webhooksPage.all')}
        </a>
        {STATUSES.map((candidate) => (
          <>
            {' · '}
            <a
              href={`${PAGE}/${id}?status=${candidate}`}
              aria-current={candidate === status ? 'page' : undefined}
            >
              {say(lang, `deliveryStatus.${candidate}`)}
            </a>
          </>
        ))}
      </p>
      <form method="post" action={`${PAGE}/${id}/replay`} class="stack">
        <ErrorSummary
          lang={lang}
          issues={problem?.issues ?? []}
          labels={{ after: t(lang, 'webhooksPage.replayAfter') }}
        />
        <div>
          <label for="after">{t(lang, 'webhooksPage.replayAfter')}</label>
          <input
            id="after"
            type="number"
            name="after"
            min={0}
            value={suggested}
            aria-invalid={problem ? 'true' : undefined}
          />
        </div>
        <div>
          <button type="submit">{t(lang, 'webhooksPage.replay')}</button>
        </div>
      </form>
      <div class="table-scroll" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'webhooksPage.seq')}</th>
              <th scope="col">{t(lang, 'console.status')}</th>
              <th scope="col">{t(lang, 'webhooksPage.attempts')}</th>
              <th scope="col">{t(lang, 'webhooksPage.next')}</th>
              <th scope="col">{t(lang, 'webhooksPage.deliveredAt')}</th>
              <th scope="col">{t(lang, 'webhooksPage.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 100).map((row) => (
              <tr data-delivery={row.eventSeq} data-status={row.status}>
                <td>{row.eventSeq}</td>
                <td>{say(lang, `deliveryStatus.${row.status}`)}</td>
                <td>{row.attempts}</td>
                <td>
                  {row.status === 'pending' ? (
                    <CityTime value={row.nextAttemptAt} zone={ctx.tenant.timezone} />
                  ) : (
                    ''
                  )}
                </td>
                <td>
                  {row.deliveredAt ? <CityTime value={row.deliveredAt} zone={ctx.tenant.timezone} /> : ''}
                </td>
                <td>{row.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ConsoleLayout>,
    problem ? 422 : 200,
  );
}

async function replay(c: Context<AppEnv>) {
  const form = await formOf(c);
  const ctx = await cityContext(c);
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw sharingErrors.webhookNotFound();
  const raw = text(form, 'after');
  const input = { after: raw === '' ? undefined : Number(raw) };
  const parsed = ReplayBody.safeParse(input);
  if (!parsed.success)
    return renderDeliveries(c, { issues: issuesFromZod(parsed.error.issues, { input }), after: raw });
  await replaySubscription(ctx, id, parsed.data.after);
  return c.redirect(`${PAGE}/${id}?replayed=${parsed.data.after}`, 303);
}

export function registerWebhookPages(pages: ReturnType<typeof consolePages>) {
  pages.get(PAGE, { action: 'webhooks.manage' }, renderList);
  pages.get(`${PAGE}/:id`, { action: 'webhooks.manage' }, (c) => renderDeliveries(c));
  pages.post(`${PAGE}/:id/replay`, { action: 'webhooks.manage' }, replay);
}
