import type { PublicEvent, PublicRequest } from '../functions/cases/resident-tracking.service';
import type { TenantRow } from '../functions/platform/tenancy';
import { escapeXml } from './feeds';
import { type Lang, nameIn, t } from './i18n';
import { eventWords } from './pages/tracking';

/**
 * One resident's request as a feed: each public timeline step is an entry (what happened and when;
 * never who, never why, never the contact). Entries are newest first.
 */
interface Entry {
  id: string;
  title: string;
  at: Date;
}

function entriesOf(request: PublicRequest, events: PublicEvent[], lang: Lang): Entry[] {
  return events
    .flatMap((event, index) => {
      const words = eventWords(lang, event);
      return words ? [{ id: `${request.number}-${index + 1}`, title: words, at: event.at }] : [];
    })
    .reverse();
}

export interface RequestFeedInput {
  tenant: TenantRow;
  request: PublicRequest;
  events: PublicEvent[];
  pageUrl: string;
  selfUrl: string;
  lang: Lang;
}

const lastOf = (input: RequestFeedInput) =>
  new Date(Math.max(input.request.requestedAt.getTime(), ...input.events.map((event) => event.at.getTime())));

export function requestRss(input: RequestFeedInput): string {
  const { request, lang } = input;
  const title = `${t(lang, 'front.feedTitle', { number: request.number })} · ${nameIn(lang, input.tenant)}`;
  const items = entriesOf(request, input.events, lang)
    .map(
      (e) => `    <item>
      <title>${escapeXml(e.title)}</title>
      <link>${escapeXml(input.pageUrl)}</link>
      <guid isPermaLink="false">${escapeXml(`urn:shequ:request:${input.tenant.slug}:${e.id}`)}</guid>
      <pubDate>${e.at.toUTCString()}</pubDate>
      <description>${escapeXml(`${e.title} (${request.serviceName[lang]})`)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>${escapeXml(input.pageUrl)}</link>
    <atom:link href="${escapeXml(input.selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${escapeXml(title)}</description>
    <language>${lang === 'zh' ? 'zh-CN' : 'en'}</language>
    <lastBuildDate>${lastOf(input).toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

export function requestAtom(input: RequestFeedInput): string {
  const { request, lang } = input;
  const title = `${t(lang, 'front.feedTitle', { number: request.number })} · ${nameIn(lang, input.tenant)}`;
  const items = entriesOf(request, input.events, lang)
    .map(
      (e) => `  <entry>
    <id>${escapeXml(`urn:shequ:request:${input.tenant.slug}:${e.id}`)}</id>
    <title>${escapeXml(e.title)}</title>
    <link href="${escapeXml(input.pageUrl)}"/>
    <published>${e.at.toISOString()}</published>
    <updated>${e.at.toISOString()}</updated>
    <content type="text">${escapeXml(`${e.title} (${request.serviceName[lang]})`)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
  <id>${escapeXml(`urn:shequ:request:${input.tenant.slug}:${request.number}`)}</id>
  <title>${escapeXml(title)}</title>
  <link href="${escapeXml(input.pageUrl)}"/>
  <link rel="self" href="${escapeXml(input.selfUrl)}"/>
  <author><name>${escapeXml(nameIn(lang, input.tenant))}</name></author>
  <updated>${lastOf(input).toISOString()}</updated>
${items}
</feed>
`;
}
