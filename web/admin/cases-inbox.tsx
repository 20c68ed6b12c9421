import type { Context } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { listCases } from '../../functions/cases/case-lists.service';
import type { CaseRow } from '../../functions/cases/case-steps';
import { CASE_STATUSES, type CaseStatus } from '../../schema';
import { type Lang, say, t } from '../i18n';
import { CaseCounts, type CaseNames, ClockLine, caseNames, StatusBadge } from './cases-view';
import { cityContext, pageContext } from './console-context';
import { ConsoleLayout } from './console-layout';
import { mayEver } from './console-route';

const PAGE = 50;

type Box = 'todo' | 'all';

/** The inbox's address with its choices (a missing one is left out). */
function inboxHref(box: Box, status?: string, offset?: number): string {
  const query = new URLSearchParams({ box });
  if (status) query.set('status', status);
  if (offset) query.set('offset', String(offset));
  return `/admin/cases?${query.toString()}`;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

function Tabs(props: { lang: Lang; box: Box; totals: Record<Box, number> }) {
  return (
    <nav class="tabs" aria-label={t(props.lang, 'cases.tabs')}>
      {(['todo', 'all'] as const).map((box) => (
        <a href={inboxHref(box)} aria-current={box === props.box ? 'page' : undefined}>
          {t(props.lang, box === 'todo' ? 'cases.todo' : 'cases.all')}{' '}
          <span class="count">{props.totals[box]}</span>
        </a>
      ))}
    </nav>
  );
}

function StatusFilter(props: {
  lang: Lang;
  box: Box;
  status?: string | undefined;
  counts: Record<string, number>;
}) {
  const present = CASE_STATUSES.filter((status) => (props.counts[status] ?? 0) > 0);
  return (
    <nav class="filters" aria-label={t(props.lang, 'cases.byStatus')}>
      <a href={inboxHref(props.box)} aria-current={props.status ? undefined : 'true'}>
        {t(props.lang, 'cases.allStatuses')} <span class="count">{total(props.counts)}</span>
      </a>
      {present.map((status) => (
        <a
          href={inboxHref(props.box, status)}
          aria-current={status === props.status ? 'true' : undefined}
          data-status={status}
        >
          {say(props.lang, `cases.status.${status}`)} <span class="count">{props.counts[status]}</span>
        </a>
      ))}
    </nav>
  );
}

function CaseCard(props: { lang: Lang; row: CaseRow; names: CaseNames; zone: string }) {
  const row = props.row;
  return (
    <li class="card case-card" data-case={row.number}>
      <p class="case-head">
        <span class="case-number">{row.number}</span> <StatusBadge lang={props.lang} status={row.status} />
        {row.sample ? <span class="badge">{t(props.lang, 'cases.sample')}</span> : null}
      </p>
      <h2>
        <a href={`/admin/cases/${row.id}`}>{row.title}</a>
      </h2>
      <p class="muted">
        {props.names.category(row.categoryId)} · {props.names.unit(row.orgUnitId)}
      </p>
      <p>
        <ClockLine lang={props.lang} row={row} zone={props.zone} />
      </p>
      {row.escalations + row.sentBack > 0 ? (
        <p>
          <CaseCounts lang={props.lang} row={row} />
        </p>
      ) : null}
    </li>
  );
}

/** /admin/cases: what waits for the person (待办) or all they may read, the most urgent clock first. */
export async function renderInbox(c: Context<AppEnv>) {
  const page = await pageContext(c);
  const ctx = await cityContext(c);
  const box: Box = c.req.query('box') === 'all' ? 'all' : 'todo';
  const asked = c.req.query('status');
  const status = CASE_STATUSES.includes(asked as CaseStatus) ? (asked as CaseStatus) : undefined;
  const offset = Math.min(Math.max(Number.parseInt(c.req.query('offset') ?? '0', 10) || 0, 0), 100_000);
  const list = await listCases(ctx, { box, status, limit: PAGE, offset });
  const other = await listCases(ctx, { box: box === 'todo' ? 'all' : 'todo', limit: 1, offset: 0 });
  const totals = {
    [box]: total(list.counts),
    [box === 'todo' ? 'all' : 'todo']: total(other.counts),
  } as Record<Box, number>;
  const names = await caseNames(
    ctx,
    page.lang,
    list.items.map((row) => row.orgUnitId),
  );
  return c.html(
    <ConsoleLayout {...page} title={t(page.lang, 'cases.menu')}>
      <h1>{t(page.lang, 'cases.menu')}</h1>
      {mayEver(ctx.actor, 'cases.report') ? (
        <p>
          <a class="button" href="/admin/new-case">
            {t(page.lang, 'cases.collect')}
          </a>
        </p>
      ) : null}
      <Tabs lang={page.lang} box={box} totals={totals} />
      <StatusFilter lang={page.lang} box={box} status={status} counts={list.counts} />
      {list.items.length === 0 ? <p>{t(page.lang, 'cases.none')}</p> : null}
      <ul class="case-list">
        {list.items.map((row) => (
          <CaseCard lang={page.lang} row={row} names={names} zone={ctx.tenant.timezone} />
        ))}
      </ul>
      {list.nextOffset === null ? null : (
        <p>
          <a class="button secondary" href={inboxHref(box, status, list.nextOffset)}>
            {t(page.lang, 'cases.nextPage')}
          </a>
        </p>
      )}
    </ConsoleLayout>,
  );
}
