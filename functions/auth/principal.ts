import type { SystemActor } from '../platform/context';
import type { Role, Scope } from './roles';

/**
 * Who is calling. Every authorization decision takes one of these. A request resolves to a
 * platform administrator, a person or an API client; `system` is work no request asked for (cron
 * sweeps, seeds, the CLI) and is never produced from a credential.
 */
export type Principal =
  | { kind: 'platform'; id: string }
  | SystemActor
  | {
      kind: 'user';
      id: string;
      tenantId: string;
      sessionId: string;
      /** `departmentId`: the department a department officer works for. */
      grants: { id: string; role: Role; orgUnitId: string; departmentId?: string | null }[];
    }
  | {
      kind: 'api_client';
      id: string;
      tenantId: string;
      keyId: string;
      departmentId: string;
      scopes: Scope[];
    };

/** What a credential resolves to: never the system. */
export type RequestPrincipal = Exclude<Principal, SystemActor>;

/** Platform administrators and the system act on every city; nobody else does. */
export function actsOnEveryCity(
  principal: Principal,
): principal is Extract<Principal, { kind: 'platform' | 'system' }> {
  return principal.kind === 'platform' || principal.kind === 'system';
}

/** How the actor is recorded in the audit trail. */
export function actorOf(principal: Principal): { kind: string; id: string } {
  return { kind: principal.kind, id: principal.id };
}
