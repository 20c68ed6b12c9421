import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, SecurityRequirement } from './app-env';
import { guards } from './guards';
import { ROLE_ACTIONS, SCOPE_ACTIONS } from './roles';

/** The OpenAPI security alternatives that can satisfy a requirement. */
export function securitySchemesFor(requirement: SecurityRequirement): Record<string, string[]>[] {
  if (requirement === 'public') return [];
  if (requirement === 'signedIn') return [{ session: [] }, { sessionCookie: [] }];
  const schemes: Record<string, string[]>[] = [{ session: [] }, { sessionCookie: [] }];
  const scopes = Object.entries(SCOPE_ACTIONS)
    .filter(([, actions]) => actions.includes(requirement.action))
    .map(([scope]) => scope);
  if (scopes.length > 0) schemes.push({ apiKey: scopes });
  if (ROLE_ACTIONS.platform_administrator.includes(requirement.action)) schemes.push({ platformToken: [] });
  return schemes;
}

/**
 * A route whose declared security is also what guards it: the OpenAPI `security` and the
 * middleware are both derived from the one `security` value, so they cannot disagree.
 */
export function route<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  config: R & { security: SecurityRequirement },
) {
  const { security, ...route } = config;
  const needs =
    typeof security === 'object'
      ? `Requires the \`${security.action}\` permission (see roles and scopes).`
      : undefined;
  const declared = {
    ...route,
    ...(needs ? { description: [route.description, needs].filter(Boolean).join('\n\n') } : {}),
    security: securitySchemesFor(security),
    'x-shequ-security': security,
    middleware: [guards.for(security)],
  } as unknown as Omit<R, 'security'> & {
    security: Record<string, string[]>[];
    middleware: MiddlewareHandler<AppEnv>[];
  };
  return createRoute(declared);
}
