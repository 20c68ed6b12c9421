import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, platform, unitId } from '../../support/identity';

/**
 * The sign-in throttle counts attempts, not finished failures: each attempt is counted in one
 * statement before its password is checked, per account across its login names, and per address
 * only as the platform reports it. Without that, concurrent guesses were all checked (and a right
 * one among fifteen wrong got in), email and phone each had ten guesses, and a client-sent
 * `CF-Connecting-IP` chose its own address counter.
 */
let db: TestDatabase;
let city: TenantRow;
let api: ReturnType<typeof testApp>;
let serial = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  api = testApp(db.db);
});
afterAll(async () => db.close());

async function account() {
  serial += 1;
  const email = `throttle-${serial}@${city.slug}.example.org`;
  const phone = `1390000${String(serial).padStart(4, '0')}`;
  await createUser(
    { db: db.db, tenant: city, actor: platform, now: () => new Date() },
    {
      email,
      phone,
      displayName: `限流 ${serial}`,
      password: GOOD_PASSWORD,
      roles: [{ role: 'community_staff', orgUnitId: await unitId(db.db, city.id, 'east-c1') }],
    },
  );
  return { email, phone };
}

const signIn = (login: string, password: string, headers: Record<string, string> = {}) =>
  api.app.request('/v1/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ tenant: city.slug, login, password }),
  });
const codeOf = async (response: Response) =>
  response.status === 200 ? 'ok' : (await body<ErrorBody>(response)).error.code;

describe('the sign-in throttle', () => {
  it('counts email and phone against one account: the sixth guess is refused whichever name it uses', async () => {
    const { email, phone } = await account();
    const codes: string[] = [];
    for (const login of [email, phone, email, phone, email])
      codes.push(await codeOf(await signIn(login, 'wrong')));
    expect(codes).toEqual(Array(5).fill('auth.invalid_credentials'));
    expect(await codeOf(await signIn(phone, GOOD_PASSWORD))).toBe('auth.throttled');
    expect(await codeOf(await signIn(email, GOOD_PASSWORD))).toBe('auth.throttled');
  });

  it('does not let a client-sent CF-Connecting-IP choose a fresh address counter', async () => {
    // 50 failures from one address lock it; spread over unknown logins, each claiming another address.
    await db.query(`delete from sign_in_throttles where key like 'address:%'`);
    const codes: string[] = [];
    for (let i = 0; i < 51; i++) {
      const response = await signIn(`nobody-${i}@nowhere.example.org`, 'wrong', {
        'cf-connecting-ip': `203.0.113.${i}`,
        'x-forwarded-for': `198.51.100.${i}`,
      });
      codes.push(await codeOf(response));
    }
    expect(codes.slice(0, 50).every((code) => code === 'auth.invalid_credentials')).toBe(true);
    expect(codes[50]).toBe('auth.throttled');
    await db.query(`delete from sign_in_throttles where key like 'address:%'`);
  });

  // PGlite runs one statement at a time, so only a real server lets the guesses overlap.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'checks at most five passwords of sixteen concurrent guesses, the right one included (real PostgreSQL)',
    async () => {
      const { email } = await account();
      const guesses = [...Array(15).fill('wrong'), GOOD_PASSWORD] as string[];
      const codes = await Promise.all(guesses.map(async (password) => codeOf(await signIn(email, password))));
      const checked = codes.filter((code) => code !== 'auth.throttled');
      expect(checked.length, codes.join(' ')).toBeLessThanOrEqual(5);
      expect(codes.filter((code) => code === 'auth.throttled').length).toBeGreaterThanOrEqual(11);
      await db.query(`delete from sign_in_throttles where key like 'address:%'`);
    },
  );
});
