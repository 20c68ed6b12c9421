import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptCase,
  dispatchCase,
  evaluateCase,
  reportCase,
  verifyCase,
} from '../../../functions/cases/case-handling.service';
import { readCase, registerCase } from '../../../functions/cases/cases.service';
import { residentReporter, submitResidentReport } from '../../../functions/cases/resident-reports.service';
import { answerSatisfaction, publicRequest } from '../../../functions/cases/resident-tracking.service';
import { systemActor } from '../../../functions/platform/context';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DATA_KEY } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';

/**
 * A resident reports a blocked fire lane; it is handled and closed; the resident answers "not
 * solved" and it reopens to its handler with their words; the second closure is rated satisfied,
 * which is final and feeds the case's evaluation. The link closes 14 days after a closure.
 */
let db: TestDatabase;
let city: TenantRow;
let clock = new Date('2026-11-02T02:00:00Z');
const as = (id: string) => ({
  db: db.db,
  tenant: city,
  actor: { kind: 'platform' as const, id },
  now: () => clock,
  dataKey: DATA_KEY,
});
const resident = () => ({
  db: db.db,
  tenant: city,
  actor: systemActor('resident'),
  now: () => clock,
  dataKey: DATA_KEY,
});

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

async function handleAndClose(id: string) {
  if ((await readCase(as('manager'), id)).row.status === 'collected') {
    await registerCase(as('manager'), id, {});
    await dispatchCase(as('manager'), id, {});
  }
  await acceptCase(as('officer'), id, {}).catch(() => undefined);
  await reportCase(as('officer'), id, { summary: '已清理通道' });
  return verifyCase(as('manager'), id, { outcome: 'fixed' });
}

describe('satisfaction after closure', () => {
  it('reopens on "not solved" and closes for good on "satisfied"', async () => {
    const report = await submitResidentReport(resident(), {
      serviceCode: 'city_operation',
      placeCode: 'east-c1-g1',
      description: '消防通道被私家车堵塞',
      contact: '13800138000',
      attributes: { hazard: 'true' },
    });
    const number = report.row.number;
    expect(report.row).toMatchObject({ channel: 'resident', status: 'collected' });
    expect(await residentReporter(as('manager'), report.row)).toEqual({
      contact: '138****8000',
      point: null,
    });
    const early = answerSatisfaction(resident(), number, { token: report.token, answer: 'satisfied' });
    await expect(early).rejects.toMatchObject({ code: 'report.feedback_not_closed' });
    await handleAndClose(report.row.id);
    await expect(
      answerSatisfaction(resident(), number, { token: 'wrong', answer: 'satisfied' }),
    ).rejects.toMatchObject({ status: 403 });
    const reopened = await answerSatisfaction(resident(), number, {
      token: report.token,
      answer: 'not_solved',
      words: '车又停回来了',
    });
    expect(reopened).toMatchObject({ status: 'handling', satisfaction: 1, closedAt: null });
    await handleAndClose(report.row.id);
    clock = new Date(clock.getTime() + 3 * 86_400_000);
    const rated = await answerSatisfaction(resident(), number, { token: report.token, answer: 'satisfied' });
    expect(rated).toMatchObject({ status: 'closed', satisfaction: 5 });
    await expect(
      answerSatisfaction(resident(), number, { token: report.token, answer: 'not_solved' }),
    ).rejects.toMatchObject({ code: 'report.feedback_final' });
    const { events } = await publicRequest(resident(), number);
    expect(events.map((event) => event.kind)).toEqual([
      'collect',
      'register',
      'dispatch',
      'accept',
      'report',
      'close',
      'reopen',
      'report',
      'close',
      'rate',
    ]);
    const audit = await db.query<{ action: string }>(
      `select action from audit_events where target_id = $1 and action in ('case.reopen', 'case.rate')`,
      [report.row.id],
    );
    expect(audit.map((row) => row.action).sort()).toEqual(['case.rate', 'case.reopen']);
  });

  it('stands in the evaluation: staff cannot replace the reporter’s rating (the 2026-12-07 review)', async () => {
    const report = await submitResidentReport(resident(), {
      serviceCode: 'city_operation',
      placeCode: 'east-c1-g1',
      description: '路灯不亮',
      contact: '13800138001',
      attributes: { hazard: 'false' },
    });
    await handleAndClose(report.row.id);
    await answerSatisfaction(resident(), report.row.number, { token: report.token, answer: 'satisfied' });
    const before = await readCase(as('manager'), report.row.id);
    // Before the fix the manager's 1 replaced the reporter's 5 and the case read "evaluated, 1".
    await expect(
      evaluateCase(as('manager'), report.row.id, { satisfaction: 1, version: before.row.version }),
    ).rejects.toMatchObject({ status: 409, code: 'case.rated_by_resident' });
    expect((await readCase(as('manager'), report.row.id)).row).toMatchObject({
      status: 'closed',
      satisfaction: 5,
      version: before.row.version,
    });
    const evaluated = await evaluateCase(as('manager'), report.row.id, { version: before.row.version });
    expect(evaluated).toMatchObject({ status: 'evaluated', satisfaction: 5 });
  });

  it('is open for 14 days after closure only', async () => {
    const report = await submitResidentReport(resident(), {
      serviceCode: 'city_operation',
      placeCode: 'east-c1',
      description: '路灯不亮',
    });
    await handleAndClose(report.row.id);
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    await expect(
      answerSatisfaction(resident(), report.row.number, { token: report.token, answer: 'not_solved' }),
    ).rejects.toMatchObject({ code: 'report.feedback_expired' });
  });
});
