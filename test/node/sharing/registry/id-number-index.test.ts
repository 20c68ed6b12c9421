import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { decodeBase64, encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { idNumberIndex } from '../../../../functions/sharing/registry/id-number';
import { DATA_KEY } from '../../../support/fixtures';
import { idNumberFor } from '../../../support/sharing';

describe('the ID-number blind index', () => {
  it('is the same HMAC-SHA256 as before the switch to node:crypto, so stored indexes still match', () => {
    const key = new Uint8Array(decodeBase64(DATA_KEY));
    for (const idNumber of [
      idNumberFor('1949-12-31', 2),
      idNumberFor('1990-03-07', 1),
      '11010519491231002X',
    ]) {
      const before = encodeHexLowerCase(hmac(SHA256, key, new TextEncoder().encode(`id-number:${idNumber}`)));
      expect(idNumberIndex(DATA_KEY, idNumber)).toBe(before);
    }
    expect(idNumberIndex(DATA_KEY, '11010519491231002X')).not.toBe(
      idNumberIndex(Buffer.alloc(32, 8).toString('base64'), '11010519491231002X'),
    );
  });
});
