import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { roleGrants, sessions, signInThrottles, tenants, users } from '../../schema';
import type { CredentialRefusal } from '../auth/app-env';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import type { RequestPrincipal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { decryptText, randomToken, sha256HexOf } from '../platform/crypto';
import type { Database, Executor } from '../platform/db';
import { spendPasswordCheck, verifyPassword } from './password';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const REFRESH_WHEN_LEFT_MS = 15 * 24 * 3600 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 50;

export interface SignInInput {
  tenant?: string | undefined;
  login: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Signs a person in with email or phone and password (and TOTP when enabled). Unknown accounts
 * and wrong passwords get the same error after the same work; repeated failures per account and
 * per address are throttled.
 */
export async function signIn(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'dataKey'>,
  input: SignInInput,
  client: { ip?: string | undefined; userAgent?: string | undefined },
) {
  const now = ctx.now();
  const login = input.login.trim().toLowerCase();
  const user = await findUserForSignIn(ctx.db, input.tenant, login);
  // One counter per account, whatever name it signs in with (email or phone); an unknown name has
  // its own, so both answers cost the same. The attempt is counted before the password is checked,
  // in one statement, so concurrent guesses cannot all slip in under the limit.
  const accountKey = user ? `account:${user.id}` : `login:${input.tenant ?? '(platform)'}:${login}`;
  const addressKey = `address:${client.ip ?? 'unknown'}`;
  const accountAllowed = await countAttempt(ctx.db, accountKey, ACCOUNT_FAILURE_LIMIT, now);
  const addressAllowed = await countAttempt(ctx.db, addressKey, ADDRESS_FAILURE_LIMIT, now);
  if (!accountAllowed || !addressAllowed) throw authErrors.throttled();

  let valid = false;
  if (user?.passwordHash && user.status !== 'disabled')
    valid = await verifyPassword(user.passwordHash, input.password);
  else await spendPasswordCheck(input.password);
  if (!user || !valid) throw authErrors.invalidCredentials();
  if (user.totpEnabled && user.totpKeyEncrypted) {
    if (!input.totp) throw authErrors.secondFactorRequired();
    if (!ctx.dataKey) throw authErrors.noDataKey();
    const key = decodeBase32IgnorePadding(await decryptText(ctx.dataKey, user.totpKeyEncrypted));
    if (!verifyTOTPWithGracePeriod(key, 30, 6, input.totp.trim(), 30)) throw authErrors.invalidSecondFactor();
  }
  // A success clears the account's count and takes itself off the address's, which counts failures.
  await ctx.db.delete(signInThrottles).where(eq(signInThrottles.key, accountKey));
  await ctx.db
    .update(signInThrottles)
    .set({ failures: sql`greatest(${signInThrottles.failures} - 1, 0)` })
    .where(eq(signInThrottles.key, addressKey));
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      id: sha256HexOf(token),
      userId: user.id,
      tenantId: user.tenantId,
      expiresAt,
      secondFactorVerified: user.totpEnabled,
      ipAddress: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
    });
    if (user.status === 'invited')
      await tx.update(users).set({ status: 'active' }).where(eq(users.id, user.id));
  });
  return { token, expiresAt, userId: user.id };
}

async function findUserForSignIn(db: Database, tenantSlug: string | undefined, login: string) {
  const byLogin = or(sql`lower(${users.email}) = ${login}`, eq(users.phone, login));
  if (!tenantSlug) {
    const [row] = await db
      .select()
      .from(users)
      .where(and(isNull(users.tenantId), eq(users.isPlatformAdministrator, true), byLogin))
      .limit(1);
    return row;
  }
  const [row] = await db
    .select({ user: users })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(tenants.slug, tenantSlug), byLogin))
    .limit(1);
  return row?.user;
}

/**
 * Counts an attempt against a key and says whether it may go ahead: one statement, so concurrent
 * attempts each see their own count. Within the window the first `limit` attempts go ahead; the
 * next locks the key for the window. A successful sign-in clears the account's key.
 */
async function countAttempt(db: Executor, key: string, limit: number, now: Date): Promise<boolean> {
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const lockUntil = new Date(now.getTime() + WINDOW_MS).toISOString();
  const at = now.toISOString();
  const result = await db.execute(sql`
    insert into sign_in_throttles (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${at}, null)
    on conflict (key) do update set
      failures = case when sign_in_throttles.window_started_at < ${windowStart}
                       and coalesce(sign_in_throttles.locked_until, ${at}::timestamptz) <= ${at}::timestamptz
                  then 1 else sign_in_throttles.failures + 1 end,
      window_started_at = case when sign_in_throttles.window_started_at < ${windowStart}
                       and coalesce(sign_in_throttles.locked_until, ${at}::timestamptz) <= ${at}::timestamptz
                  then ${at}::timestamptz else sign_in_throttles.window_started_at end,
      locked_until = case
        when sign_in_throttles.locked_until > ${at}::timestamptz then sign_in_throttles.locked_until
        when sign_in_throttles.window_started_at >= ${windowStart} and sign_in_throttles.failures + 1 > ${limit}
        then ${lockUntil}::timestamptz else null end
    returning failures, locked_until`);
  const [row] = (result as unknown as { rows: { failures: number; locked_until: string | Date | null }[] })
    .rows;
  if (!row) return false;
  const lockedUntil = row.locked_until ? new Date(row.locked_until) : undefined;
  return row.failures <= limit && !(lockedUntil && lockedUntil > now);
}

/**
 * Resolves a session token to its principal, sliding the expiry forward when less than half is
 * left; otherwise says why not. An expired session (or a disabled person's) is deleted on the
 * request that finds it so, which is told `expired` (`disabled`); after that, as after signing out,
 * the token is `unknown`.
 */
export async function principalForSession(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'dataKey'>,
  token: string,
): Promise<RequestPrincipal | CredentialRefusal> {
  const now = ctx.now();
  const id = sha256HexOf(token);
  const [row] = await ctx.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return { kind: 'refused', reason: 'unknown' };
  const disabled = row.user.status === 'disabled';
  if (row.session.expiresAt.getTime() <= now.getTime() || disabled) {
    await ctx.db.delete(sessions).where(eq(sessions.id, id));
    return { kind: 'refused', reason: disabled ? 'disabled' : 'expired' };
  }
  if (row.session.expiresAt.getTime() - now.getTime() < REFRESH_WHEN_LEFT_MS) {
    await ctx.db
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
      .where(eq(sessions.id, id));
  }
  if (row.user.isPlatformAdministrator) return { kind: 'platform', id: row.user.id };
  if (!row.user.tenantId) return { kind: 'refused', reason: 'unknown' };
  const grants = await ctx.db
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      orgUnitId: roleGrants.orgUnitId,
      departmentId: roleGrants.departmentId,
    })
    .from(roleGrants)
    .where(and(eq(roleGrants.tenantId, row.user.tenantId), eq(roleGrants.userId, row.user.id)));
  return {
    kind: 'user',
    id: row.user.id,
    tenantId: row.user.tenantId,
    sessionId: id,
    grants: grants.map((grant) => ({ ...grant, role: grant.role as Role })),
  };
}

export async function signOut(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256HexOf(token)));
}

export async function listSessions(db: Database, userId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
}

/** Revokes one of the user's own sessions (ids are digests, never tokens). */
export async function revokeSession(db: Database, userId: string, sessionId: string): Promise<void> {
  const removed = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (removed.length === 0) throw authErrors.sessionNotFound();
}
