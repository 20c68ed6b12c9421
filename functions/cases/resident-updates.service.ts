import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { caseEvents, cases, residentRequests } from '../../schema';
import type { ReadContext } from '../auth/context';
import { withTenant } from '../platform/db';
import { publicDetails } from './resident-tracking.service';

/**
 * Residents' requests' updates (FixMyStreet's `servicerequestupdates`): each public step of their
 * timelines in a window, oldest first, at most 1000. What happened and when; never who or why.
 */
export interface PublicUpdate {
  /** Stable: the request's number and the step's place in its timeline. */
  updateId: string;
  number: string;
  kind: string;
  toLevel?: string;
  /** A report's reply to the resident. */
  reply?: string;
  at: Date;
}

/** The timeline kinds the public sees (the rest are staff bookkeeping). */
export const PUBLIC_KINDS = [
  'collect',
  'register',
  'refuse',
  'dispatch',
  'accept',
  'report',
  'send_back',
  'close',
  'escalate',
  'reopen',
  'rate',
];

export async function publicUpdates(
  ctx: ReadContext,
  window: { start?: Date | undefined; end?: Date | undefined },
): Promise<PublicUpdate[]> {
  const end = window.end ?? ctx.now();
  const start = window.start ?? new Date(end.getTime() - 24 * 60 * 60 * 1000);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await tx
      .select({
        number: cases.number,
        seq: caseEvents.seq,
        kind: caseEvents.kind,
        details: caseEvents.details,
        at: caseEvents.at,
      })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .innerJoin(residentRequests, eq(residentRequests.caseId, cases.id))
      .where(
        and(
          eq(caseEvents.tenantId, ctx.tenant.id),
          inArray(caseEvents.kind, PUBLIC_KINDS),
          gte(caseEvents.at, start),
          lte(caseEvents.at, end),
        ),
      )
      .orderBy(asc(caseEvents.at), asc(caseEvents.seq))
      .limit(1000);
    return rows.map((row) => ({
      updateId: `${row.number}-${row.seq}`,
      number: row.number,
      kind: row.kind,
      ...publicDetails(row.kind, row.details),
      at: row.at,
    }));
  });
}
