import { createNodeApp } from '../../functions/node';
import type { Database } from '../../functions/platform/db';
import { DATA_KEY, PLATFORM_TOKEN } from './fixtures';

/** The real app over a test database, driven through `app.request` (no network, no mocks). */
export function testApp(db: Database, now?: () => Date) {
  const app = createNodeApp({
    db,
    config: { appEnv: 'test', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
    ...(now ? { now } : {}),
  });
  const request = (path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? null : init.token;
    if (token) headers.set('authorization', `Bearer ${token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return app.request(path, { ...init, headers, body });
  };
  return {
    app,
    get: (path: string, init: RequestInit = {}) => request(path, init),
    /** Any method, any credential (none by default). */
    send: (
      method: string,
      path: string,
      init: { json?: unknown; token?: string | null; headers?: HeadersInit } = {},
    ) =>
      request(path, {
        method,
        ...(init.headers ? { headers: init.headers } : {}),
        json: init.json,
        token: init.token ?? null,
      }),
    /** A write as the platform administrator (pass `token: null` to send none). */
    post: (path: string, json: unknown, init: { token?: string | null } = {}) =>
      request(path, { method: 'POST', json, token: init.token === undefined ? PLATFORM_TOKEN : init.token }),
  };
}

export interface OrgUnitsPage {
  asOf: string;
  counts: Record<string, number>;
  items: {
    id: string;
    code: string;
    level: string;
    name: { zh: string; en: string };
    parentId: string | null;
  }[];
  nextCursor: string | null;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    params?: Record<string, unknown>;
    requestId: string;
    details?: { path: string; code: string; params?: Record<string, unknown>; message: string }[];
  };
}

/** The parsed JSON body, typed by the caller (tests assert its shape). */
export async function body<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Signs in through the API and returns the session token. */
export async function signedIn(
  api: ReturnType<typeof testApp>,
  tenant: string | undefined,
  login: string,
  password: string,
): Promise<string> {
  const response = await api.post('/v1/auth/sign-in', { tenant, login, password }, { token: null });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await body<{ token: string }>(response)).token;
}
