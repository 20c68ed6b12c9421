import { inArray, sql } from 'drizzle-orm';
import { cases, tenants } from '../../schema';
import type { ServiceContext } from '../auth/context';
import { systemActor } from '../platform/context';
import { type Executor, type Transaction, withTenant } from '../platform/db';
import type { TenantRow } from '../platform/tenancy';
import { sweepOverdueRequests } from './acceptance.service';
import { escalateLocked } from './case-handling.service';
import { appendCaseEvent, type CaseRow } from './case-steps';
import type { LineageUnit } from './loops';

export interface CaseSweepReport {
  warned: number;
  breached: number;
  secondBreached: number;
  escalated: number;
  requestsOverdue: number;
}

const BATCH = 500;

type Clock = 'warn' | 'breach' | 'second';

/** Which columns each clock reads and stamps (all under partial indexes of open clocks). */
const CLOCKS: Record<Clock, { due: string; stamp: string; extra: string }> = {
  warn: { due: 'warn_at', stamp: 'warned_at', extra: '' },
  breach: { due: 'stage_due_at', stamp: 'breached_at', extra: ', breaches = breaches + 1' },
  second: { due: 'second_due_at', stamp: 'second_breached_at', extra: ', breaches = breaches + 1' },
};

/**
 * Claims up to BATCH cases whose clock passed and stamps them, in one statement. Rows another sweep
 * holds are skipped, and a row stamped by a sweep that committed first no longer matches: two
 * overlapping sweeps act on each case exactly once.
 */
async function claim(tx: Transaction, tenantId: string, clock: Clock, now: Date): Promise<CaseRow[]> {
  const { due, stamp, extra } = CLOCKS[clock];
  const result = await tx.execute(sql`
    update cases set ${sql.raw(stamp)} = ${now.toISOString()}::timestamptz${sql.raw(extra)}
    where id in (
      select id from cases
      where tenant_id = ${tenantId} and stage is not null and ${sql.raw(stamp)} is null
        and ${sql.raw(due)} <= ${now.toISOString()}::timestamptz
      order by ${sql.raw(due)}
      limit ${BATCH}
      for update skip locked
    )
    returning id`);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
  if (ids.length === 0) return [];
  return tx.select().from(cases).where(inArray(cases.id, ids));
}

/** Every due case of a clock, claimed batch by batch. */
async function claimAll(tx: Transaction, tenantId: string, clock: Clock, now: Date): Promise<CaseRow[]> {
  const all: CaseRow[] = [];
  for (;;) {
    const batch = await claim(tx, tenantId, clock, now);
    all.push(...batch);
    if (batch.length < BATCH) return all;
  }
}

async function sweepCity(tx: Transaction, tenant: TenantRow, now: Date, report: CaseSweepReport) {
  const ctx: ServiceContext = { db: tx, tenant, actor: systemActor('case-sweep'), now: () => now };
  const lineages = new Map<string, LineageUnit[]>();
  for (const row of await claimAll(tx, tenant.id, 'warn', now)) {
    report.warned += 1;
    await appendCaseEvent(tx, ctx, row, {
      kind: 'warning',
      details: { stage: row.stage, dueAt: row.stageDueAt },
    });
  }
  for (const clock of ['breach', 'second'] as const) {
    for (const row of await claimAll(tx, tenant.id, clock, now)) {
      if (clock === 'breach') report.breached += 1;
      else report.secondBreached += 1;
      const kind = clock === 'breach' ? 'breach' : 'second_breach';
      await appendCaseEvent(tx, ctx, row, {
        kind,
        details: { stage: row.stage, dueAt: clock === 'breach' ? row.stageDueAt : row.secondDueAt },
      });
      if (await escalateLocked(ctx, tx, row, { kind }, lineages)) report.escalated += 1;
    }
  }
  report.requestsOverdue += await sweepOverdueRequests(ctx, tx);
}

/**
 * The deadline sweep (the cron's): warnings, breaches and second breaches of every city's open
 * case clocks, each escalating one level with a supervision notice; then deadline-bound requests
 * left unanswered. One transaction per city.
 */
export async function runCaseSweep(deps: { db: Executor; now: () => Date }): Promise<CaseSweepReport> {
  const report: CaseSweepReport = {
    warned: 0,
    breached: 0,
    secondBreached: 0,
    escalated: 0,
    requestsOverdue: 0,
  };
  const now = deps.now();
  const all = await deps.db.select().from(tenants);
  for (const tenant of all) {
    await withTenant({ db: deps.db, tenantId: tenant.id }, (tx) => sweepCity(tx, tenant, now, report));
  }
  return report;
}
