import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, person } from '../../support/identity';
import { type Api, councilWithMembers, postForm, type Seat } from './council-fixture';

/**
 * The story: seven residents co-sign a proposal through the public site; the council
 * accepts it onto the agenda; the opinion and discussion meetings are minuted; the decision meeting
 * without quorum cannot vote; with quorum the representatives vote and it passes; a project with
 * milestones is created and its progress rolls up; the report-and-review meeting rates it; the public
 * page shows each step (and never a co-signer's contact).
 */
let db: TestDatabase;
let api: Api;
let city: TenantRow;
let councilId = '';
let seats: Seat[] = [];
let staff = '';
const clock = new Date('2026-03-02T02:00:00Z');
const CONTACTS = Array.from({ length: 7 }, (_, i) => `1390000${String(1000 + i)}`);

const page = async () => {
  const response = await api.get(`/t/${city.slug}/communities/east-c1/council`);
  expect(response.status).toBe(200);
  const html = await response.text();
  for (const contact of CONTACTS) expect(html).not.toContain(contact);
  return html;
};
const as = (token: string, method: string, path: string, json?: unknown) =>
  api.send(method, `/v1/t/${city.slug}${path}`, { token, ...(json !== undefined ? { json } : {}) });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  ({ councilId, seats } = await councilWithMembers(db.db, api, city, 'east-c1', 6));
  const worker = await person(db.db, city, 'community_staff', 'east-c1');
  staff = await signedIn(api, city.slug, worker.email, worker.password);
});
afterAll(async () => db.close());

describe("a residents' proposal through Guiyang's 三会一评", () => {
  let proposalId = '';
  let itemId = '';
  let decisionMeeting = '';
  let voteId = '';
  let projectId = '';

  it('is started by a resident and co-signed by six neighbours on the public site, then submitted', async () => {
    const started = await postForm(api, `/t/${city.slug}/communities/east-c1/council/proposals`, {
      title: '沙河边设警务室',
      body: '沙河沿岸夜间无人巡逻，建议设立警务室。',
      contact: CONTACTS[0] as string,
    });
    expect(started.status).toBe(303);
    const [row] = await db.query<{ id: string; status: string }>('select id, status from council_proposals');
    proposalId = row?.id ?? '';
    expect(row?.status).toBe('draft');
    expect(await page()).toContain('已有 1 人联署（需 7 人）');
    // Any three characters used to count as a co-signer's contact ("zzz", "abc": two more names).
    const fake = await postForm(
      api,
      `/t/${city.slug}/communities/east-c1/council/proposals/${proposalId}/support`,
      { contact: 'zzz' },
    );
    expect(fake.status).toBe(422);
    const refusedPage = await fake.text();
    expect(refusedPage).toContain('role="alert"');
    expect(refusedPage).toContain('请填写手机号、座机号或电子邮箱');
    expect(await page()).toContain('已有 1 人联署（需 7 人）');
    for (const contact of CONTACTS.slice(1)) {
      const support = await postForm(
        api,
        `/t/${city.slug}/communities/east-c1/council/proposals/${proposalId}/support`,
        { contact },
      );
      expect(support.status).toBe(303);
    }
    const again = await postForm(
      api,
      `/t/${city.slug}/communities/east-c1/council/proposals/${proposalId}/support`,
      {
        contact: CONTACTS[3] as string,
      },
    );
    expect(again.status).toBe(409);
    const read = await body<{ status: string; supporters: number }>(
      await as(staff, 'GET', `/council-proposals/${proposalId}`),
    );
    expect(read).toMatchObject({ status: 'submitted', supporters: 7 });
    expect(await page()).toContain('已提交');
    // The contacts are sealed, never stored in the clear.
    const sealed = await db.query<{ contact_sealed: string }>('select contact_sealed from council_supports');
    expect(sealed).toHaveLength(7);
    for (const s of sealed) expect(CONTACTS.some((c) => s.contact_sealed.includes(c))).toBe(false);
  });

  it('is accepted onto the agenda; the opinion and discussion meetings are minuted', async () => {
    const accepted = await as(staff, 'POST', `/council-proposals/${proposalId}/decision`, {
      action: 'accept',
    });
    expect(accepted.status).toBe(200);
    for (const [kind, minutes] of [
      ['opinion_collection', '群众意见收集会：居民反映沙河沿岸治安问题，共收集意见 12 条。'],
      ['topic_discussion', '议题讨论会：讨论选址与经费，建议列入决策会议程。'],
    ] as const) {
      const meeting = await as(seats[0]?.token ?? '', 'POST', `/councils/${councilId}/meetings`, {
        kind,
        title: kind === 'opinion_collection' ? '三月群众意见收集会' : '三月议题讨论会',
        heldAt: '2026-03-05T19:00:00+08:00',
        place: '东一社区会议室',
        agenda: [{ title: '沙河边设警务室', proposalId }],
      });
      expect(meeting.status).toBe(201);
      const id = (await body<{ id: string }>(meeting)).id;
      const recorded = await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${id}/record`, { minutes });
      expect(recorded.status).toBe(200);
    }
    const html = await page();
    expect(html).toContain('已列入议程');
    expect(html).toContain('共收集意见 12 条');
    expect(html).toContain('建议列入决策会议程');
  });

  it('cannot vote at the decision meeting without quorum; with quorum it passes', async () => {
    const meeting = await as(seats[0]?.token ?? '', 'POST', `/councils/${councilId}/meetings`, {
      kind: 'decision',
      title: '三月议事决策会',
      heldAt: '2026-03-10T19:00:00+08:00',
      place: '东一社区会议室',
      agenda: [{ title: '沙河边设警务室', proposalId }],
    });
    const created = await body<{ id: string; agenda: { id: string }[] }>(meeting);
    decisionMeeting = created.id;
    itemId = created.agenda[0]?.id ?? '';
    await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${decisionMeeting}/record`, {
      attendance: seats.slice(0, 3).map((s) => s.memberId),
    });
    const short = await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${decisionMeeting}/votes`, {
      agendaItemId: itemId,
    });
    expect(short.status).toBe(409);
    expect((await body<{ error: { code: string } }>(short)).error.code).toBe('council.no_quorum');
    await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${decisionMeeting}/record`, {
      attendance: seats.slice(0, 5).map((s) => s.memberId),
    });
    const opened = await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${decisionMeeting}/votes`, {
      agendaItemId: itemId,
    });
    expect(opened.status).toBe(201);
    const vote = await body<{ id: string; present: number; quorum: number; inOffice: number }>(opened);
    expect(vote).toMatchObject({ present: 5, quorum: 4, inOffice: 6 });
    voteId = vote.id;
    const choices = ['for', 'for', 'for', 'for', 'against'];
    for (const [i, choice] of choices.entries()) {
      const cast = await as(seats[i]?.token ?? '', 'POST', `/council-votes/${voteId}/ballots`, { choice });
      expect(cast.status).toBe(201);
    }
    const closed = await body<{ result: string; tally: unknown; seal: { seq: number } | null }>(
      await as(seats[0]?.token ?? '', 'POST', `/council-votes/${voteId}/close`),
    );
    expect(closed).toMatchObject({ result: 'adopted', tally: { for: 4, against: 1, abstain: 0 } });
    expect(closed.seal).not.toBeNull();
    const verified = await body<{ ok: boolean }>(
      await as(staff, 'GET', `/council-votes/${voteId}/verification`),
    );
    expect(verified.ok).toBe(true);
    const proposal = await body<{ status: string }>(
      await as(staff, 'GET', `/council-proposals/${proposalId}`),
    );
    expect(proposal.status).toBe('decided');
    const html = await page();
    expect(html).toContain('赞成 4，反对 1，弃权 0');
    expect(html).toContain('表决通过');
  });

  it('becomes a project with milestones whose progress rolls up from its weighted parts', async () => {
    const created = await as(staff, 'POST', `/council-proposals/${proposalId}/project`, {
      owner: '东一社区居委会',
      budgetYuan: 100000,
      parts: [
        { title: '选址与设计', weight: 1 },
        { title: '施工与验收', weight: 3 },
      ],
      milestones: [
        { title: '设计完成', dueOn: '2026-04-01' },
        { title: '警务室启用', dueOn: '2026-06-30' },
      ],
    });
    expect(created.status).toBe(201);
    const project = await body<{
      id: string;
      parts: { id: string; title: string }[];
      milestones: { id: string }[];
    }>(created);
    projectId = project.id;
    const design = project.parts.find((p) => p.title === '选址与设计');
    const build = project.parts.find((p) => p.title === '施工与验收');
    expect(
      (await as(staff, 'POST', `/council-projects/${design?.id}/progress`, { progress: 100 })).status,
    ).toBe(200);
    await as(staff, 'POST', `/council-projects/${build?.id}/progress`, { progress: 50 });
    const parentRefused = await as(staff, 'POST', `/council-projects/${projectId}/progress`, {
      progress: 10,
    });
    expect(parentRefused.status).toBe(422);
    await as(staff, 'POST', `/council-projects/${projectId}/progress`, {
      milestonesDone: [{ id: project.milestones[0]?.id, doneOn: '2026-03-28' }],
    });
    const read = await body<{ progress: number }>(await as(staff, 'GET', `/council-projects/${projectId}`));
    // (100 × 1 + 50 × 3) / 4 = 62.5
    expect(read.progress).toBe(63);
    expect(await page()).toContain('进度 63%');
  });

  it('is reported on and rated at the report-and-review meeting, and carried out', async () => {
    const meeting = await body<{ id: string }>(
      await as(seats[0]?.token ?? '', 'POST', `/councils/${councilId}/meetings`, {
        kind: 'report_review',
        title: '年中述职评议会',
        heldAt: '2026-07-05T19:00:00+08:00',
        place: '东一社区会议室',
        agenda: [{ title: '警务室项目述职', proposalId }],
      }),
    );
    const review = await as(seats[0]?.token ?? '', 'POST', `/council-meetings/${meeting.id}/reviews`, {
      projectId,
      reporterName: '王明',
      reporterRole: '居委会主任',
      subject: '沙河边警务室建设',
      rating: 'satisfied',
    });
    expect(review.status).toBe(201);
    const wrongKind = await as(
      seats[0]?.token ?? '',
      'POST',
      `/council-meetings/${decisionMeeting}/reviews`,
      {
        reporterName: '王明',
        reporterRole: '居委会主任',
        subject: 'x',
        rating: 'satisfied',
      },
    );
    expect(wrongKind.status).toBe(409);
    const done = await as(staff, 'POST', `/council-proposals/${proposalId}/decision`, {
      action: 'carried_out',
    });
    expect(done.status).toBe(200);
    const html = await page();
    expect(html).toContain('居委会主任 王明');
    expect(html).toContain('满意');
    expect(html).toContain('已落实 1 件');
    const en = await (await api.get(`/t/${city.slug}/communities/east-c1/council?lang=en`)).text();
    expect(en).toContain('for 4, against 1, abstain 0');
    const atom = await api.get(`/t/${city.slug}/communities/east-c1/council/feed.atom`);
    expect(atom.headers.get('content-type')).toContain('atom');
    expect(await atom.text()).toContain('沙河边设警务室');
    const rss = await (await api.get(`/t/${city.slug}/communities/east-c1/council/feed.rss`)).text();
    expect(rss).toContain('<rss');
    for (const contact of CONTACTS) {
      expect(en).not.toContain(contact);
      expect(rss).not.toContain(contact);
    }
  });
});
