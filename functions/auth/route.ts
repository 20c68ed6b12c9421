import type { RouteConfig } from '@hono/zod-openapi';
import { defineRoute, type SecurityRequirement } from '../platform/http';
import { guards } from './guards';

/** Declares a route whose OpenAPI `security` is also what guards it (see `defineRoute`). */
export function route<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  config: R & { security: SecurityRequirement },
) {
  return defineRoute(config, guards);
}
