import { and, eq } from 'drizzle-orm';
import { evaluationCampaigns } from '../../schema';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { actsOnEveryCity } from '../auth/principal';
import { type Action, ROLE_ACTIONS } from '../auth/roles';
import { holdsOverUnit } from '../cases/case-access';
import type { Executor, Transaction } from '../platform/db';
import { evaluationErrors } from './evaluation.errors';

export type CampaignRow = typeof evaluationCampaigns.$inferSelect;

/** Whether the actor holds `action` somewhere in the city (a unit grant or a department officer's). */
export function holdsAnywhere(ctx: Pick<ServiceContext, 'actor'>, action: Action): boolean {
  if (actsOnEveryCity(ctx.actor)) return true;
  if (ctx.actor.kind !== 'user') return false;
  return ctx.actor.grants.some((grant) => ROLE_ACTIONS[grant.role]?.includes(action));
}

/** The actor holds `action` over the city's root unit (a city administrator), or refuses. */
export async function requireOverCity(tx: Executor, ctx: ServiceContext, action: Action, rootId: string) {
  if (!(await holdsOverUnit(tx, ctx, action, rootId))) throw authErrors.forbidden(action);
}

/** The campaign of this city, locked for update when `lock`; a campaign elsewhere answers 404. */
export async function campaignOf(
  tx: Transaction,
  tenantId: string,
  id: string,
  lock = false,
): Promise<CampaignRow> {
  const query = tx
    .select()
    .from(evaluationCampaigns)
    .where(and(eq(evaluationCampaigns.tenantId, tenantId), eq(evaluationCampaigns.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw evaluationErrors.campaignNotFound();
  return row;
}

/** A user's reference as ratings and objections record it. */
export const raterRef = (actor: ServiceContext['actor']) => `${actor.kind}:${actor.id}`;
