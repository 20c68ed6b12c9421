import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { evaluationRatings, evaluationResults } from '../../../schema';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { GOOD_PASSWORD, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';
import { admissionRecords, departmentId, haidianCity, staff, urbanCases } from './haidian-story.support';

/**
 * The story: a half-year campaign in a Haidian-style city. The street rates 城管's squad
 * stationed with it, the district rates the street, communities rate departments, a third-party
 * survey of 200 residents is entered; the squad deputy's combined score follows the street's 50 %
 * share; 城管's case figures enter its score with the rows they came from; results are sealed and
 * published; a rater reads only their own ratings; self-rating is refused; an edit after sealing
 * is detected.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let clock = new Date('2026-07-02T02:00:00Z');
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let caseIds: string[] = [];

interface CampaignView {
  campaign: { id: string; status: string };
  subjects: {
    id: string;
    kind: string;
    name: { zh: string };
    departmentId: string | null;
    stationId: string | null;
  }[];
  mine: {
    id: string;
    subjectId: string;
    part: string;
    raterUnitId: string | null;
    raterDepartmentId: string | null;
  }[];
}
interface ResultView {
  subject: { id: string; kind: string; name: { zh: string } };
  score: number | null;
  complete: boolean;
  award: boolean;
  vetoed: boolean;
  parts: {
    part: string;
    score: number | null;
    weight: number;
    raters?: number;
    answers?: number;
    measures?: { name: string; figures: Record<string, number>; rows: Record<string, string[]> }[];
  }[];
}

const path = (rest = '') => `/v1/t/${city.slug}/evaluation${rest}`;
const send = (who: string, method: string, url: string, json?: unknown) =>
  api.send(method, url, { token: tokens[who] ?? null, ...(json === undefined ? {} : { json }) });

async function view(who: string): Promise<CampaignView> {
  const response = await send(who, 'GET', path(`/campaigns/${ids.campaign}`));
  expect(response.status).toBe(200);
  return body<CampaignView>(response);
}

/** Rates every assignment the person has for subjects of `kinds`, with one score for every criterion. */
async function rateAll(who: string, score: number, kinds: string[], part?: string) {
  const { mine, subjects } = await view(who);
  let rated = 0;
  for (const assignment of mine) {
    const subject = subjects.find((row) => row.id === assignment.subjectId);
    if (!subject || !kinds.includes(subject.kind) || (part && assignment.part !== part)) continue;
    const response = await send(who, 'POST', path(`/campaigns/${ids.campaign}/ratings`), {
      assignmentId: assignment.id,
      scores: { results: score, service: score, cooperation: score },
      comment: `${who} 的评价`,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    rated += 1;
  }
  return rated;
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await haidianCity(db.db);
  ids.urban = await departmentId(db.db, city, 'urban_management');
  ids.civil = await departmentId(db.db, city, 'civil_affairs');
  ids.s1 = await unitId(db.db, city.id, 's1');
  ids.c1 = await unitId(db.db, city.id, 's1-c1');
  const people = {
    admin: await staff(db.db, city, 'city_administrator', 'city'),
    district: await staff(db.db, city, 'district_administrator', 'hd'),
    street: await staff(db.db, city, 'community_staff', 's1'),
    c1: await staff(db.db, city, 'community_staff', 's1-c1'),
    c2: await staff(db.db, city, 'community_staff', 's1-c2'),
    urban: await staff(db.db, city, 'department_officer', 'city', ids.urban),
    deputy: await staff(db.db, city, 'department_officer', 'city', ids.urban),
    surveyor: await staff(db.db, city, 'surveyor', 's1-c1'),
  };
  for (const [who, person] of Object.entries(people)) {
    tokens[who] = await signedIn(api, city.slug, person.email, GOOD_PASSWORD);
    ids[`user.${who}`] = person.id;
  }
  caseIds = await urbanCases(db.db, city, [5, 4]);
  const funding = await admissionRecords(db.db, city, ids.urban, ids.c1, caseIds[0] ?? '');
  ids.fundingOnTime = funding.onTime;
  ids.fundingLate = funding.late;
});
afterAll(async () => db.close());

describe('a half-year two-way evaluation in a Haidian-style city', () => {
  it('registers 城管’s squad stationed in the street and opens the campaign from the Haidian template', async () => {
    const station = await send('admin', 'POST', path('/stations'), {
      departmentId: ids.urban,
      hostUnitId: ids.s1,
      name: { zh: '城管执法队学院路分队', en: 'Urban management squad, Xueyuan Road' },
    });
    expect(station.status).toBe(201);
    ids.station = (await body<{ id: string }>(station)).id;
    const campaign = {
      title: { zh: '2026年上半年双向考核', en: 'Two-way evaluation, first half of 2026' },
      template: 'haidian',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      opensAt: '2026-07-01T00:00:00+08:00',
      closesAt: '2026-07-15T00:00:00+08:00',
      subjects: {
        levels: ['street'],
        departments: true,
        stations: true,
        people: [
          {
            userId: ids['user.deputy'],
            name: { zh: '分队副队长', en: 'Squad deputy' },
            stationId: ids.station,
          },
        ],
      },
    };
    // The street's share of a stationed agency's deputy may not drop below 50 %.
    const before = await snapshotStore(db);
    const broken = await send('admin', 'POST', path('/campaigns'), {
      ...campaign,
      scheme: {
        mix: { person: { weights: { host: 0.4, department: 0.4, from_below: 0.2 }, floors: { host: 0.5 } } },
      },
    });
    expect(broken.status).toBe(422);
    expect((await body<ErrorBody>(broken)).error.details?.[0]).toMatchObject({
      code: 'evaluation.floor_broken',
    });
    expect(await snapshotStore(db)).toEqual(before);
    expect((await send('street', 'POST', path('/campaigns'), campaign)).status).toBe(403);
    const opened = await send('admin', 'POST', path('/campaigns'), campaign);
    expect(opened.status, await opened.clone().text()).toBe(201);
    ids.campaign = (await body<{ id: string }>(opened)).id;
  });

  it('derives who rates whom: the street its squad, the district the street, communities the departments', async () => {
    const street = await view('street');
    const parts = (who: CampaignView, kind: string) =>
      who.mine
        .filter((a) => who.subjects.find((s) => s.id === a.subjectId)?.kind === kind)
        .map((a) => a.part);
    expect(parts(street, 'station')).toEqual(['host']);
    expect(parts(street, 'person')).toEqual(['host']);
    const district = await view('district');
    expect(district.mine.map((a) => district.subjects.find((s) => s.id === a.subjectId)?.name.zh)).toEqual(
      expect.arrayContaining(['学院路街道', '中关村街道']),
    );
    expect(new Set(parts(district, 'unit'))).toEqual(new Set(['from_above']));
    const c1 = await view('c1');
    expect(parts(c1, 'department').length).toBeGreaterThan(5);
    expect(new Set(parts(c1, 'department'))).toEqual(new Set(['from_below']));
  });

  it('takes ratings inside the window; a rater reads only their own; nobody rates themselves', async () => {
    expect(await rateAll('street', 60, ['station', 'person'])).toBe(2);
    expect(await rateAll('urban', 100, ['station', 'person'])).toBe(2);
    expect(await rateAll('c1', 100, ['station', 'person', 'department'])).toBeGreaterThan(2);
    expect(await rateAll('c2', 80, ['station', 'person', 'department'])).toBeGreaterThan(2);
    expect(await rateAll('district', 85, ['unit'])).toBe(2);
    // The deputy is an officer of 城管, which rates the deputy: the deputy may not rate themselves.
    const deputy = await view('deputy');
    const own = deputy.mine.find((a) => deputy.subjects.find((s) => s.id === a.subjectId)?.kind === 'person');
    expect(own).toBeDefined();
    const before = await snapshotStore(db);
    const self = await send('deputy', 'POST', path(`/campaigns/${ids.campaign}/ratings`), {
      assignmentId: own?.id,
      scores: { results: 100, service: 100, cooperation: 100 },
    });
    expect(self.status).toBe(403);
    expect((await body<ErrorBody>(self)).error.code).toBe('evaluation.self_rating');
    // Another community's assignment is not c1's to fill.
    const c2 = await view('c2');
    const theirs = await send('c1', 'POST', path(`/campaigns/${ids.campaign}/ratings`), {
      assignmentId: c2.mine[0]?.id,
      scores: { results: 1, service: 1, cooperation: 1 },
    });
    expect(theirs.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
    const mine = await body<{ items: { assignmentId: string; comment: string }[] }>(
      await send('c1', 'GET', path(`/campaigns/${ids.campaign}/ratings`)),
    );
    const c1Assignments = new Set((await view('c1')).mine.map((a) => a.id));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(
      mine.items.every((rating) => c1Assignments.has(rating.assignmentId) && rating.comment === 'c1 的评价'),
    ).toBe(true);
    // Not even the city administrator reads anyone's ratings.
    const admins = await body<{ items: unknown[] }>(
      await send('admin', 'GET', path(`/campaigns/${ids.campaign}/ratings`)),
    );
    expect(admins.items).toEqual([]);
  });

  it('enters a third-party survey of 200 residents, takes one more through its link, and refuses more than the sample', async () => {
    const opened = await send('surveyor', 'POST', `/v1/t/${city.slug}/surveys`, {
      campaignId: ids.campaign,
      orgUnitId: ids.c1,
      title: { zh: '展春园社区居民满意度调查', en: 'Zhanchunyuan residents’ satisfaction survey' },
      questions: [
        {
          code: 'overall',
          text: { zh: '对社区工作总体满意吗？', en: 'Overall satisfaction with the community' },
        },
        {
          code: 'urban',
          text: { zh: '对城管执法满意吗？', en: 'Satisfaction with urban management' },
          departmentId: ids.urban,
        },
      ],
      sampleSize: 201,
      fieldedOn: '2026-06-20',
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const { survey, token } = await body<{ survey: { id: string }; token: string }>(opened);
    const responses = Array.from({ length: 200 }, (_, i) => ({
      overall: i % 2 ? 5 : 4,
      urban: i % 4 === 0 ? 3 : 4,
    }));
    const entered = await send('surveyor', 'POST', `/v1/t/${city.slug}/surveys/${survey.id}/answers`, {
      responses,
    });
    expect(entered.status).toBe(200);
    expect(await body(entered)).toEqual({ answered: 200, sampleSize: 201 });
    // One resident answers through the link's page, anonymously; then the sample is complete.
    const form = await api.get(`/t/${city.slug}/survey/${token}`);
    expect(await form.text()).toContain('对城管执法满意吗？');
    const answered = await api.get(`/t/${city.slug}/survey/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ overall: '5' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('已匿名计入');
    const link = `/v1/t/${city.slug}/survey-links/${token}`;
    expect((await api.send('GET', link)).status).toBe(200);
    const full = await api.send('POST', link, { json: { answers: { overall: 5 } } });
    expect(full.status).toBe(409);
    expect(
      (await send('c1', 'POST', `/v1/t/${city.slug}/surveys/${survey.id}/answers`, { responses })).status,
    ).toBe(403);
  });

  it('lets the community veto an award to the squad stationed with it, with a reason', async () => {
    const { subjects } = await view('c1');
    const squad = subjects.find((s) => s.kind === 'station');
    const veto = await send('c1', 'POST', path(`/campaigns/${ids.campaign}/vetoes`), {
      subjectId: squad?.id,
      communityUnitId: ids.c1,
      reason: '夜间执法扰民，居民多次投诉',
    });
    expect(veto.status).toBe(201);
    const department = subjects.find((s) => s.kind === 'department');
    const notStationed = await send('c1', 'POST', path(`/campaigns/${ids.campaign}/vetoes`), {
      subjectId: department?.id,
      communityUnitId: ids.c1,
      reason: '不适用',
    });
    expect(notStationed.status).toBe(403);
  });

  it('computes nothing while the window is open, refuses ratings after it, then seals the results', async () => {
    expect((await send('admin', 'POST', path(`/campaigns/${ids.campaign}/close`))).status).toBe(409);
    clock = new Date('2026-07-16T02:00:00Z');
    const late = await send('street', 'POST', path(`/campaigns/${ids.campaign}/ratings`), {
      assignmentId: (await view('street')).mine[0]?.id,
      scores: { results: 1, service: 1, cooperation: 1 },
    });
    expect(late.status).toBe(409);
    const sealed = await send('admin', 'POST', path(`/campaigns/${ids.campaign}/close`));
    expect(sealed.status).toBe(200);
    expect(await body(sealed)).toMatchObject({
      status: 'sealed',
      sealHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await send('admin', 'POST', path(`/campaigns/${ids.campaign}/close`))).status).toBe(409);
  });

  it("mixes the deputy's score with the street's share at 50 %, and 城管's case figures traceably", async () => {
    const { items } = await body<{ items: ResultView[] }>(
      await send('district', 'GET', path(`/campaigns/${ids.campaign}/results`)),
    );
    const deputy = items.find((r) => r.subject.kind === 'person');
    const host = deputy?.parts.find((p) => p.part === 'host');
    expect(host).toMatchObject({ weight: 0.5, score: 60, raters: 1 });
    expect(deputy?.parts.find((p) => p.part === 'department')).toMatchObject({ weight: 0.3, score: 100 });
    expect(deputy?.parts.find((p) => p.part === 'from_below')).toMatchObject({
      weight: 0.2,
      score: 90,
      raters: 2,
    });
    // 0.5 × 60 + 0.3 × 100 + 0.2 × 90: the street's rating carries half of the score.
    expect(deputy?.score).toBe(78);
    const squad = items.find((r) => r.subject.kind === 'station');
    expect(squad?.vetoed).toBe(true);
    expect(squad?.award).toBe(false);
    const urban = items.find((r) => r.subject.kind === 'department' && r.subject.name.zh.includes('城'));
    const measured = urban?.parts.find((p) => p.part === 'measured');
    const cases = measured?.measures?.find((m) => m.name === 'cases');
    expect(cases?.figures).toMatchObject({ received: 3, closed: 2, onTime: 2, rated: 2, satisfaction: 4.5 });
    expect(new Set(cases?.rows.cases)).toEqual(new Set(caseIds));
    // Admission's records enter the same part, each figure with its rows.
    const funding = measured?.measures?.find((m) => m.name === 'funding_on_time');
    expect(funding?.figures).toMatchObject({
      obligations: 2,
      paidOnTime: 1,
      owedYuan: 1500,
      paidOnTimeYuan: 1000,
    });
    expect(funding?.rows.paidOnTime).toEqual([ids.fundingOnTime]);
    expect(measured?.measures?.find((m) => m.name === 'agreement_obligations')?.figures).toMatchObject({
      judged: 2,
      met: 1,
    });
    expect(measured?.measures?.find((m) => m.name === 'admitted_work')?.figures).toMatchObject({
      pushedDown: 1,
      declined: 0,
    });
    expect(urban?.parts.find((p) => p.part === 'survey')).toMatchObject({ answers: 200 });
    expect(urban?.score).not.toBeNull();
  });

  it('answers an objection with a reason and exports the results for performance pay', async () => {
    const { subjects } = await view('deputy');
    const person = subjects.find((s) => s.kind === 'person');
    const filed = await send('deputy', 'POST', path(`/campaigns/${ids.campaign}/objections`), {
      subjectId: person?.id,
      text: '街道评分未考虑汛期加班',
    });
    expect(filed.status).toBe(201);
    const objection = await body<{ id: string }>(filed);
    const answered = await send('admin', 'POST', path(`/objections/${objection.id}/answer`), {
      outcome: 'rejected',
      answer: '评分依据街道日常考核记录，已核实。',
    });
    expect(answered.status).toBe(200);
    expect(await body(answered)).toMatchObject({
      outcome: 'rejected',
      answer: '评分依据街道日常考核记录，已核实。',
    });
    const csv = await send('admin', 'GET', path(`/campaigns/${ids.campaign}/export?format=csv`));
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('分队副队长,person,78,');
    const xls = await send('admin', 'GET', path(`/campaigns/${ids.campaign}/export?format=xls`));
    expect(await xls.text()).toContain('<Data ss:Type="Number">78</Data>');
  });

  it('publishes the sealed scores, satisfaction by community and department, and methods, naming no rater', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = await api.get(`/t/${city.slug}/evaluation?lang=${lang}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(lang === 'zh' ? '城管执法队学院路分队' : 'Urban management squad, Xueyuan Road');
      // The charts are HTML bars (labels at the page's own size), each with its table beside it.
      expect(html).toContain('class="chart bars" role="img"');
      expect(html).not.toContain('<script');
      expect(html).toContain(lang === 'zh' ? '展春园社区' : 'Zhanchunyuan');
      // The survey's 200 answers are published; the two communities' ratings from below are withheld.
      expect(html).toMatch(/<td>200<\/td>/);
      expect(html).toContain('(&lt;5)');
      // No person's score, comment or account appears.
      expect(html).not.toContain('分队副队长');
      expect(html).not.toContain('的评价');
      expect(html).not.toContain('example.org');
    }
  });

  it('verifies the sealed chain, and detects a score edited after sealing', async () => {
    const ok = await body<{ ok: boolean; checked: number; problems: unknown[] }>(
      await send('admin', 'GET', path(`/campaigns/${ids.campaign}/verification`)),
    );
    expect(ok.problems, JSON.stringify(ok)).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(10);
    await db.db
      .update(evaluationResults)
      .set({ score: 99 })
      .where(and(eq(evaluationResults.campaignId, ids.campaign ?? ''), eq(evaluationResults.seq, 2)));
    const broken = await body<{ ok: boolean; problems: { seq: number; problem: string }[] }>(
      await send('admin', 'GET', path(`/campaigns/${ids.campaign}/verification`)),
    );
    expect(broken.ok).toBe(false);
    expect(broken.problems).toContainEqual(expect.objectContaining({ seq: 2, problem: 'hash' }));
  });

  it('keeps ratings in the database only under their raters', async () => {
    const [row] = await db.db
      .select({ n: sql<number>`count(distinct rater_ref)::int` })
      .from(evaluationRatings);
    expect(row?.n).toBe(5);
  });
});
