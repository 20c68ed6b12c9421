import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nthWorkingDayAfter, stageClock } from '../../../functions/cases/working-days';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';

/**
 * Working days as the State Council's notices define them, and what the platform adds for a year
 * the data package does not cover yet.
 */
describe('working days', () => {
  it('skip public holidays and count make-up working days (调休)', () => {
    // Spring Festival 2026: 15–23 February off; Saturday 14 and Saturday 28 February worked.
    expect(nthWorkingDayAfter('2026-02-13', 1).day).toBe('2026-02-14');
    expect(nthWorkingDayAfter('2026-02-14', 1).day).toBe('2026-02-24');
    expect(nthWorkingDayAfter('2026-02-27', 1).day).toBe('2026-02-28');
    // An ordinary weekend.
    expect(nthWorkingDayAfter('2026-11-06', 1).day).toBe('2026-11-09');
  });

  it('end a stage at midnight city time and mark a deadline in an uncovered year provisional', () => {
    const clock = stageClock(new Date('2026-12-30T02:00:00Z'), 3, 0.75, 'Asia/Shanghai');
    expect(clock.provisional).toBe(true);
    const covered = stageClock(new Date('2026-11-02T02:00:00Z'), 3, 0.75, 'Asia/Shanghai');
    expect(covered).toMatchObject({ provisional: false, dueAt: new Date('2026-11-05T16:00:00Z') });
  });
});

describe('the platform adds a year the package lacks', () => {
  let db: TestDatabase;
  let api: ReturnType<typeof testApp>;
  let city: TenantRow;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = testApp(db.db);
    city = await cityWithGrids(db.db);
  });
  afterAll(async () => db.close());

  it('covers the year for every city once its days are added, and refuses anyone but the platform', async () => {
    const coverage = async () =>
      body<{ nationalYears: number[]; addedYears: number[] }>(
        await api.get(`/v1/t/${city.slug}/calendar`, {
          headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
        }),
      );
    expect((await coverage()).nationalYears).toContain(2026);
    expect((await coverage()).addedYears).not.toContain(2027);
    const days = { days: [{ day: '2027-01-01', kind: 'day_off', note: '元旦' }] };
    expect((await api.send('POST', '/v1/calendar-days', { json: days })).status).toBe(401);
    expect((await api.send('POST', '/v1/calendar-days', { token: PLATFORM_TOKEN, json: days })).status).toBe(
      201,
    );
    expect((await coverage()).addedYears).toContain(2027);
    expect((await api.send('POST', '/v1/calendar-days', { token: PLATFORM_TOKEN, json: days })).status).toBe(
      409,
    );
  });
});
