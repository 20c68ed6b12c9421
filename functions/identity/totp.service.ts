import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { users } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import { decryptText, encryptText } from '../platform/crypto';
import { type Database, type Transaction, withTenant, withTransaction } from '../platform/db';
import { identityIssue } from './identity.errors';

/** Starts TOTP enrolment: a new key kept pending (encrypted) until confirmed, shown once as an otpauth:// URI. */
export async function beginTotp(
  db: Database,
  dataKey: string | undefined,
  user: { id: string; email: string; tenantId: string | null },
  now: Date,
) {
  if (!dataKey) throw authErrors.noDataKey();
  const key = crypto.getRandomValues(new Uint8Array(20));
  const encoded = encodeBase32UpperCaseNoPadding(key);
  const pending = await encryptText(dataKey, encoded);
  await recordedOnAccount(db, user, now, 'totp.begin', async (tx) => {
    await tx.update(users).set({ totpPendingEncrypted: pending }).where(eq(users.id, user.id));
  });
  return { secret: encoded, uri: createTOTPKeyURI('Shequ', user.email, key, 30, 6) };
}

/** Turns the second factor on once the person proves they hold the key. */
export async function confirmTotp(
  db: Database,
  dataKey: string | undefined,
  userId: string,
  code: string,
  now: Date,
) {
  if (!dataKey) throw authErrors.noDataKey();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpPendingEncrypted)
    throw authErrors.invalidInput([identityIssue('code', 'totp.not_enrolling')]);
  const key = decodeBase32IgnorePadding(await decryptText(dataKey, user.totpPendingEncrypted));
  if (!verifyTOTPWithGracePeriod(key, 30, 6, code.trim(), 30)) throw authErrors.invalidSecondFactor();
  // Only now does the new key replace the old one: an unconfirmed enrolment changes nothing.
  const confirmed = user.totpPendingEncrypted;
  await recordedOnAccount(db, user, now, 'totp.enable', async (tx) => {
    await tx
      .update(users)
      .set({ totpKeyEncrypted: confirmed, totpPendingEncrypted: null, totpEnabled: true })
      .where(eq(users.id, userId));
  });
}

/**
 * A change to a person's own second factor, with its audit row in the same transaction in their
 * city's trail (a platform administrator has no city, so no trail to write to).
 */
async function recordedOnAccount(
  db: Database,
  user: { id: string; tenantId: string | null },
  now: Date,
  action: string,
  change: (tx: Transaction) => Promise<void>,
) {
  const tenantId = user.tenantId;
  if (!tenantId) return withTransaction(db, change);
  return withTenant({ db, tenantId }, async (tx) => {
    await change(tx);
    await appendAudit(
      tx,
      tenantId,
      { actor: { kind: 'user', id: user.id }, action, targetType: 'user', targetId: user.id },
      now,
    );
  });
}
