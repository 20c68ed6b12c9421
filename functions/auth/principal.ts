import type { Role, Scope } from './roles';

/** Who is calling. Every authorization decision takes one of these. */
export type Principal =
  | { kind: 'platform'; id: string }
  | {
      kind: 'user';
      id: string;
      tenantId: string;
      sessionId: string;
      grants: { id: string; role: Role; orgUnitId: string }[];
    }
  | {
      kind: 'api_client';
      id: string;
      tenantId: string;
      keyId: string;
      departmentId: string;
      scopes: Scope[];
    };

/** How the actor is recorded in the audit trail. */
export function actorOf(principal: Principal): { kind: string; id: string } {
  return { kind: principal.kind, id: principal.id };
}
