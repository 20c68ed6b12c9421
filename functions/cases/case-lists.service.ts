import { sql } from 'drizzle-orm';
import { CASE_STATUSES, type CaseStatus } from '../../schema';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { actsOnEveryCity } from '../auth/principal';
import { ROLE_ACTIONS, SCOPE_ACTIONS } from '../auth/roles';
import { withTenant } from '../platform/db';
import { awaitingCondition, requireCity, visibleCaseIds } from './case-access';
import type { CaseRow } from './case-steps';

export interface CaseQuery {
  /** `todo`: what waits for the actor; `all`: every case they may read. */
  box: 'todo' | 'all';
  status?: CaseStatus | undefined;
  limit: number;
  offset: number;
}

function mayReadCases(ctx: ServiceContext): boolean {
  if (actsOnEveryCity(ctx.actor)) return true;
  if (ctx.actor.kind === 'api_client')
    return ctx.actor.scopes.some((scope) => SCOPE_ACTIONS[scope]?.includes('cases.read'));
  return ctx.actor.grants.some((grant) => ROLE_ACTIONS[grant.role]?.includes('cases.read'));
}

/**
 * An inbox: the cases the actor may read (or that wait for them), the most urgent clock first,
 * then the newest. Counts by status come with it for the tabs.
 */
export async function listCases(ctx: ServiceContext, query: CaseQuery) {
  requireCity(ctx);
  if (!mayReadCases(ctx)) throw authErrors.forbidden('cases.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const visible = await visibleCaseIds(tx, ctx.actor, ctx.tenant.id);
    const scope = query.box === 'todo' ? awaitingCondition(ctx.actor) : sql`true`;
    const status =
      query.status && CASE_STATUSES.includes(query.status) ? sql`and c.status = ${query.status}` : sql``;
    const rows = await tx.execute(sql`
      select c.id from cases c
      where c.tenant_id = ${ctx.tenant.id} and c.id in (${visible}) and ${scope} ${status}
      order by c.stage_due_at asc nulls last, c.created_at desc, c.id
      limit ${query.limit + 1} offset ${query.offset}`);
    const ids = (rows as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
    const more = ids.length > query.limit;
    const page = ids.slice(0, query.limit);
    const found =
      page.length === 0
        ? []
        : await tx.query.cases.findMany({ where: (c, { inArray }) => inArray(c.id, page) });
    const byId = new Map(found.map((row) => [row.id, row as CaseRow]));
    const counted = await tx.execute(sql`
      select c.status, count(*)::int as n from cases c
      where c.tenant_id = ${ctx.tenant.id} and c.id in (${visible}) and ${scope} group by c.status`);
    const counts = Object.fromEntries(
      (counted as unknown as { rows: { status: string; n: number }[] }).rows.map((row) => [
        row.status,
        row.n,
      ]),
    );
    return {
      items: page.flatMap((id) => (byId.get(id) ? [byId.get(id) as CaseRow] : [])),
      counts,
      nextOffset: more ? query.offset + query.limit : null,
    };
  });
}
