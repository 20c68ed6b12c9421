import type { councilDecisions } from '../../functions/council/council.public';
import type { TenantRow } from '../../functions/platform/tenancy';
import { atomDocument, type Feed, rssDocument } from '../feed-writer';
import { type Lang, nameIn, say, t } from '../i18n';

type Decisions = Awaited<ReturnType<typeof councilDecisions>>;

function entries(data: Decisions, lang: Lang) {
  return data.decisions.map(({ vote, meeting, item }) => {
    const result = vote.result ? say(lang, `councilPage.result.${vote.result}`) : '';
    const tally =
      vote.forCount === null
        ? t(lang, 'councilPage.tallyUnknown')
        : t(lang, 'councilPage.tally', {
            for: vote.forCount,
            against: vote.againstCount ?? 0,
            abstain: vote.abstainCount ?? 0,
          });
    return {
      id: vote.id,
      meetingId: meeting.id,
      title: `${item?.title ?? meeting.title}: ${result}`,
      at: vote.closedAt ?? meeting.heldAt,
      body: `${meeting.title} — ${tally}${vote.sealHash ? ` (${vote.sealHash})` : ''}`,
    };
  });
}

const titleOf = (tenant: TenantRow, data: Decisions, lang: Lang) =>
  `${nameIn(lang, tenant)} · ${t(lang, 'councilPage.feedTitle', {
    name: nameIn(lang, { nameZh: data.model.council.nameZh, nameEn: data.model.council.nameEn }),
  })}`;

/** A council's decisions (sealed votes), newest first, as a feed. */
function councilFeed(tenant: TenantRow, data: Decisions, pageUrl: string, selfUrl: string, lang: Lang): Feed {
  const name = titleOf(tenant, data, lang);
  const list = entries(data, lang);
  return {
    id: `urn:uuid:${data.model.council.id}`,
    title: name,
    pageUrl,
    selfUrl,
    lang,
    author: name,
    updated: list[0]?.at ?? data.model.council.createdAt,
    entries: list.map((e) => ({
      id: `urn:uuid:${e.id}`,
      title: e.title,
      link: `${pageUrl}#meeting-${e.meetingId}`,
      published: e.at,
      body: e.body,
    })),
  };
}

/** RSS 2.0 of a council's decisions. */
export const councilRss = (...args: Parameters<typeof councilFeed>): string =>
  rssDocument(councilFeed(...args));

/** Atom (RFC 4287) of a council's decisions. */
export const councilAtom = (...args: Parameters<typeof councilFeed>): string =>
  atomDocument(councilFeed(...args));
