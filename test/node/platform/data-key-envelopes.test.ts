import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqualText,
  decryptText,
  encryptText,
  sha256HexOf,
} from '../../../functions/platform/crypto';
import { DATA_KEY } from '../../support/fixtures';

describe('data-key envelopes', () => {
  it('opens what WebCrypto sealed, and refuses a changed ciphertext or the wrong key', async () => {
    const envelope = await encryptText(DATA_KEY, '52010219900307001X 张三');
    expect(await decryptText(DATA_KEY, envelope)).toBe('52010219900307001X 张三');
    const [version, iv, sealed] = envelope.split('.');
    const bytes = Buffer.from(sealed ?? '', 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await expect(decryptText(DATA_KEY, `${version}.${iv}.${bytes.toString('base64')}`)).rejects.toThrow();
    await expect(decryptText(Buffer.alloc(32, 9).toString('base64'), envelope)).rejects.toThrow();
    await expect(decryptText(DATA_KEY, 'v2.x.y')).rejects.toThrow('unknown envelope');
  });

  it('hashes tokens as before the switch to node:crypto, so stored key and session hashes still match', () => {
    for (const text of ['shq_abcdefghijkl_abcdefghijklmnopqrstuvwxyz234567', '会话', '']) {
      expect(sha256HexOf(text)).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(text))));
    }
    expect(constantTimeEqualText('same', 'same')).toBe(true);
    expect(constantTimeEqualText('same', 'Same')).toBe(false);
  });
});
