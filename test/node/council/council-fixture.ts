import type { Database } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { signedIn, type testApp } from '../../support/app';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { person, unitId } from '../../support/identity';

export type Api = ReturnType<typeof testApp>;

export interface Seat {
  memberId: string;
  token: string;
}

/** A council on a community with `n` members, each a signed-in person with the council role. */
export async function councilWithMembers(
  db: Database,
  api: Api,
  city: TenantRow,
  community: string,
  n: number,
  rules?: Record<string, unknown>,
) {
  const created = await api.send('POST', `/v1/t/${city.slug}/councils`, {
    token: PLATFORM_TOKEN,
    json: { orgUnitId: await unitId(db, city.id, community), ...(rules ? { rules } : {}) },
  });
  if (created.status !== 201) throw new Error(`council: ${created.status} ${await created.text()}`);
  const council = (await created.json()) as { id: string };
  const seats: Seat[] = [];
  for (let i = 0; i < n; i += 1) {
    const who = await person(db, city, 'council_member', community);
    const member = await api.send('POST', `/v1/t/${city.slug}/councils/${council.id}/members`, {
      token: PLATFORM_TOKEN,
      json: {
        userId: who.user.id,
        name: `代表${i + 1}`,
        seat: i === 0 ? 'convener' : 'standing_representative',
        chosenHow: i === 0 ? 'appointed' : 'elected',
        chosenBy: i === 0 ? '社区党委' : '居民代表选举会议',
        chosenOn: '2026-01-05',
        termStart: '2026-01-05',
        termEnd: '2029-01-04',
      },
    });
    if (member.status !== 201) throw new Error(`member: ${member.status} ${await member.text()}`);
    seats.push({
      memberId: ((await member.json()) as { id: string }).id,
      token: await signedIn(api, city.slug, who.email, who.password),
    });
  }
  return { councilId: council.id, seats };
}

/** Posts a form the way a browser does. */
export function postForm(api: Api, path: string, fields: Record<string, string>) {
  return api.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
