import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseSweep } from '../../../functions/cases/case-sweep';
import { createUser } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { auditEvents, departments } from '../../../schema';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';

/**
 * The story: a grid worker collects a case with a photo; the community registers and dispatches it to
 * 城管; 城管 misses its deadline across National Day with a make-up working day (the deadline is
 * right); the sweep escalates to the district with a supervision notice; 城管 reports; the grid
 * worker verifies "not fixed"; it goes back; a second report; verified and closed; evaluated. Each
 * refused step is refused: the handler verifying, a grid worker outside their grid, another city.
 */
let db: TestDatabase;
let clock = new Date('2026-09-29T02:00:00Z'); // Tuesday 10:00 in Asia/Shanghai
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let other: TenantRow;
const tokens = { grid: '', westGrid: '', community: '', stranger: '', officer: '' };
let urbanManagement: string;

interface CaseBody {
  id: string;
  status: string;
  version: number;
  levelUnitId: string;
  escalations: number;
  sentBack: number;
  breaches: number;
  onTime: boolean | null;
  handler: { kind: string; departmentId: string | null } | null;
  clock: { stage: string; warnAt: string; dueAt: string; secondDueAt: string; state: string } | null;
  timeline?: { kind: string; details: Record<string, unknown> }[];
}

const at = (iso: string) => {
  clock = new Date(iso);
};

async function officer(tenant: TenantRow, departmentKey: string) {
  const [department] = await db.db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, tenant.id), eq(departments.key, departmentKey)));
  if (!department) throw new Error(`no department ${departmentKey}`);
  const email = `officer-${departmentKey}@${tenant.slug}.example.org`;
  await createUser(
    { db: db.db, tenant, actor: platform, now: () => new Date() },
    {
      email,
      displayName: `${department.nameZh}执法队员`,
      password: GOOD_PASSWORD,
      roles: [
        {
          role: 'department_officer',
          orgUnitId: await unitId(db.db, tenant.id, 'city'),
          departmentId: department.id,
        },
      ],
    },
  );
  return { departmentId: department.id, token: await signedIn(api, tenant.slug, email, GOOD_PASSWORD) };
}

const step = async (token: string, id: string, path: string, json: unknown) =>
  api.send('POST', `/v1/t/${city.slug}/cases/${id}/${path}`, { token, json });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  other = await cityWithGrids(db.db);
  const grid = await person(db.db, city, 'grid_worker', 'east-c1-g1');
  const westGrid = await person(db.db, city, 'grid_worker', 'west-c1-g1');
  const community = await person(db.db, city, 'community_staff', 'east-c1');
  const stranger = await person(db.db, other, 'community_staff', 'east-c1');
  tokens.grid = await signedIn(api, city.slug, grid.email, grid.password);
  tokens.westGrid = await signedIn(api, city.slug, westGrid.email, westGrid.password);
  tokens.community = await signedIn(api, city.slug, community.email, community.password);
  tokens.stranger = await signedIn(api, other.slug, stranger.email, stranger.password);
  const um = await officer(city, 'urban_management');
  urbanManagement = um.departmentId;
  tokens.officer = um.token;
});
afterAll(async () => db.close());

describe('a grid case through the seven links, three loops and a holiday', () => {
  let caseId = '';
  let categoryId = '';

  it('is collected by the grid worker in their grid, and refused outside it', async () => {
    const categories = await body<{ items: { id: string; code: string; departmentId: string | null }[] }>(
      await api.get(`/v1/t/${city.slug}/case-categories`, {
        headers: { authorization: `Bearer ${tokens.grid}` },
      }),
    );
    expect(categories.items).toHaveLength(10);
    const operation = categories.items.find((item) => item.code === 'city_operation');
    expect(operation?.departmentId).toBe(urbanManagement);
    categoryId = operation?.id ?? '';
    const json = {
      categoryId,
      orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
      title: '井盖缺失',
      description: '3 号楼东侧人行道井盖缺失',
      attributes: { hazard: true },
    };
    const outside = await api.send('POST', `/v1/t/${city.slug}/cases`, { token: tokens.westGrid, json });
    expect(outside.status).toBe(403);
    const foreign = await api.send('POST', `/v1/t/${city.slug}/cases`, { token: tokens.stranger, json });
    expect(foreign.status).toBe(403);
    const response = await api.send('POST', `/v1/t/${city.slug}/cases`, { token: tokens.grid, json });
    expect(response.status).toBe(201);
    const collected = await body<CaseBody>(response);
    expect(collected).toMatchObject({ status: 'collected', clock: { stage: 'register', state: 'running' } });
    caseId = collected.id;
    // The photo taken on the spot goes with the collection.
    const photo = await api.get(`/v1/t/${city.slug}/cases/${caseId}/photos`, {
      method: 'POST',
      body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0xff, 0xd9]),
      headers: { authorization: `Bearer ${tokens.grid}`, 'content-type': 'image/jpeg' },
    });
    expect(photo.status).toBe(201);
    expect(await body<{ stage: string }>(photo)).toMatchObject({ stage: 'collection' });
  });

  it('is registered and dispatched by the community to 城管, the default handler', async () => {
    expect((await step(tokens.grid, caseId, 'register', {})).status).toBe(403);
    expect((await step(tokens.community, caseId, 'register', {})).status).toBe(200);
    at('2026-09-30T01:00:00Z'); // Wednesday 09:00, the day before National Day
    const response = await step(tokens.community, caseId, 'dispatch', {});
    expect(response.status).toBe(200);
    const dispatched = await body<CaseBody>(response);
    expect(dispatched.handler).toMatchObject({ kind: 'department', departmentId: urbanManagement });
    expect(dispatched.levelUnitId).toBe(await unitId(db.db, city.id, 'east-c1'));
    // Three working days: 1–7 October are off, then Thu 8, Fri 9 and Saturday 10 (调休, a make-up
    // working day). Due at the end of 10 October, city time; warned at the end of the 9th; the
    // second breach after six working days (8, 9, 10, 12, 13, 14).
    expect(dispatched.clock).toMatchObject({
      stage: 'handle',
      dueAt: '2026-10-10T16:00:00.000Z',
      warnAt: '2026-10-09T16:00:00.000Z',
      secondDueAt: '2026-10-14T16:00:00.000Z',
    });
  });

  it('is taken on by 城管 and escalated to the district by the sweep when the deadline passes', async () => {
    at('2026-10-08T02:00:00Z');
    expect((await step(tokens.officer, caseId, 'accept', {})).status).toBe(200);
    at('2026-10-09T17:00:00Z');
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ warned: 1, breached: 0 });
    at('2026-10-10T15:59:00Z');
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ warned: 0, breached: 0 });
    at('2026-10-10T16:01:00Z');
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ breached: 1, escalated: 1 });
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ breached: 0, escalated: 0 });
    const read = await body<CaseBody>(
      await api.get(`/v1/t/${city.slug}/cases/${caseId}`, {
        headers: { authorization: `Bearer ${tokens.community}` },
      }),
    );
    expect(read).toMatchObject({
      levelUnitId: await unitId(db.db, city.id, 'east'),
      escalations: 1,
      breaches: 1,
    });
    const notice = read.timeline?.find((event) => event.kind === 'supervision_notice');
    expect(notice?.details).toMatchObject({
      byUnitId: await unitId(db.db, city.id, 'east'),
      toUnitId: await unitId(db.db, city.id, 'east-c1'),
      handlerDepartmentId: urbanManagement,
      trigger: 'breach',
    });
  });

  it('is verified by the collector, never the handler; "not fixed" sends it back', async () => {
    at('2026-10-12T02:00:00Z');
    expect((await step(tokens.officer, caseId, 'report', { summary: '已补装井盖' })).status).toBe(200);
    const own = await step(tokens.officer, caseId, 'verify', { outcome: 'fixed' });
    expect(own.status).toBe(403);
    expect((await body<ErrorBody>(own)).error.code).toBe('case.handler_verifies');
    expect((await step(tokens.westGrid, caseId, 'verify', { outcome: 'fixed' })).status).toBe(403);
    expect((await step(tokens.stranger, caseId, 'verify', { outcome: 'fixed' })).status).toBe(403);
    const noReason = await step(tokens.grid, caseId, 'verify', { outcome: 'not_fixed' });
    expect(noReason.status).toBe(422);
    expect((await body<ErrorBody>(noReason)).error.details?.[0]).toMatchObject({
      path: 'reason',
      code: 'case.reason_required',
    });
    const back = await step(tokens.grid, caseId, 'verify', {
      outcome: 'not_fixed',
      reason: '井盖尺寸不符，仍有缝隙',
    });
    expect(back.status).toBe(200);
    expect(await body<CaseBody>(back)).toMatchObject({
      status: 'handling',
      sentBack: 1,
      clock: { stage: 'handle' },
    });
  });

  it('is closed after a second report and evaluated, all of it on the timeline and the audit trail', async () => {
    at('2026-10-13T02:00:00Z');
    expect((await step(tokens.officer, caseId, 'report', { summary: '更换为合规井盖' })).status).toBe(200);
    const closed = await step(tokens.grid, caseId, 'verify', { outcome: 'fixed' });
    expect(closed.status).toBe(200);
    expect(await body<CaseBody>(closed)).toMatchObject({ status: 'closed', onTime: false, clock: null });
    const evaluated = await step(tokens.community, caseId, 'evaluate', { satisfaction: 4 });
    expect(evaluated.status).toBe(200);
    const read = await body<CaseBody>(
      await api.get(`/v1/t/${city.slug}/cases/${caseId}`, {
        headers: { authorization: `Bearer ${tokens.grid}` },
      }),
    );
    expect(read.timeline?.map((event) => event.kind)).toEqual([
      'collect',
      'register',
      'dispatch',
      'accept',
      'warning',
      'breach',
      'escalate',
      'supervision_notice',
      'report',
      'send_back',
      'report',
      'close',
      'evaluate',
    ]);
    const audit = await db.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, city.id), eq(auditEvents.targetId, caseId)))
      .orderBy(auditEvents.seq);
    expect(audit.map((row) => row.action)).toEqual([
      'case.collect',
      'case.photo_add',
      'case.register',
      'case.dispatch',
      'case.accept',
      'case.escalate',
      'case.report',
      'case.send_back',
      'case.report',
      'case.close',
      'case.evaluate',
    ]);
  });

  it('is invisible to another city and to a grid worker of another grid', async () => {
    const foreign = await api.get(`/v1/t/${other.slug}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${tokens.stranger}` },
    });
    expect(foreign.status).toBe(404);
    const west = await api.get(`/v1/t/${city.slug}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${tokens.westGrid}` },
    });
    expect(west.status).toBe(404);
    const inbox = await body<{ items: unknown[] }>(
      await api.get(`/v1/t/${city.slug}/cases?box=all`, {
        headers: { authorization: `Bearer ${tokens.westGrid}` },
      }),
    );
    expect(inbox.items).toEqual([]);
  });
});
