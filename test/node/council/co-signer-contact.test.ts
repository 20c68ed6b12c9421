import { describe, expect, it } from 'vitest';
import { contactKey } from '../../../functions/council/proposals.service';

/**
 * A co-signer's contact is one the council could check them by (the 2026-12-07 review: any three
 * characters counted, so "abc" and "zzz" were two of the seven names a proposal needs), and one
 * number is one co-signer however it is typed.
 */
describe('a co-signer’s contact', () => {
  it('is a mobile or landline number or an email address', () => {
    for (const contact of ['13900001003', '139 0000 1003', '+86 139-0000-1003', '0086 13900001003'])
      expect(contactKey(contact), contact).toBe('13900001003');
    expect(contactKey('０８５１－８６８１２３４５')).toBe('085186812345');
    expect(contactKey('(0851) 8681 2345'.replace(' 2345', '2345'))).toBe('085186812345');
    expect(contactKey('Resident@Example.org')).toBe('resident@example.org');
    for (const contact of ['abc', 'zzz', 'x1', '13900', '1390000100', '12345678901', 'a@b', '王 13900001003'])
      expect(contactKey(contact), contact).toBeUndefined();
  });
});
