import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
  decodeBase64,
  encodeBase32LowerCaseNoPadding,
  encodeBase64,
  encodeHexLowerCase,
} from '@oslojs/encoding';

const encoder = new TextEncoder();

/** A random token with `bytes` of entropy, base32 (as Lucia's session tokens). */
export function randomToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function sha256HexOf(text: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(text)));
}

/** Compares two strings in time independent of where they differ (digests first, so lengths leak nothing). */
export function constantTimeEqualText(a: string, b: string): boolean {
  return constantTimeEqual(sha256(encoder.encode(a)), sha256(encoder.encode(b)));
}

/**
 * AES-256-GCM with the tenant data key (DATA_KEY, 32 bytes base64): `v1.<iv b64>.<ciphertext b64>`.
 * Used for secrets we must read back (TOTP keys; later, ID numbers).
 */
export async function encryptText(dataKey: string, plaintext: string): Promise<string> {
  const key = await importKey(dataKey);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(plaintext)),
  );
  return `v1.${encodeBase64(iv)}.${encodeBase64(sealed)}`;
}

export async function decryptText(dataKey: string, envelope: string): Promise<string> {
  const [version, iv, sealed] = envelope.split('.');
  if (version !== 'v1' || !iv || !sealed) throw new Error('unknown envelope');
  const key = await importKey(dataKey);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: new Uint8Array(decodeBase64(iv)) },
    key,
    new Uint8Array(decodeBase64(sealed)),
  );
  return new TextDecoder().decode(plain);
}

/**
 * The imported data key, per isolate: importing costs a WebCrypto job per call, and the key is
 * configuration (it changes only with a redeploy, which starts new isolates). Keyed by its text.
 */
const importedKeys = new Map<string, Promise<CryptoKey>>();

function importKey(dataKey: string): Promise<CryptoKey> {
  let key = importedKeys.get(dataKey);
  if (!key) {
    const raw = new Uint8Array(decodeBase64(dataKey));
    if (raw.length !== 32) throw new Error('DATA_KEY must be 32 bytes, base64');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    if (importedKeys.size > 8) importedKeys.clear();
    importedKeys.set(dataKey, key);
    key.catch(() => importedKeys.delete(dataKey));
  }
  return key;
}
