import type { councilDecisions } from '../../functions/council/council.public';
import type { TenantRow } from '../../functions/platform/tenancy';
import { escapeXml } from '../feeds';
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

/** RSS 2.0 of a council's decisions (sealed votes), newest first. */
export function councilRss(tenant: TenantRow, data: Decisions, pageUrl: string, selfUrl: string, lang: Lang) {
  const name = titleOf(tenant, data, lang);
  const items = entries(data, lang)
    .map(
      (e) => `    <item>
      <title>${escapeXml(e.title)}</title>
      <link>${escapeXml(`${pageUrl}#meeting-${e.meetingId}`)}</link>
      <guid isPermaLink="false">urn:uuid:${e.id}</guid>
      <pubDate>${e.at.toUTCString()}</pubDate>
      <description>${escapeXml(e.body)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(name)}</title>
    <link>${escapeXml(pageUrl)}</link>
    <atom:link href="${escapeXml(selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${escapeXml(name)}</description>
    <language>${lang === 'zh' ? 'zh-CN' : 'en'}</language>
${items}
  </channel>
</rss>
`;
}

/** Atom (RFC 4287) of a council's decisions. */
export function councilAtom(
  tenant: TenantRow,
  data: Decisions,
  pageUrl: string,
  selfUrl: string,
  lang: Lang,
) {
  const name = titleOf(tenant, data, lang);
  const list = entries(data, lang);
  const updated = (list[0]?.at ?? data.model.council.createdAt).toISOString();
  const items = list
    .map(
      (e) => `  <entry>
    <id>urn:uuid:${e.id}</id>
    <title>${escapeXml(e.title)}</title>
    <link href="${escapeXml(`${pageUrl}#meeting-${e.meetingId}`)}"/>
    <updated>${e.at.toISOString()}</updated>
    <content type="text">${escapeXml(e.body)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
  <id>urn:uuid:${data.model.council.id}</id>
  <title>${escapeXml(name)}</title>
  <link href="${escapeXml(pageUrl)}"/>
  <link rel="self" href="${escapeXml(selfUrl)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(name)}</name></author>
${items}
</feed>
`;
}
