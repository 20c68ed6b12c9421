import { expect } from 'vitest';
import type { testApp } from './app';
import { GOOD_PASSWORD } from './identity';

const ORIGIN = 'http://localhost';

/** A form body as a browser sends it (a `[blob, name]` pair is a file). */
export function form(fields: Record<string, string | Blob | [Blob, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) data.append(name, value[0], value[1]);
    else data.append(name, value);
  }
  return data;
}

/** A browser driving the console: same-origin form posts and GETs with a session cookie. */
export function consoleBrowser(api: ReturnType<typeof testApp>) {
  const post = (path: string, body: FormData, cookie?: string) => {
    const headers = new Headers({ origin: ORIGIN });
    if (cookie) headers.set('cookie', cookie);
    return api.app.request(path, { method: 'POST', headers, body });
  };
  const get = (path: string, cookie?: string) => api.app.request(path, { headers: cookie ? { cookie } : {} });
  const signIn = async (tenant: string, login: string, password = GOOD_PASSWORD): Promise<string> => {
    const response = await post('/admin/sign-in', form({ tenant, login, password, next: '/admin' }));
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')?.match(/shequ_session=[^;]+/)?.[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };
  return { post, get, signIn };
}
