import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, person } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';
import { type Api, councilWithMembers, type Seat } from './council-fixture';

/**
 * A secret vote's refusals, each writing nothing: a non-member, an absent member, a member of
 * another community's council, a second ballot, a ballot after closing, an administrator asking
 * for the ballots; and a sealed tally edited in the database is caught by verification.
 */
let db: TestDatabase;
let api: Api;
let city: TenantRow;
let seats: Seat[] = [];
let elsewhere: Seat[] = [];
let staff = '';
let admin = '';
let unseated = '';
let voteId = '';

const as = (token: string, method: string, path: string, json?: unknown) =>
  api.send(method, `/v1/t/${city.slug}${path}`, { token, ...(json !== undefined ? { json } : {}) });

async function refusedWritingNothing(
  attempt: () => Response | Promise<Response>,
  status: number,
  code?: string,
) {
  const before = await snapshotStore(db);
  const response = await attempt();
  expect(response.status).toBe(status);
  if (code) expect((await body<ErrorBody>(response)).error.code).toBe(code);
  expect(await snapshotStore(db)).toEqual(before);
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const main = await councilWithMembers(db.db, api, city, 'east-c1', 4, { ballot: 'secret' });
  seats = main.seats;
  elsewhere = (await councilWithMembers(db.db, api, city, 'east-c2', 3)).seats;
  const worker = await person(db.db, city, 'community_staff', 'east-c1');
  staff = await signedIn(api, city.slug, worker.email, worker.password);
  const cityAdmin = await person(db.db, city, 'city_administrator', 'city');
  admin = await signedIn(api, city.slug, cityAdmin.email, cityAdmin.password);
  const loose = await person(db.db, city, 'council_member', 'east-c1');
  unseated = await signedIn(api, city.slug, loose.email, loose.password);
  const proposal = await body<{ id: string }>(
    await as(seats[0]?.token ?? '', 'POST', `/councils/${main.councilId}/proposals`, {
      title: '社区停车位划线',
      body: '重新规划停车位。',
    }),
  );
  await as(staff, 'POST', `/council-proposals/${proposal.id}/decision`, { action: 'accept' });
  const meeting = await body<{ id: string; agenda: { id: string }[] }>(
    await as(staff, 'POST', `/councils/${main.councilId}/meetings`, {
      kind: 'decision',
      title: '议事决策会',
      heldAt: new Date().toISOString(),
      place: '社区会议室',
      agenda: [{ title: '社区停车位划线', proposalId: proposal.id }],
    }),
  );
  await as(staff, 'POST', `/council-meetings/${meeting.id}/record`, {
    attendance: seats.slice(0, 3).map((s) => s.memberId),
  });
  const vote = await as(staff, 'POST', `/council-meetings/${meeting.id}/votes`, {
    agendaItemId: meeting.agenda[0]?.id,
  });
  expect(vote.status).toBe(201);
  voteId = (await body<{ id: string; ballot: string }>(vote)).id;
});
afterAll(async () => db.close());

describe('who may vote, once, while the vote is open', () => {
  it('refuses people who hold no seat: staff, an unseated council member', async () => {
    const cast = (token: string) => () =>
      as(token, 'POST', `/council-votes/${voteId}/ballots`, { choice: 'for' });
    await refusedWritingNothing(cast(staff), 403, 'auth.forbidden');
    await refusedWritingNothing(cast(unseated), 403, 'council.not_member');
  });

  it("refuses a member of another community's council", async () => {
    await refusedWritingNothing(
      () => as(elsewhere[0]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice: 'for' }),
      403,
    );
  });

  it('refuses a member who is not present at the meeting', async () => {
    await refusedWritingNothing(
      () => as(seats[3]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice: 'for' }),
      403,
      'council.not_present',
    );
  });

  it('takes one ballot per member: a second is refused', async () => {
    const first = await as(seats[0]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, {
      choice: 'for',
    });
    expect(first.status).toBe(201);
    await refusedWritingNothing(
      () => as(seats[0]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice: 'against' }),
      409,
      'council.already_voted',
    );
    expect(
      (await as(seats[1]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice: 'against' }))
        .status,
    ).toBe(201);
  });

  it('refuses a ballot after the vote is closed', async () => {
    const closed = await as(staff, 'POST', `/council-votes/${voteId}/close`);
    expect(closed.status).toBe(200);
    expect(await body<{ tally: unknown; result: string }>(closed)).toMatchObject({
      tally: { for: 1, against: 1, abstain: 0 },
      result: 'rejected',
    });
    await refusedWritingNothing(
      () => as(seats[2]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice: 'for' }),
      409,
      'council.vote_closed',
    );
    await refusedWritingNothing(
      () => as(staff, 'POST', `/council-votes/${voteId}/close`),
      409,
      'council.vote_closed',
    );
  });
});

describe('a secret ballot', () => {
  it('is refused to administrators, the platform included, and no answer links a voter to a choice', async () => {
    for (const token of [admin, PLATFORM_TOKEN, seats[0]?.token ?? ''])
      await refusedWritingNothing(
        () => as(token, 'GET', `/council-votes/${voteId}/ballots`),
        403,
        'council.ballots_secret',
      );
    // Nothing stored links them: ballots carry no member and no time; the markers carry no choice.
    const ballots = await db.query<Record<string, unknown>>('select * from council_ballots');
    expect(ballots).toHaveLength(2);
    for (const ballot of ballots) {
      expect(ballot.member_id).toBeNull();
      expect(Object.keys(ballot).sort()).toEqual([
        'choice',
        'id',
        'member_id',
        'secret',
        'tenant_id',
        'vote_id',
      ]);
    }
    const markers = await db.query<Record<string, unknown>>('select * from council_voters');
    for (const marker of markers)
      expect(Object.keys(marker).sort()).toEqual(['member_id', 'tenant_id', 'vote_id']);
    // The audit trail says who voted, never how.
    const trail = await (await as(admin, 'GET', '/audit-events?limit=200')).text();
    expect(trail).toContain('council.ballot_cast');
    expect(trail).not.toMatch(/"choice"/);
    const vote = await (await as(admin, 'GET', `/council-votes/${voteId}`)).text();
    expect(vote).not.toMatch(/"choice"|memberId/);
  });
});

describe('a sealed tally', () => {
  it('verifies, cannot be updated, and an edit made past the guard is detected', async () => {
    expect(
      (await body<{ ok: boolean }>(await as(staff, 'GET', `/council-votes/${voteId}/verification`))).ok,
    ).toBe(true);
    await expect(db.query('update council_votes set for_count = 3 where id = $1', [voteId])).rejects.toThrow(
      /sealed/,
    );
    await db.query('alter table council_votes disable trigger council_votes_sealed');
    await db.query("update council_votes set for_count = 3, result = 'adopted' where id = $1", [voteId]);
    await db.query('alter table council_votes enable trigger council_votes_sealed');
    const before = await snapshotStore(db);
    const verified = await body<{ ok: boolean; problems: { code: string }[] }>(
      await as(staff, 'GET', `/council-votes/${voteId}/verification`),
    );
    expect(verified.ok).toBe(false);
    expect(verified.problems.map((p) => p.code)).toContain('council.tally_mismatch');
    expect(await snapshotStore(db)).toEqual(before);
  });
});
