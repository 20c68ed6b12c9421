import { Buffer } from 'node:buffer';
import { createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64, encodeBase32LowerCaseNoPadding, encodeBase64 } from '@oslojs/encoding';

const encoder = new TextEncoder();

/** A random token with `bytes` of entropy, base32 (as Lucia's session tokens). */
export function randomToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * Random bytes for nonces, served from a pool refilled 4 KB at a time: one call to the system's
 * generator per 256 sixteen-byte nonces instead of one each (the pull makes one per request).
 * Only for values that are not secrets (a nonce is stored beside what it makes unique): the pool
 * holds bytes before they are used. Secrets and tokens come from `randomToken`.
 */
const noncePool = { bytes: new Uint8Array(0), at: 0 };
export function randomNonce(bytes = 16): string {
  if (!Number.isInteger(bytes) || bytes < 1)
    throw new RangeError('randomNonce: a positive whole number of bytes');
  if (bytes > 256) return randomToken(bytes);
  if (noncePool.at + bytes > noncePool.bytes.length) {
    noncePool.bytes = crypto.getRandomValues(new Uint8Array(4096));
    noncePool.at = 0;
  }
  const taken = noncePool.bytes.subarray(noncePool.at, noncePool.at + bytes);
  noncePool.at += bytes;
  return encodeBase32LowerCaseNoPadding(taken);
}

/** SHA-256 through `node:crypto` (native; every API-key and session lookup hashes the token). */
export function sha256HexOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ (digests first, so lengths leak nothing). */
export function constantTimeEqualText(a: string, b: string): boolean {
  return constantTimeEqual(
    new Uint8Array(createHash('sha256').update(a, 'utf8').digest()),
    new Uint8Array(createHash('sha256').update(b, 'utf8').digest()),
  );
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

/**
 * Opens an envelope. Through `node:crypto` (synchronous, native; Workers provide it under
 * `nodejs_compat`): every pull decrypts an ID number, and Node's WebCrypto costs about 0.15 ms of
 * JavaScript per call around the cipher itself. The format is WebCrypto's: ciphertext, then the
 * 16-byte tag.
 */
export async function decryptText(dataKey: string, envelope: string): Promise<string> {
  const [version, iv, sealed] = envelope.split('.');
  if (version !== 'v1' || !iv || !sealed) throw new Error('unknown envelope');
  // Node's base64 (native; nodejs_compat on Workers): a few µs less than a JS decoder on every read
  // of an ID number. Lenient where a strict decoder throws, which changes nothing here: a damaged
  // envelope fails the GCM tag.
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < 16) throw new Error('unknown envelope');
  const decipher = createDecipheriv('aes-256-gcm', rawKey(dataKey), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return decipher.update(bytes.subarray(0, bytes.length - 16), undefined, 'utf8') + decipher.final('utf8');
}

const rawKeys = new Map<string, KeyObject>();

function rawKey(dataKey: string): KeyObject {
  let key = rawKeys.get(dataKey);
  if (!key) {
    const raw = new Uint8Array(decodeBase64(dataKey));
    if (raw.length !== 32) throw new Error('DATA_KEY must be 32 bytes, base64');
    key = createSecretKey(raw);
    if (rawKeys.size > 8) rawKeys.clear();
    rawKeys.set(dataKey, key);
  }
  return key;
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

/**
 * The key the logs are MACed with (audit chain, access-log rows and seals, checkpoints): the
 * tamper evidence rests on the database never holding it, so the owner of the database can change
 * rows but cannot make their MACs match. It is `AUDIT_KEY` when set, else derived from `DATA_KEY`
 * by HKDF-SHA256 under a label of its own (so it is never the key that encrypts or indexes data).
 * Logs written under one key verify only under it: keep the key for as long as the logs.
 */
export class LogKey {
  readonly #key: KeyObject;

  constructor(raw: Uint8Array) {
    if (raw.length !== 32) throw new Error('LogKey: 32 bytes');
    this.#key = createSecretKey(raw);
  }

  /** HMAC-SHA256, hex, of `label` and `text` (the label keeps each kind of record's MACs apart). */
  mac(label: string, text: string): string {
    return createHmac('sha256', this.#key)
      .update(label, 'utf8')
      .update('\n')
      .update(text, 'utf8')
      .digest('hex');
  }

  /** 32 bytes derived for one purpose (`label`) and one record (`id`), for a MAC computed elsewhere. */
  derive(label: string, id: string): Buffer {
    return createHmac('sha256', this.#key).update(label, 'utf8').update('\n').update(id, 'utf8').digest();
  }
}

const LOG_KEY_LABEL = 'shequ log mac key v1';
const logKeys = new Map<string, LogKey>();

/** The log key from the configured secrets (see `LogKey`); undefined when neither is set. */
export function logKeyFrom(secrets: { auditKey?: string | undefined; dataKey?: string | undefined }) {
  const secret = secrets.auditKey ?? secrets.dataKey;
  if (!secret) return undefined;
  let key = logKeys.get(secret);
  if (!key) {
    const ikm = new Uint8Array(decodeBase64(secret));
    if (ikm.length !== 32) throw new Error('AUDIT_KEY and DATA_KEY must be 32 bytes, base64');
    // HKDF-SHA256 (RFC 5869) for one 32-byte block: extract with a fixed salt, expand with the label.
    const prk = createHmac('sha256', 'shequ').update(ikm).digest();
    key = new LogKey(
      new Uint8Array(
        createHmac('sha256', prk)
          .update(LOG_KEY_LABEL)
          .update(new Uint8Array([1]))
          .digest(),
      ),
    );
    if (logKeys.size > 8) logKeys.clear();
    logKeys.set(secret, key);
  }
  return key;
}
