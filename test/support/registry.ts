import type { RouteConfig } from '@hono/zod-openapi';
import type { SecurityRequirement } from '../../functions/auth/app-env';
import { createNodeApp } from '../../functions/node';
import { DATA_KEY, PLATFORM_TOKEN } from './fixtures';

/** One operation of the OpenAPI registry, as the suites that walk every route read it. */
export interface RegisteredOperation {
  /** Upper case: `GET`, `POST`, … */
  method: string;
  /** As registered: `/v1/t/{tenant}/residents/{id}`. */
  path: string;
  requirement: SecurityRequirement;
  /** The whole route declaration (request schemas, responses). */
  route: RouteConfig;
}

/**
 * Every operation the app registers, read from its OpenAPI registry: the security suite, the audit
 * walk and the hostile-input test walk this list, so a new route is walked without being listed.
 */
export function registeredOperations(): RegisteredOperation[] {
  const app = createNodeApp({
    db: {} as never,
    config: { appEnv: 'test', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
  });
  return app.openAPIRegistry.definitions.flatMap((definition) => {
    if (definition.type !== 'route') return [];
    const route = definition.route as RouteConfig & { 'x-shequ-security': SecurityRequirement };
    return [
      { method: route.method.toUpperCase(), path: route.path, requirement: route['x-shequ-security'], route },
    ];
  });
}
