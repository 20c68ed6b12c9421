import { RegExpRouter } from 'hono/router/reg-exp-router';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../functions/app';

/**
 * Hono's default router tries its RegExpRouter (one regular expression per method) and falls back
 * to its TrieRouter, whose search costs every request more, when any route cannot be expressed
 * there: chiefly a path parameter beside a fixed segment at the same place (`/admin/cases/:id`
 * beside `/admin/cases/new`). Profiles of the pull showed the trie's search; the two routes that
 * forced it were moved (`/admin/new-case`, `/v1/t/{tenant}/survey-links/{token}`).
 */
describe('routing', () => {
  const app = createApp({
    openDatabase: () => {
      throw new Error('no database in this test');
    },
    config: () => ({ appEnv: 'test' }) as never,
  });

  /** Routes RegExpRouter refuses, each with the method it was added under (empty when all fit). */
  function refusedRoutes(): string[] {
    const refused: string[] = [];
    const methods = [...new Set(app.routes.map((route) => route.method))].filter((m) => m !== 'ALL');
    for (const method of methods) {
      const routes = app.routes.filter((route) => route.method === method || route.method === 'ALL');
      const fits = (list: typeof routes) => {
        try {
          const router = new RegExpRouter<number>();
          for (const [i, route] of list.entries()) router.add(route.method, route.path, i);
          router.match(method, '/');
          return true;
        } catch {
          return false;
        }
      };
      if (fits(routes)) continue;
      // Find which: add them one by one, leaving out each that breaks the set.
      const kept: typeof routes = [];
      for (const route of routes) {
        if (fits([...kept, route])) kept.push(route);
        else refused.push(`${method} ${route.path}`);
      }
    }
    return [...new Set(refused)];
  }

  it('every route fits the RegExpRouter, so no request pays for the trie fallback', () => {
    expect(refusedRoutes()).toEqual([]);
    app.router.match('GET', '/healthz');
    expect(app.router.name).toBe('SmartRouter + RegExpRouter');
  });
});
