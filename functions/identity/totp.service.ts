import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { users } from '../../schema';
import { authErrors } from '../auth/auth.errors';
import { decryptText, encryptText } from '../platform/crypto';
import type { Database } from '../platform/db';
import { identityIssue } from './identity.errors';

/** A person's second factor (TOTP): enrolment with a pending key, confirmed by a code. */

/** Starts TOTP enrolment: a new key kept pending (encrypted) until confirmed, shown once as an otpauth:// URI. */
export async function beginTotp(
  db: Database,
  dataKey: string | undefined,
  user: { id: string; email: string },
) {
  if (!dataKey) throw authErrors.noDataKey();
  const key = crypto.getRandomValues(new Uint8Array(20));
  const encoded = encodeBase32UpperCaseNoPadding(key);
  await db
    .update(users)
    .set({ totpPendingEncrypted: await encryptText(dataKey, encoded) })
    .where(eq(users.id, user.id));
  return { secret: encoded, uri: createTOTPKeyURI('Shequ', user.email, key, 30, 6) };
}

/** Turns the second factor on once the person proves they hold the key. */
export async function confirmTotp(db: Database, dataKey: string | undefined, userId: string, code: string) {
  if (!dataKey) throw authErrors.noDataKey();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpPendingEncrypted)
    throw authErrors.invalidInput([identityIssue('code', 'totp.not_enrolling')]);
  const key = decodeBase32IgnorePadding(await decryptText(dataKey, user.totpPendingEncrypted));
  if (!verifyTOTPWithGracePeriod(key, 30, 6, code.trim(), 30)) throw authErrors.invalidSecondFactor();
  // Only now does the new key replace the old one: an unconfirmed enrolment changes nothing.
  await db
    .update(users)
    .set({ totpKeyEncrypted: user.totpPendingEncrypted, totpPendingEncrypted: null, totpEnabled: true })
    .where(eq(users.id, userId));
}
