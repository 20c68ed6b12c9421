import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PBKDF2_ITERATIONS, WORKERS_PBKDF2_MAX_ITERATIONS } from '../../../functions/identity/password';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let tenant: TenantRow;
let clock = new Date('2026-11-23T08:00:00Z');
const now = () => clock;
let api: ReturnType<typeof testApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await cityWithGrids(db.db);
  api = testApp(db.db, now);
});
afterAll(async () => db.close());

async function errorOf(response: Response) {
  return (await body<ErrorBody>(response)).error;
}

describe('signing in', () => {
  it('signs in with email and password, sets a secure cookie, and knows who I am', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const response = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD },
      { token: null },
    );
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/shequ_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const { token } = await body<{ token: string }>(response);
    const me = await body<{ kind: string; grants: { role: string }[] }>(
      await api.send('GET', '/v1/auth/me', { token }),
    );
    expect(me).toMatchObject({ kind: 'user', grants: [{ role: 'community_staff' }] });
    // Only the digest of the token is stored.
    const stored = await db.query<{ id: string }>('select id from sessions');
    expect(stored.some((row) => row.id === token)).toBe(false);
  });

  it('answers an unknown account and a wrong password alike', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const wrong = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: 'Not-The-Password-1' },
      { token: null },
    );
    const unknown = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: 'nobody@nowhere.example.org', password: 'Not-The-Password-1' },
      { token: null },
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect({ code: a.code, message: a.message }).toEqual({ code: b.code, message: b.message });
  });

  it('throttles an account after five failures, even for the right password', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    for (let i = 0; i < 5; i++) {
      await api.post(
        '/v1/auth/sign-in',
        { tenant: tenant.slug, login: email, password: `Wrong-guess-${i}x` },
        { token: null },
      );
    }
    const right = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD },
      { token: null },
    );
    expect(right.status).toBe(429);
    expect((await errorOf(right)).code).toBe('auth.throttled');
    clock = new Date(clock.getTime() + 16 * 60 * 1000);
    const later = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD },
      { token: null },
    );
    expect(later.status).toBe(200);
  });

  it('refuses a replayed token after sign-out, and changes nothing', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    expect((await api.send('POST', '/v1/auth/sign-out', { token })).status).toBe(204);
    const before = await snapshotStore(db);
    const replay = await api.send(
      'PATCH',
      `/v1/t/${tenant.slug}/org-units/${await unitId(db.db, tenant.id, 'east-c1')}`,
      {
        token,
        json: { attributes: { hours: 'never' } },
      },
    );
    expect(replay.status).toBe(401);
    // Signed out, the token is one the service no longer knows: not "the session has ended".
    expect((await errorOf(replay)).code).toBe('auth.unknown_token');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('slides the expiry forward when half the session has passed', async () => {
    const { email, user } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const expiry = 'select expires_at from sessions where user_id = $1';
    const [first] = await db.query<{ expires_at: Date }>(expiry, [user.id]);
    clock = new Date(clock.getTime() + 20 * 24 * 3600 * 1000);
    expect((await api.send('GET', '/v1/auth/me', { token })).status).toBe(200);
    const [second] = await db.query<{ expires_at: Date }>(expiry, [user.id]);
    expect(new Date(second?.expires_at ?? 0).getTime()).toBeGreaterThan(
      new Date(first?.expires_at ?? 0).getTime(),
    );
    clock = new Date(clock.getTime() + 31 * 24 * 3600 * 1000);
    expect((await api.send('GET', '/v1/auth/me', { token })).status).toBe(401);
  });

  it('says what happened to a refused bearer token: expired, never known, or the account disabled', async () => {
    const { email, user } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const made = new Date(clock);
    clock = new Date(clock.getTime() + 31 * 24 * 3600 * 1000);
    const expired = await api.send('GET', '/v1/auth/me', { token });
    expect(expired.status).toBe(401);
    const error = await errorOf(expired);
    expect(error).toMatchObject({
      code: 'auth.session_expired',
      message: 'The session has expired; sign in again.',
    });

    const unknown = await errorOf(
      await api.send('GET', '/v1/auth/me', { token: 'made-up-token-0123456789' }),
    );
    expect(unknown.code).toBe('auth.unknown_token');
    expect(unknown.message).not.toMatch(/session has ended/);

    clock = made;
    const again = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    await db.query("update users set status = 'disabled' where id = $1", [user.id]);
    expect((await errorOf(await api.send('GET', '/v1/auth/me', { token: again }))).code).toBe(
      'auth.account_disabled',
    );
  });

  it('lists my sessions and revokes one of them', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const first = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const second = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const list = await body<{ items: { id: string; current: boolean }[] }>(
      await api.send('GET', '/v1/auth/sessions', { token: first }),
    );
    expect(list.items).toHaveLength(2);
    const other = list.items.find((item) => !item.current);
    expect((await api.send('DELETE', `/v1/auth/sessions/${other?.id}`, { token: first })).status).toBe(204);
    expect((await api.send('GET', '/v1/auth/me', { token: second })).status).toBe(401);
    expect((await api.send('GET', '/v1/auth/me', { token: first })).status).toBe(200);
  });

  it('asks for the second factor once TOTP is on, and accepts the current code', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const enrol = await body<{ secret: string; uri: string }>(
      await api.send('POST', '/v1/auth/totp', { token }),
    );
    expect(enrol.uri).toMatch(/^otpauth:\/\/totp\//);
    const key = decodeBase32IgnorePadding(enrol.secret);
    expect(encodeBase32UpperCaseNoPadding(key)).toBe(enrol.secret);
    expect(
      (
        await api.send('POST', '/v1/auth/totp/confirm', {
          token,
          json: { code: '000000' === generateTOTP(key, 30, 6) ? '111111' : '000000' },
        })
      ).status,
    ).toBe(401);
    expect(
      (await api.send('POST', '/v1/auth/totp/confirm', { token, json: { code: generateTOTP(key, 30, 6) } }))
        .status,
    ).toBe(204);
    const without = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD },
      { token: null },
    );
    expect((await errorOf(without)).code).toBe('auth.second_factor_required');
    const withCode = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD, totp: generateTOTP(key, 30, 6) },
      { token: null },
    );
    expect(withCode.status).toBe(200);

    // Starting a new enrolment does not switch the second factor off before it is confirmed.
    await api.send('POST', '/v1/auth/totp', { token });
    const stillNeeded = await api.post(
      '/v1/auth/sign-in',
      { tenant: tenant.slug, login: email, password: GOOD_PASSWORD },
      { token: null },
    );
    expect((await errorOf(stillNeeded)).code).toBe('auth.second_factor_required');
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const { email } = await person(db.db, tenant, 'community_staff', 'east-c1');
    const token = await signedIn(api, tenant.slug, email, GOOD_PASSWORD);
    const path = `/v1/t/${tenant.slug}/org-units/${await unitId(db.db, tenant.id, 'east-c1')}`;
    const before = await snapshotStore(db);
    const forged = await api.send('PATCH', path, {
      json: { attributes: { hours: '9-5' } },
      headers: { cookie: `shequ_session=${token}`, origin: 'https://evil.example.com' },
    });
    expect(forged.status).toBe(403);
    expect((await errorOf(forged)).code).toBe('auth.cross_site');
    expect(await snapshotStore(db)).toEqual(before);
    const own = await api.send('PATCH', path, {
      json: { attributes: { hours: '9-5' } },
      headers: { cookie: `shequ_session=${token}`, origin: 'http://localhost' },
    });
    expect(own.status).toBe(200);
  });
});

describe('creating people', () => {
  it('refuses a malformed email (400) and a weak password (422), naming the field, writing nothing', async () => {
    const platformToken = 'test-platform-token-0123456789abcdef';
    const before = await snapshotStore(db);
    const malformed = await api.send('POST', `/v1/t/${tenant.slug}/users`, {
      token: platformToken,
      json: { email: 'not-an-email', displayName: 'X', password: GOOD_PASSWORD },
    });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).details?.map((d) => d.path)).toContain('email');
    const weak = await api.send('POST', `/v1/t/${tenant.slug}/users`, {
      token: platformToken,
      json: { email: 'weak@example.org', displayName: 'X', password: 'password1' },
    });
    expect(weak.status).toBe(422);
    expect((await errorOf(weak)).details?.map((d) => d.path)).toContain('password');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('hashes passwords with PBKDF2 within the Workers cap of 100,000 iterations', async () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(WORKERS_PBKDF2_MAX_ITERATIONS);
    expect(WORKERS_PBKDF2_MAX_ITERATIONS).toBe(100_000);
    await person(db.db, tenant, 'community_staff', 'east-c1');
    const rows = await db.query<{ password_hash: string }>(
      'select password_hash from users where password_hash is not null',
    );
    for (const row of rows) {
      const [scheme, iterations] = row.password_hash.split('$');
      expect(scheme).toBe('pbkdf2-sha256');
      expect(Number(iterations)).toBeLessThanOrEqual(100_000);
    }
    expect(rows.some((row) => row.password_hash.includes(GOOD_PASSWORD))).toBe(false);
  });
});
