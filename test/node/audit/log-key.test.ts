import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logKeyFrom } from '../../../functions/platform/crypto';
import { logKeyOf, withTransaction } from '../../../functions/platform/db';
import { openPglite } from '../../../functions/platform/drivers/pglite';
import { AppError } from '../../../functions/platform/errors';
import { DATA_KEY } from '../../support/fixtures';

let handle: Awaited<ReturnType<typeof openPglite>>;
beforeAll(async () => {
  handle = await openPglite({});
});
afterAll(async () => {
  await handle.close();
});

describe('the log key', () => {
  it('is refused, by code, on a database no entry bound a key to (no unkeyed log rows)', async () => {
    const refused = (() => {
      try {
        logKeyOf(handle.db);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'config.audit_key_missing',
      status: 503,
      message:
        'Writing or verifying the audit trail and the access log needs AUDIT_KEY or DATA_KEY to be configured.',
    });
    await expect(withTransaction(handle.db, async (tx) => logKeyOf(tx))).rejects.toMatchObject({
      code: 'config.audit_key_missing',
    });
  });

  it('is AUDIT_KEY when set, else derived from DATA_KEY, and never the data key itself', () => {
    const auditKey = Buffer.alloc(32, 9).toString('base64');
    const fromData = logKeyFrom({ dataKey: DATA_KEY });
    const fromAudit = logKeyFrom({ auditKey, dataKey: DATA_KEY });
    expect(logKeyFrom({})).toBeUndefined();
    expect(fromData?.mac('x', 'y')).not.toBe(fromAudit?.mac('x', 'y'));
    expect(fromAudit?.mac('x', 'y')).toBe(logKeyFrom({ auditKey })?.mac('x', 'y'));
  });
});
