import type { Executor, Transaction } from './db';
import type { TenantRow } from './tenancy';

/** Who acted, as the audit trail records it. */
export interface ActorRef {
  kind: string;
  id: string;
}

/** Work nobody asked for in a request: cron sweeps, seeds, the CLI's file onboarding. */
export interface SystemActor {
  kind: 'system';
  /** What is running: `status-sweep`, `demo-seed`, `onboarding-file`, … */
  id: string;
}

export const systemActor = (id: string): SystemActor => ({ kind: 'system', id });

/**
 * What every verb receives: the city (explicit, never assumed), who acts, the clock, and `db` — the
 * pool, or a transaction a calling verb already holds (then the verb's own `withTenant` or
 * `withTransaction` joins it instead of opening another). `auth/context.ts` fixes the actor type
 * (`ServiceContext`); verbs that need less take a `Pick` of it.
 */
export interface ServiceContextOf<A extends ActorRef> {
  db: Executor;
  tenant: TenantRow;
  actor: A;
  now: () => Date;
  /** Encrypts personal data we must read back (ID numbers, TOTP keys); unset: such verbs refuse. */
  dataKey?: string | undefined;
}

/** The one way to run a verb inside a caller's transaction: the same context, on that transaction. */
export function inTransaction<C extends { db: Executor }>(ctx: C, tx: Transaction): C {
  return { ...ctx, db: tx };
}
