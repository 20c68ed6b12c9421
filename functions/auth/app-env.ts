import type { Executor } from '../platform/db';
import { createRouterOf, type EnvWith } from '../platform/http';
import type { TenantRow } from '../platform/tenancy';
import type { UnitDweller } from '../platform/unit-dwellers';
import type { RequestPrincipal } from './principal';
import type { Action } from './roles';

/**
 * Why presented credentials resolve to nobody. Said to the caller: `expired`, `revoked` and
 * `disabled` are only ever answered to someone holding the secret itself (its hash matched).
 */
export interface CredentialRefusal {
  kind: 'refused';
  reason: 'unknown' | 'expired' | 'revoked' | 'disabled';
}

/**
 * How credentials become principals. Identity (people, sessions, API keys) implements it and the app
 * installs it on every request, because identity sits above the authorization core.
 */
export interface Authenticator {
  /** A department's API key, with the city the path names looked up in the same statement. */
  apiKey(
    db: Executor,
    presented: string,
    now: Date,
    tenantSlug?: string,
    /** May take a key verified in the last minute from memory: the route's verb reads its state. */
    options?: { remember?: boolean },
  ): Promise<(RequestPrincipal & { tenant?: TenantRow | undefined }) | CredentialRefusal>;
  /** A session token (bearer or cookie). */
  session(
    ctx: { db: Executor; now: () => Date },
    token: string,
  ): Promise<RequestPrincipal | CredentialRefusal>;
}

/** Everything a handler may read from the context; declared once for every router. */
export type AppEnv = EnvWith<{
  /** Set by the route's guard once the caller is known. */
  actor?: RequestPrincipal;
  /** How credentials become principals; the app installs identity's (auth sits below it). */
  authenticator: Authenticator;
  /** What lives on org units and must move when a reform closes one; the app installs the domains' list. */
  unitDwellers: readonly UnitDweller[];
}>;

/** Every router comes from here, so validation failures look the same everywhere. */
export const createRouter = () => createRouterOf<AppEnv>();

/**
 * What a route needs: nothing, any signed-in person, or an action (checked by `authorize`).
 * `rememberKey`: the route's verb reads the presented API key's state (revoked, expired) in the
 * statement that acts, refusing a key that lapsed, so the guard may take a key it verified in the
 * last minute from memory instead of reading it (one round trip fewer). Only for such verbs: a
 * test lists the routes that say it (test/node/sharing/registry/pull-statement.test.ts).
 */
export type SecurityRequirement = 'public' | 'signedIn' | { action: Action; rememberKey?: true };
