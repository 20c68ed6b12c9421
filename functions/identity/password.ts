import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64, encodeBase32LowerCaseNoPadding, encodeBase64 } from '@oslojs/encoding';
import type { FieldIssue } from '../platform/errors';
import { identityIssue } from './identity.errors';

/**
 * PBKDF2-SHA256 through WebCrypto: native in Workers and Node alike. Production Workers refuse
 * more than 100,000 iterations (local workerd does not enforce it), so that is both our cost and
 * the ceiling a test holds us to. Measured CPU per hash in workerd: see bench/README.md.
 */
export const PBKDF2_ITERATIONS = 100_000;
export const WORKERS_PBKDF2_MAX_ITERATIONS = 100_000;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${encodeBase64(salt)}$${encodeBase64(hash)}`;
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const rounds = Number(iterations);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > WORKERS_PBKDF2_MAX_ITERATIONS) return false;
  const expected = decodeBase64(hash);
  const actual = await derive(password, new Uint8Array(decodeBase64(salt)), rounds);
  return constantTimeEqual(actual, expected);
}

/** Costs what a real check costs, for sign-ins of unknown accounts: timing must not tell them apart. */
export async function spendPasswordCheck(password: string): Promise<void> {
  await derive(password, new Uint8Array(16), PBKDF2_ITERATIONS);
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Long enough and not trivially guessable; the rules are told to the person, field by field. */
/**
 * A one-time password to hand to a person (the wizard's first administrator): 24 random base32
 * characters (120 bits) in groups of four, so it is read out and typed without confusion.
 */
export function oneTimePassword(): string {
  const random = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
  return random.match(/.{4}/g)?.join('-') ?? random;
}

export function passwordIssues(password: string, path = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (password.length < 10) issues.push(identityIssue(path, 'password.too_short'));
  if (password.length > 200) issues.push(identityIssue(path, 'password.too_long'));
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 16 && classes < 3) {
    issues.push(identityIssue(path, 'password.mix'));
  }
  if (/^(.)\1+$/.test(password) || /^(0123456789|1234567890|password|qwertyuiop)/i.test(password)) {
    issues.push(identityIssue(path, 'password.guessable'));
  }
  return issues;
}
