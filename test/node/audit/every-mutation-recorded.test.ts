import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN, smallCity } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { registeredOperations } from '../../support/registry';
import { departmentKey, idNumberFor } from '../../support/sharing';

/**
 * The audit rule, walked over the API: every mutating operation the app registers writes an audit
 * row (`audit_events`) or a change event (`change_events`). Each operation has a recipe that performs
 * it once, successfully, against this file's database; the counts of both tables are taken around
 * it. A mutating route added without a recipe fails the first test, as the security suite refuses
 * a table it does not know.
 */

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

function mutatingOperations(): string[] {
  return registeredOperations()
    .filter((operation) => MUTATING.includes(operation.method))
    .map((operation) => `${operation.method} ${operation.path}`);
}

interface Recipe {
  /** What the operation needs first (may itself write; not counted). */
  prepare?: () => Promise<void>;
  /** The operation, once. */
  run: () => Response | Promise<Response>;
  /** Keeps what later recipes need from the answer (runs even if the counts then fail). */
  keep?: (response: Response) => Promise<void>;
  /** Anything more to check, after the counts. */
  check?: (response: Response) => Promise<void>;
}

/** Operations that by nature write neither an audit row nor a change event: key → why. */
const exempt: Record<string, string> = {
  'POST /v1/auth/sign-in': "a person's own session bookkeeping (a session row), not a change to the city",
  'POST /v1/auth/sign-out': "a person's own session bookkeeping (the session row goes)",
  'DELETE /v1/auth/sessions/{id}': "a person's own session bookkeeping (one of their session rows goes)",
  'POST /v1/t/{tenant}/verifications':
    'a read, not a change: it writes an access-log row, which its recipe asserts instead',
  'POST /v1/t/{tenant}/reforms/preview':
    'a preview: the reform runs in a transaction that is rolled back (test/node/tenants/reform-carry.test.ts asserts nothing is written)',
};

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let admin = '';
const keys = { police: '', civil: '', hrss: '' };
const NEW_PASSWORD = 'Neue-Mima-2026-ok!';
const idNumber = idNumberFor('1958-03-14', 123);
const purpose = { 'x-purpose': encodeURIComponent('employment_assistance;资格核验') };

/** Ids the recipes hand on to later ones. */
const state = {
  unitId: '',
  departmentId: '',
  clientId: '',
  keyId: '',
  rotatedKeyId: '',
  userId: '',
  userEmail: '',
  roleGrantId: '',
  userToken: '',
  totpSecret: '',
  otherSessionId: '',
  residentId: '',
  dataGrantId: '',
  correctionId: '',
  webhookId: '',
  incidentId: '',
  listingId: '',
  host: '',
  accessLogRows: 0,
  categoryId: '',
  caseId: '',
  otherCaseId: '',
  staffToken: '',
  officerToken: '',
  acceptanceId: '',
  photoId: '',
  stationId: '',
  campaignId: '',
  communityToken: '',
  surveyorToken: '',
  surveyId: '',
  surveyToken: '',
  objectionId: '',
};

/** A person with one role on one unit, signed in; returns the session token. */
async function signedInAs(role: 'community_staff' | 'surveyor', code: string): Promise<string> {
  return signedIn(api, city.slug, (await person(db.db, city, role, code)).email, GOOD_PASSWORD);
}

/** The campaign as the person sees it: its subjects and the ratings theirs to give. */
async function campaignView(token: string) {
  return body<{ subjects: { id: string; kind: string; orgUnitId: string | null }[]; mine: { id: string }[] }>(
    await api.send('GET', t(`/evaluation/campaigns/${state.campaignId}`), { token }),
  );
}

/** A new case at a grid, collected by the city administrator; returns its id. */
async function collectedCase(): Promise<string> {
  const categories = await body<{ items: { id: string; code: string }[] }>(
    await api.get(t('/case-categories'), { headers: { authorization: `Bearer ${admin}` } }),
  );
  const category = categories.items.find((item) => item.code === 'residents_requests');
  const response = await api.send('POST', t('/cases'), {
    token: admin,
    json: { categoryId: category?.id, orgUnitId: await unit('east-c1-g1'), title: '楼道灯不亮' },
  });
  return (await body<{ id: string }>(response)).id;
}

const t = (path: string) => `/v1/t/${city.slug}${path}`;
const unit = (code: string) => unitId(db.db, city.id, code);
const totpNow = () => generateTOTP(decodeBase32IgnorePadding(state.totpSecret), 30, 6);

async function accessLogRows(): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from access_log'))[0]?.n ?? 0;
}

/** Each mutating operation, performed successfully; run in this order, each may use what earlier ones made. */
/** A resident's report through Open311 (no credential: the system actor `resident` collects it). */
function open311Post(format: 'json' | 'xml') {
  return api.app.request(`/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      jurisdiction_id: city.slug,
      service_code: 'city_operation',
      address_id: 'east-c1-g1',
      description: '消防通道被占',
    }).toString(),
  });
}

const recipes: Record<string, Recipe> = {
  // Structure
  'POST /v1/tenants': { run: () => api.post('/v1/tenants', smallCity()) },
  'POST /v1/t/{tenant}/org-units': {
    run: () =>
      api.send('POST', t('/org-units'), {
        token: admin,
        json: {
          code: 'east-c2-g1',
          level: 'grid',
          parent: 'east-c2',
          name: { zh: '东二网格1', en: 'Grid E2-1' },
        },
      }),
    keep: async (response) => {
      state.unitId = (await body<{ id: string }>(response)).id;
    },
  },
  'PATCH /v1/t/{tenant}/org-units/{id}': {
    run: () =>
      api.send('PATCH', t(`/org-units/${state.unitId}`), {
        token: admin,
        json: { attributes: { hours: '周一至周五 9:00–17:00' } },
      }),
  },
  'POST /v1/t/{tenant}/reforms/preview': {
    run: () =>
      api.send('POST', t('/reforms/preview'), {
        token: admin,
        json: {
          code: 'renumber-2019',
          effectiveOn: '2019-01-01',
          title: { zh: '社区更名', en: 'Community renumbered' },
          closes: ['east-c3'],
          opens: [
            { code: 'east-c5', level: 'community', parent: 'east', name: { zh: '东五社区', en: 'East 5' } },
          ],
          lineage: [{ from: 'east-c3', to: 'east-c5' }],
        },
      }),
  },
  'POST /v1/t/{tenant}/reforms': {
    run: () =>
      api.send('POST', t('/reforms'), {
        token: admin,
        json: {
          code: 'renumber-2020',
          effectiveOn: '2020-01-01',
          title: { zh: '社区更名', en: 'Community renumbered' },
          closes: ['east-c3'],
          opens: [
            { code: 'east-c4', level: 'community', parent: 'east', name: { zh: '东四社区', en: 'East 4' } },
          ],
          lineage: [{ from: 'east-c3', to: 'east-c4' }],
        },
      }),
  },

  // Departments and their API keys
  'POST /v1/t/{tenant}/departments': {
    run: () =>
      api.send('POST', t('/departments'), {
        token: admin,
        json: { key: 'audit_walk_bureau', name: { zh: '审计巡检局', en: 'Audit walk bureau' } },
      }),
    keep: async (response) => {
      state.departmentId = (await body<{ id: string }>(response)).id;
    },
  },
  'PUT /v1/t/{tenant}/allowed-origins': {
    run: () =>
      api.send('PUT', t('/allowed-origins'), {
        token: admin,
        json: { origins: ['https://portal.example.gov.cn'] },
      }),
  },
  'POST /v1/t/{tenant}/api-clients': {
    run: () =>
      api.send('POST', t('/api-clients'), {
        token: admin,
        json: { departmentId: state.departmentId, name: '巡检系统' },
      }),
    keep: async (response) => {
      state.clientId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/api-clients/{clientId}/keys': {
    run: () =>
      api.send('POST', t(`/api-clients/${state.clientId}/keys`), {
        token: admin,
        json: { scopes: ['staff:read'] },
      }),
    keep: async (response) => {
      state.keyId = (await body<{ key: { id: string } }>(response)).key.id;
    },
  },
  'POST /v1/t/{tenant}/api-keys/{keyId}/rotate': {
    run: () =>
      api.send('POST', t(`/api-keys/${state.keyId}/rotate`), { token: admin, json: { overlapSeconds: 60 } }),
    keep: async (response) => {
      state.rotatedKeyId = (await body<{ key: { id: string } }>(response)).key.id;
    },
  },
  'DELETE /v1/t/{tenant}/api-keys/{keyId}': {
    run: () => api.send('DELETE', t(`/api-keys/${state.rotatedKeyId}`), { token: admin }),
  },

  // People and their roles
  'POST /v1/t/{tenant}/users': {
    run: async () =>
      api.send('POST', t('/users'), {
        token: admin,
        json: {
          email: `walker@${city.slug}.example.org`,
          displayName: '巡检员',
          password: GOOD_PASSWORD,
          roles: [{ role: 'community_staff', orgUnitId: await unit('east-c1') }],
        },
      }),
    keep: async (response) => {
      const user = await body<{ id: string; email: string }>(response);
      state.userId = user.id;
      state.userEmail = user.email;
    },
  },
  'POST /v1/t/{tenant}/users/{userId}/password': {
    run: () =>
      api.send('POST', t(`/users/${state.userId}/password`), {
        token: admin,
        json: { password: NEW_PASSWORD },
      }),
  },
  'POST /v1/t/{tenant}/users/{userId}/roles': {
    run: async () =>
      api.send('POST', t(`/users/${state.userId}/roles`), {
        token: admin,
        json: { role: 'grid_worker', orgUnitId: await unit('east-c1-g1') },
      }),
    keep: async (response) => {
      state.roleGrantId = (await body<{ id: string }>(response)).id;
    },
  },
  'DELETE /v1/t/{tenant}/users/{userId}/roles/{grantId}': {
    run: () => api.send('DELETE', t(`/users/${state.userId}/roles/${state.roleGrantId}`), { token: admin }),
  },

  // A person's own sign-in, sessions and second factor
  'POST /v1/auth/sign-in': {
    run: () =>
      api.post(
        '/v1/auth/sign-in',
        { tenant: city.slug, login: state.userEmail, password: NEW_PASSWORD },
        { token: null },
      ),
    keep: async (response) => {
      state.userToken = (await body<{ token: string }>(response)).token;
    },
  },
  'POST /v1/auth/totp': {
    run: () => api.send('POST', '/v1/auth/totp', { token: state.userToken }),
    keep: async (response) => {
      state.totpSecret = (await body<{ secret: string }>(response)).secret;
    },
  },
  'POST /v1/auth/totp/confirm': {
    run: () =>
      api.send('POST', '/v1/auth/totp/confirm', { token: state.userToken, json: { code: totpNow() } }),
  },
  'DELETE /v1/auth/sessions/{id}': {
    prepare: async () => {
      await api.post(
        '/v1/auth/sign-in',
        { tenant: city.slug, login: state.userEmail, password: NEW_PASSWORD, totp: totpNow() },
        { token: null },
      );
      const sessions = await body<{ items: { id: string; current: boolean }[] }>(
        await api.send('GET', '/v1/auth/sessions', { token: state.userToken }),
      );
      state.otherSessionId = sessions.items.find((session) => !session.current)?.id ?? '';
    },
    run: () => api.send('DELETE', `/v1/auth/sessions/${state.otherSessionId}`, { token: state.userToken }),
  },
  'POST /v1/auth/sign-out': {
    run: () => api.send('POST', '/v1/auth/sign-out', { token: state.userToken }),
  },

  // Sharing: the register, facets, bulk push
  'POST /v1/t/{tenant}/residents': {
    run: async () =>
      api.send('POST', t('/residents'), {
        token: admin,
        json: { idNumber, name: '王秀英', addressUnitId: await unit('east-c1-g1'), room: '3-2-101' },
      }),
    keep: async (response) => {
      state.residentId = (await body<{ id: string }>(response)).id;
    },
  },
  'PUT /v1/t/{tenant}/residents/{id}/facets/{domain}': {
    run: () =>
      api.send('PUT', t(`/residents/${state.residentId}/facets/minimum_income`), {
        token: keys.civil,
        json: { data: { enrolled: true, monthly_amount: 785 }, sourceSystem: '民政低保系统' },
      }),
  },
  'POST /v1/t/{tenant}/imports': {
    run: () =>
      api.app.request(t('/imports?format=ndjson&sourceSystem=公安人口系统'), {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.police}`, 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify({ idNumber, domain: 'household_registration', data: { hukou_type: 'urban' } })}\n`,
      }),
    check: async (response) => {
      expect(await body<{ linesApplied: number }>(response)).toMatchObject({ linesApplied: 1 });
    },
  },

  // Sharing: grants, corrections, verifications
  'POST /v1/t/{tenant}/grants': {
    run: () =>
      api.send('POST', t('/grants'), {
        token: keys.hrss,
        json: {
          fields: ['minimum_income.enrolled'],
          purposeCode: 'employment_assistance',
          purpose: '就业援助对象认定',
          legalBasis: '就业促进法',
          validTo: '2099-12-31',
        },
      }),
    keep: async (response) => {
      state.dataGrantId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/grants/{id}/decision': {
    run: () =>
      api.send('POST', t(`/grants/${state.dataGrantId}/decision`), {
        token: keys.civil,
        json: { approve: true },
      }),
  },
  'POST /v1/t/{tenant}/residents/{id}/corrections': {
    prepare: async () => {
      // The city's approval too, so 人社 can see the field it asks to correct.
      const decided = await api.send('POST', t(`/grants/${state.dataGrantId}/decision`), {
        token: admin,
        json: { approve: true },
      });
      expect((await body<{ status: string }>(decided)).status).toBe('approved');
    },
    run: () =>
      api.send('POST', t(`/residents/${state.residentId}/corrections`), {
        token: keys.hrss,
        json: { field: 'minimum_income.enrolled', proposedValue: false, reason: '本人已于上月就业' },
      }),
    keep: async (response) => {
      state.correctionId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/corrections/{id}/decision': {
    run: () =>
      api.send('POST', t(`/corrections/${state.correctionId}/decision`), {
        token: keys.civil,
        json: { accept: true },
      }),
  },
  'POST /v1/t/{tenant}/verifications': {
    // Exempt: what it must write is its access-log row, counted around the call.
    prepare: async () => {
      state.accessLogRows = await accessLogRows();
    },
    run: async () =>
      api.send('POST', t('/verifications'), {
        token: keys.hrss,
        json: { residentId: state.residentId, livesIn: await unit('east-c1') },
        headers: purpose,
      }),
    check: async (response) => {
      expect(await body(response)).toEqual({ answer: true });
      expect(await accessLogRows(), 'POST /v1/t/{tenant}/verifications wrote no access-log row').toBe(
        state.accessLogRows + 1,
      );
    },
  },
  'POST /v1/t/{tenant}/grants/{id}/revoke': {
    run: () => api.send('POST', t(`/grants/${state.dataGrantId}/revoke`), { token: keys.hrss }),
  },

  // Sharing: webhooks and the catalog
  'POST /v1/t/{tenant}/webhooks': {
    run: () =>
      api.send('POST', t('/webhooks'), {
        token: keys.hrss,
        json: { url: 'https://hrss.example.gov.cn/shequ/webhook' },
      }),
    keep: async (response) => {
      state.webhookId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/webhooks/{id}/replay': {
    run: () =>
      api.send('POST', t(`/webhooks/${state.webhookId}/replay`), { token: keys.hrss, json: { after: 0 } }),
  },
  'PATCH /v1/t/{tenant}/catalog/{domain}/fields/{field}': {
    run: () =>
      api.send('PATCH', t('/catalog/household_registration/fields/hukou_type'), {
        token: admin,
        json: { sensitivity: 'high' },
      }),
  },
  'POST /v1/t/{tenant}/purposes': {
    run: () =>
      api.send('POST', t('/purposes'), {
        token: admin,
        json: { code: 'flood_relief', name: { zh: '防汛救灾', en: 'Flood relief' } },
      }),
  },
  'POST /v1/t/{tenant}/catalog/{domain}/fields': {
    run: () =>
      api.send('POST', t('/catalog/household_registration/fields'), {
        token: admin,
        json: {
          key: 'moved_in_on',
          type: 'date',
          name: { zh: '迁入日期', en: 'Moved in on' },
          sensitivity: 'low',
          sharingClass: 'open',
        },
      }),
  },

  // The public site: incidents, the staff listing, host names
  'POST /v1/t/{tenant}/maintenances': {
    run: () =>
      api.send('POST', t('/maintenances'), {
        token: admin,
        json: {
          name: { zh: '计划维护', en: 'Planned maintenance' },
          scheduledFor: '2099-01-01T01:00:00+08:00',
          scheduledUntil: '2099-01-01T03:00:00+08:00',
          body: { zh: '维护说明', en: 'About the maintenance' },
        },
      }),
  },
  'POST /v1/t/{tenant}/incidents': {
    run: () =>
      api.send('POST', t('/incidents'), {
        token: admin,
        json: {
          name: { zh: '公安局人口库接口维护', en: 'Population API maintenance' },
          impact: 'minor',
          body: { zh: '推送可能延迟。', en: 'Deliveries may be delayed.' },
        },
      }),
    keep: async (response) => {
      state.incidentId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/incidents/{id}/updates': {
    run: () =>
      api.send('POST', t(`/incidents/${state.incidentId}/updates`), {
        token: admin,
        json: { status: 'resolved', body: { zh: '接口已恢复。', en: 'The API is back.' } },
      }),
  },
  'POST /v1/t/{tenant}/staff-listings': {
    run: async () =>
      api.send('POST', t('/staff-listings'), {
        token: admin,
        json: {
          orgUnitId: await unit('east-c1'),
          name: '王芳',
          role: { zh: '专职网格员', en: 'Full-time grid worker' },
          contact: '0851-8888 0001',
        },
      }),
    keep: async (response) => {
      state.listingId = (await body<{ id: string }>(response)).id;
    },
  },
  'PATCH /v1/t/{tenant}/staff-listings/{id}': {
    run: () =>
      api.send('PATCH', t(`/staff-listings/${state.listingId}`), { token: admin, json: { name: '李娜' } }),
  },
  'DELETE /v1/t/{tenant}/staff-listings/{id}': {
    run: () => api.send('DELETE', t(`/staff-listings/${state.listingId}`), { token: admin }),
  },
  // Cases: the catalog, the calendar, the seven links, escalation and deadline-bound requests
  'POST /v1/t/{tenant}/case-categories': {
    run: () =>
      api.send('POST', t('/case-categories'), {
        token: admin,
        json: {
          code: 'greening',
          name: { zh: '绿化养护', en: 'Greening' },
          handlerKind: 'community',
          limits: { register: 1, dispatch: 1, handle: 5, verify: 2, warnShare: 0.75 },
        },
      }),
    keep: async (response) => {
      state.categoryId = (await body<{ id: string }>(response)).id;
    },
  },
  'PUT /v1/t/{tenant}/case-categories/{id}': {
    run: () =>
      api.send('PUT', t(`/case-categories/${state.categoryId}`), {
        token: admin,
        json: {
          code: 'greening',
          name: { zh: '绿化养护', en: 'Greening and trees' },
          handlerKind: 'community',
          limits: { register: 1, dispatch: 2, handle: 5, verify: 2, warnShare: 0.75 },
        },
      }),
  },
  'POST /v1/t/{tenant}/calendar-days': {
    run: () =>
      api.send('POST', t('/calendar-days'), {
        token: admin,
        json: { day: '2026-12-24', kind: 'day_off', note: '本地调休（示例）' },
      }),
  },
  'POST /open311/v2/requests.json': {
    run: () => open311Post('json'),
  },
  'POST /open311/v2/requests.xml': {
    run: () => open311Post('xml'),
  },
  'POST /v1/calendar-days': {
    run: () =>
      api.send('POST', '/v1/calendar-days', {
        token: PLATFORM_TOKEN,
        json: { days: [{ day: '2099-01-01', kind: 'day_off', note: '元旦（测试）' }] },
      }),
  },
  'POST /v1/t/{tenant}/cases': {
    run: async () => {
      state.caseId = await collectedCase();
      state.otherCaseId = await collectedCase();
      return api.send('POST', t('/cases'), {
        token: admin,
        json: { categoryId: state.categoryId, orgUnitId: await unit('east-c1-g2'), title: '树枝压线' },
      });
    },
  },
  'POST /v1/t/{tenant}/cases/{id}/refuse': {
    run: () =>
      api.send('POST', t(`/cases/${state.otherCaseId}/refuse`), {
        token: admin,
        json: { refusal: 'duplicate', duplicateOf: state.caseId, reason: '同一盏灯已报' },
      }),
  },
  'POST /v1/t/{tenant}/cases/{id}/register': {
    run: () => api.send('POST', t(`/cases/${state.caseId}/register`), { token: admin, json: {} }),
  },
  'POST /v1/t/{tenant}/cases/{id}/photos': {
    run: () =>
      api.get(t(`/cases/${state.caseId}/photos`), {
        method: 'POST',
        body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0xff, 0xd9]),
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/jpeg' },
      }),
    keep: async (response) => {
      state.photoId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/cases/{id}/photos/{photoId}/publish': {
    run: () =>
      api.send('POST', t(`/cases/${state.caseId}/photos/${state.photoId}/publish`), { token: admin }),
  },
  'POST /v1/t/{tenant}/cases/{id}/escalate': {
    run: () =>
      api.send('POST', t(`/cases/${state.caseId}/escalate`), {
        token: admin,
        json: { reason: '网格无权处置，报社区' },
      }),
  },
  'POST /v1/t/{tenant}/cases/{id}/dispatch': {
    run: () => api.send('POST', t(`/cases/${state.caseId}/dispatch`), { token: admin, json: {} }),
  },
  'POST /v1/t/{tenant}/cases/{id}/accept': {
    prepare: async () => {
      const staff = await person(db.db, city, 'community_staff', 'east-c1');
      state.staffToken = await signedIn(api, city.slug, staff.email, GOOD_PASSWORD);
    },
    run: () => api.send('POST', t(`/cases/${state.caseId}/accept`), { token: state.staffToken, json: {} }),
  },
  'POST /v1/t/{tenant}/cases/{id}/report': {
    run: () =>
      api.send('POST', t(`/cases/${state.caseId}/report`), {
        token: state.staffToken,
        json: { summary: '已更换灯泡' },
      }),
  },
  'POST /v1/t/{tenant}/cases/{id}/verify': {
    run: () =>
      api.send('POST', t(`/cases/${state.caseId}/verify`), { token: admin, json: { outcome: 'fixed' } }),
  },
  'POST /v1/t/{tenant}/cases/{id}/evaluate': {
    run: () =>
      api.send('POST', t(`/cases/${state.caseId}/evaluate`), { token: admin, json: { satisfaction: 5 } }),
  },
  'POST /v1/t/{tenant}/acceptance-requests': {
    run: async () => {
      const departments = await body<{ items: { id: string; key: string }[] }>(
        await api.get(t('/departments'), { headers: { authorization: `Bearer ${admin}` } }),
      );
      return api.send('POST', t('/acceptance-requests'), {
        token: admin,
        json: {
          fromUnitId: await unit('east-c1'),
          departmentId: departments.items.find((item) => item.key === 'urban_management')?.id,
          subject: '占道经营整治',
          workingDays: 3,
        },
      });
    },
    keep: async (response) => {
      state.acceptanceId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/acceptance-requests/{id}/answer': {
    prepare: async () => {
      const departments = await body<{ items: { id: string; key: string }[] }>(
        await api.get(t('/departments'), { headers: { authorization: `Bearer ${admin}` } }),
      );
      const email = `um-officer@${city.slug}.example.org`;
      await api.send('POST', t('/users'), {
        token: admin,
        json: {
          email,
          displayName: '城管队员',
          password: GOOD_PASSWORD,
          roles: [
            {
              role: 'department_officer',
              orgUnitId: await unit('city'),
              departmentId: departments.items.find((item) => item.key === 'urban_management')?.id,
            },
          ],
        },
      });
      state.officerToken = await signedIn(api, city.slug, email, GOOD_PASSWORD);
    },
    run: () =>
      api.send('POST', t(`/acceptance-requests/${state.acceptanceId}/answer`), {
        token: state.officerToken,
        json: { decision: 'accepted' },
      }),
  },
  // Evaluation
  'POST /v1/t/{tenant}/evaluation/stations': {
    run: async () => {
      const departments = await body<{ items: { id: string; key: string }[] }>(
        await api.get(t('/departments'), { headers: { authorization: `Bearer ${admin}` } }),
      );
      return api.send('POST', t('/evaluation/stations'), {
        token: admin,
        json: {
          departmentId: departments.items.find((item) => item.key === 'urban_management')?.id,
          hostUnitId: await unit('east-c1'),
          name: { zh: '城管执法队东一分队', en: 'Urban management squad, East 1' },
        },
      });
    },
    keep: async (response) => {
      state.stationId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/evaluation/campaigns': {
    run: () =>
      api.send('POST', t('/evaluation/campaigns'), {
        token: admin,
        json: {
          title: { zh: '上半年双向考核', en: 'Two-way evaluation, first half' },
          template: 'haidian',
          periodStart: '2026-01-01',
          periodEnd: '2026-06-30',
          opensAt: new Date(Date.now() - 3_600_000).toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
          subjects: { levels: ['community'], departments: true, stations: true },
        },
      }),
    keep: async (response) => {
      state.campaignId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/evaluation/campaigns/{id}/ratings': {
    prepare: async () => {
      state.communityToken = await signedInAs('community_staff', 'east-c1');
    },
    run: async () =>
      api.send('POST', t(`/evaluation/campaigns/${state.campaignId}/ratings`), {
        token: state.communityToken,
        json: {
          assignmentId: (await campaignView(state.communityToken)).mine[0]?.id,
          scores: { results: 90, service: 85, cooperation: 95 },
          comment: '配合良好',
        },
      }),
  },
  'POST /v1/t/{tenant}/evaluation/campaigns/{id}/vetoes': {
    run: async () =>
      api.send('POST', t(`/evaluation/campaigns/${state.campaignId}/vetoes`), {
        token: state.communityToken,
        json: {
          subjectId: (await campaignView(state.communityToken)).subjects.find((s) => s.kind === 'station')
            ?.id,
          communityUnitId: await unit('east-c1'),
          reason: '居民投诉较多',
        },
      }),
  },
  'POST /v1/t/{tenant}/surveys': {
    prepare: async () => {
      state.surveyorToken = await signedInAs('surveyor', 'east-c1');
    },
    run: async () =>
      api.send('POST', t('/surveys'), {
        token: state.surveyorToken,
        json: {
          campaignId: state.campaignId,
          orgUnitId: await unit('east-c1'),
          title: { zh: '居民满意度调查', en: 'Residents’ satisfaction survey' },
          questions: [{ code: 'overall', text: { zh: '总体满意度', en: 'Overall satisfaction' } }],
          sampleSize: 10,
          fieldedOn: '2026-06-20',
        },
      }),
    keep: async (response) => {
      const opened = await body<{ survey: { id: string }; token: string }>(response);
      state.surveyId = opened.survey.id;
      state.surveyToken = opened.token;
    },
  },
  'POST /v1/t/{tenant}/surveys/{id}/answers': {
    run: () =>
      api.send('POST', t(`/surveys/${state.surveyId}/answers`), {
        token: state.surveyorToken,
        json: { responses: [{ overall: 5 }, { overall: 4 }] },
      }),
  },
  'POST /v1/t/{tenant}/survey-links/{token}': {
    run: () =>
      api.send('POST', t(`/survey-links/${state.surveyToken}`), { json: { answers: { overall: 3 } } }),
  },
  'POST /v1/t/{tenant}/evaluation/campaigns/{id}/close': {
    // The window closes by the clock; here it is moved to now rather than waiting a day.
    prepare: async () => {
      await db.query('update evaluation_campaigns set closes_at = now() where id = $1', [state.campaignId]);
    },
    run: () => api.send('POST', t(`/evaluation/campaigns/${state.campaignId}/close`), { token: admin }),
  },
  'POST /v1/t/{tenant}/evaluation/campaigns/{id}/objections': {
    run: async () => {
      const community = await unit('east-c1');
      const { subjects } = await campaignView(state.communityToken);
      return api.send('POST', t(`/evaluation/campaigns/${state.campaignId}/objections`), {
        token: state.communityToken,
        json: {
          subjectId: subjects.find((s) => s.kind === 'unit' && s.orgUnitId === community)?.id,
          text: '考核未计入防汛工作',
        },
      });
    },
    keep: async (response) => {
      state.objectionId = (await body<{ id: string }>(response)).id;
    },
  },
  'POST /v1/t/{tenant}/evaluation/objections/{id}/answer': {
    run: () =>
      api.send('POST', t(`/evaluation/objections/${state.objectionId}/answer`), {
        token: admin,
        json: { outcome: 'rejected', answer: '已核实，维持结果。' },
      }),
  },
  'POST /v1/t/{tenant}/hosts': {
    run: () => {
      state.host = `${city.slug}.example.org`;
      return api.send('POST', t('/hosts'), { token: PLATFORM_TOKEN, json: { host: state.host } });
    },
  },
  'DELETE /v1/t/{tenant}/hosts/{host}': {
    run: () => api.send('DELETE', t(`/hosts/${state.host}`), { token: PLATFORM_TOKEN }),
  },
  ...admissionRecipes(),
  ...councilRecipes(),
};

/** Work admission: the lists, the procedure, an application admitted, a declined case, an agreement, a payment. */
function admissionRecipes(): Record<string, Recipe> {
  const admission = {
    itemId: '',
    applicationId: '',
    workItemId: '',
    caseId: '',
    agreementId: '',
    adminId: '',
    civil: '',
    civilDepartment: '',
  };
  const item = {
    code: 'door_plates',
    list: 'negative',
    name: { zh: '挂牌', en: 'Plaques' },
    legalBasis: '',
    levels: ['community'],
    fundingPerCommunity: 0,
    staffPerCommunity: 0,
    forms: [],
    validFrom: '2026-01-01',
  };
  // Work applied for today may start in a month (the city asks no lead time here); its year is the ledger's.
  const startsOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const year = Number(startsOn.slice(0, 4));
  const as = (token: string, method: string, path: string, json: unknown) =>
    api.send(method, t(path), { token, json });
  return {
    'POST /v1/t/{tenant}/work-items': {
      run: () => as(admin, 'POST', '/work-items', item),
      keep: async (response) => {
        admission.itemId = (await body<{ id: string }>(response)).id;
      },
    },
    'PUT /v1/t/{tenant}/work-items/{id}': {
      run: () =>
        as(admin, 'PUT', `/work-items/${admission.itemId}`, {
          ...item,
          name: { zh: '社区挂牌', en: 'Plaques' },
        }),
    },
    'POST /v1/t/{tenant}/work-items/{id}/revoke': {
      run: () =>
        as(admin, 'POST', `/work-items/${admission.itemId}/revoke`, { reason: '并入负面清单总条目' }),
    },
    'PUT /v1/t/{tenant}/admission/procedure': {
      run: () =>
        as(admin, 'PUT', '/admission/procedure', {
          leadWorkingDays: 0,
          steps: [
            {
              key: 'review',
              kind: 'review',
              actor: { zh: '群工委', en: 'Mass-work committee' },
              action: { zh: '初审', en: 'Reviews' },
              workingDays: 10,
            },
            {
              key: 'decide',
              kind: 'decide',
              actor: { zh: '区政府', en: 'District government' },
              action: { zh: '审定', en: 'Decides' },
              workingDays: 15,
            },
          ],
        }),
    },
    'POST /v1/t/{tenant}/admission/reviewers': {
      prepare: async () => {
        const [row] = await db.query<{ id: string }>(
          "select u.id from users u join role_grants g on g.user_id = u.id where u.tenant_id = $1 and g.role = 'city_administrator' order by u.created_at desc limit 1",
          [city.id],
        );
        admission.adminId = row?.id ?? '';
        await as(PLATFORM_TOKEN, 'POST', '/admission/reviewers', {
          stepKey: 'review',
          userId: admission.adminId,
          orgUnitId: await unit('city'),
        });
      },
      run: async () =>
        as(admin, 'POST', '/admission/reviewers', {
          stepKey: 'decide',
          userId: admission.adminId,
          orgUnitId: await unit('city'),
        }),
    },
    'POST /v1/t/{tenant}/admission/applications': {
      prepare: async () => {
        const key = await departmentKey(api, city.slug, 'civil_affairs', ['admission:apply']);
        admission.civil = key.secret;
        admission.civilDepartment = key.departmentId;
      },
      run: async () =>
        as(admission.civil, 'POST', '/admission/applications', {
          departmentId: admission.civilDepartment,
          orgUnitId: await unit('east'),
          list: 'assisted',
          name: { zh: '协助发放高龄津贴', en: 'Old-age allowance' },
          legalBasis: '《老年人权益保障法》',
          levels: ['community'],
          startsOn,
          fundingPerCommunity: 1000,
          staffPerCommunity: 0,
          forms: ['发放台账'],
        }),
      keep: async (response) => {
        admission.applicationId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/admission/applications/{id}/review': {
      run: () =>
        as(admin, 'POST', `/admission/applications/${admission.applicationId}/review`, { comment: '同意' }),
    },
    'POST /v1/t/{tenant}/admission/applications/{id}/decide': {
      run: () =>
        as(admin, 'POST', `/admission/applications/${admission.applicationId}/decide`, {
          outcome: 'admitted',
          reason: '准入',
        }),
      keep: async (response) => {
        admission.workItemId = (await body<{ workItemId: string }>(response)).workItemId;
      },
    },
    'POST /v1/t/{tenant}/cases/{id}/decline-work': {
      prepare: async () => {
        admission.caseId = await collectedCase();
        await as(admin, 'POST', `/cases/${admission.caseId}/register`, {});
        await as(admin, 'POST', `/cases/${admission.caseId}/dispatch`, {});
      },
      run: () =>
        as(state.staffToken, 'POST', `/cases/${admission.caseId}/decline-work`, { reason: '未经准入' }),
    },
    'POST /v1/t/{tenant}/agreements': {
      run: async () =>
        as(admin, 'POST', '/agreements', {
          orgUnitId: await unit('east-c1'),
          year,
          items: [{ workItemId: admission.workItemId }],
          governmentObligations: '按时拨付',
          committeeObligations: '按时核对',
          penalties: '双方约定',
        }),
      keep: async (response) => {
        admission.agreementId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/agreements/{id}/sign': {
      run: () => as(admin, 'POST', `/agreements/${admission.agreementId}/sign`, { side: 'government' }),
    },
    'POST /v1/t/{tenant}/funding/{id}/payments': {
      run: async () => {
        const ledger = await body<{ lines: { obligationId: string }[] }>(
          await api.get(t(`/funding?year=${year}`), { headers: { authorization: `Bearer ${admin}` } }),
        );
        return as(admin, 'POST', `/funding/${ledger.lines[0]?.obligationId}/payments`, {
          amountYuan: 500,
          paidOn: '2026-03-01',
        });
      },
    },
  };
}

/** Ids the council recipes hand on. */
const council = {
  id: '',
  userId: '',
  memberId: '',
  memberToken: '',
  proposalId: '',
  residentsProposalId: '',
  meetingId: '',
  itemId: '',
  voteId: '',
  projectId: '',
};

/** The residents' council, step by step: set up, seat, propose, support, decide, meet, vote, seal, project, review. */
function councilRecipes(): Record<string, Recipe> {
  const post = (path: string, json?: unknown, token = admin) =>
    api.send('POST', t(path), { token, ...(json !== undefined ? { json } : {}) });
  return {
    'POST /v1/t/{tenant}/councils': {
      run: async () => post('/councils', { orgUnitId: await unit('east-c1') }),
      keep: async (response) => {
        council.id = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/councils/{id}/members': {
      prepare: async () => {
        const who = await person(db.db, city, 'council_member', 'east-c1');
        council.userId = who.user.id;
        council.memberToken = await signedIn(api, city.slug, who.email, GOOD_PASSWORD);
      },
      run: () =>
        post(`/councils/${council.id}/members`, {
          userId: council.userId,
          name: '代表甲',
          seat: 'standing_representative',
          chosenHow: 'elected',
          chosenBy: '居民代表选举会议',
          chosenOn: '2020-01-01',
          termStart: '2020-01-01',
          termEnd: '2099-12-31',
        }),
      keep: async (response) => {
        council.memberId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/councils/{id}/proposals': {
      run: () =>
        post(
          `/councils/${council.id}/proposals`,
          { title: '增设路灯', body: '小区东门缺少路灯。' },
          council.memberToken,
        ),
      keep: async (response) => {
        council.proposalId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/communities/{code}/council-proposals': {
      run: () =>
        api.send('POST', t('/communities/east-c1/council-proposals'), {
          json: { title: '修缮健身器材', body: '健身器材老化。', contact: '13700001111' },
        }),
      keep: async (response) => {
        council.residentsProposalId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/council-proposals/{id}/supports': {
      run: () =>
        api.send('POST', t(`/council-proposals/${council.residentsProposalId}/supports`), {
          json: { contact: '13700002222' },
        }),
    },
    'POST /v1/t/{tenant}/council-proposals/{id}/decision': {
      run: () => post(`/council-proposals/${council.proposalId}/decision`, { action: 'accept' }),
    },
    'POST /v1/t/{tenant}/councils/{id}/meetings': {
      run: () =>
        post(`/councils/${council.id}/meetings`, {
          kind: 'decision',
          title: '议事决策会',
          heldAt: new Date().toISOString(),
          place: '社区会议室',
          agenda: [{ title: '增设路灯', proposalId: council.proposalId }],
        }),
      keep: async (response) => {
        const meeting = await body<{ id: string; agenda: { id: string }[] }>(response);
        council.meetingId = meeting.id;
        council.itemId = meeting.agenda[0]?.id ?? '';
      },
    },
    'POST /v1/t/{tenant}/council-meetings/{id}/record': {
      run: () =>
        post(`/council-meetings/${council.meetingId}/record`, {
          attendance: [council.memberId],
          minutes: '纪要',
        }),
    },
    'POST /v1/t/{tenant}/council-meetings/{id}/votes': {
      run: () => post(`/council-meetings/${council.meetingId}/votes`, { agendaItemId: council.itemId }),
      keep: async (response) => {
        council.voteId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/council-votes/{id}/ballots': {
      run: () => post(`/council-votes/${council.voteId}/ballots`, { choice: 'for' }, council.memberToken),
    },
    'POST /v1/t/{tenant}/council-votes/{id}/close': {
      run: () => post(`/council-votes/${council.voteId}/close`),
    },
    'POST /v1/t/{tenant}/council-proposals/{id}/project': {
      run: () =>
        post(`/council-proposals/${council.proposalId}/project`, {
          owner: '居委会',
          budgetYuan: 5000,
          parts: [],
          milestones: [{ title: '安装', dueOn: '2026-12-31' }],
        }),
      keep: async (response) => {
        council.projectId = (await body<{ id: string }>(response)).id;
      },
    },
    'POST /v1/t/{tenant}/council-projects/{id}/progress': {
      run: () => post(`/council-projects/${council.projectId}/progress`, { progress: 40 }),
    },
    'POST /v1/t/{tenant}/council-meetings/{id}/reviews': {
      prepare: async () => {
        const response = await post(`/councils/${council.id}/meetings`, {
          kind: 'report_review',
          title: '述职评议会',
          heldAt: new Date().toISOString(),
          place: '社区会议室',
          agenda: [],
        });
        council.meetingId = (await body<{ id: string }>(response)).id;
      },
      run: () =>
        post(`/council-meetings/${council.meetingId}/reviews`, {
          projectId: council.projectId,
          reporterName: '李四',
          reporterRole: '居委会主任',
          subject: '路灯项目',
          rating: 'satisfied',
        }),
    },
  };
}

async function recordCounts(): Promise<{ audit: number; changes: number }> {
  const [row] = await db.query<{ audit: number; changes: number }>(
    'select (select count(*)::int from audit_events) as audit, (select count(*)::int from change_events) as changes',
  );
  if (!row) throw new Error('no counts');
  return row;
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  admin = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
    GOOD_PASSWORD,
  );
  keys.police = (await departmentKey(api, city.slug, 'public_security', ['residents:write'])).secret;
  keys.civil = (
    await departmentKey(api, city.slug, 'civil_affairs', ['residents:write', 'grants:decide'])
  ).secret;
  keys.hrss = (
    await departmentKey(api, city.slug, 'human_resources_social_security', [
      'residents:read',
      'grants:request',
      'webhooks:manage',
    ])
  ).secret;
});
afterAll(async () => db.close());

describe('the audit rule, walked over every mutating route', () => {
  const operations = mutatingOperations();

  it('there is a recipe for exactly the mutating operations the API registers', () => {
    expect(operations.length).toBeGreaterThanOrEqual(38);
    expect(Object.keys(recipes).sort()).toEqual([...operations].sort());
  });

  it('only operations that are still mutating routes are exempt, each with its reason', () => {
    for (const [key, reason] of Object.entries(exempt)) {
      expect(operations, `exempt ${key} is no longer a mutating route`).toContain(key);
      expect(reason.length, `exempt ${key} gives no reason`).toBeGreaterThan(10);
    }
  });

  const cases = Object.keys(recipes).map((key) => {
    const reason = exempt[key];
    const title = reason
      ? `${key} succeeds; it writes neither an audit row nor a change event, being ${reason}`
      : `${key} succeeds and writes an audit row or a change event`;
    return [title, key] as const;
  });

  it.each(cases)('%s', async (_title, key) => {
    const recipe = recipes[key];
    if (!recipe) throw new Error(`no recipe for ${key}`);
    await recipe.prepare?.();
    const before = await recordCounts();
    const response = await recipe.run();
    const after = await recordCounts();
    const answer = response.status < 300 ? '' : await response.clone().text();
    expect(response.status, `${key} answered ${response.status}: ${answer}`).toBeGreaterThanOrEqual(200);
    expect(response.status, `${key} answered ${response.status}: ${answer}`).toBeLessThan(300);
    await recipe.keep?.(response);
    if (!exempt[key]) {
      expect(
        after.audit > before.audit || after.changes > before.changes,
        `${key} wrote neither an audit row (audit_events ${before.audit} → ${after.audit}) nor a change event (change_events ${before.changes} → ${after.changes})`,
      ).toBe(true);
    }
    await recipe.check?.(response);
  });
});
