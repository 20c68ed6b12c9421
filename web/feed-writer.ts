import { escapeXml } from '../functions/platform/xml';
import type { Lang } from './i18n';

/**
 * The one RSS 2.0 and Atom (RFC 4287) writer of the public feeds (status incidents, council
 * decisions, a resident's request): each feed says what its entries are, this says how a feed is
 * written. Every text goes through `escapeXml`, which drops what XML 1.0 cannot carry.
 */
export interface FeedEntry {
  /** RSS guid and Atom id: a URN, never a link. */
  id: string;
  title: string;
  link: string;
  published: Date;
  /** Atom's `updated` (the published time when absent). */
  updated?: Date;
  body: string;
}

export interface Feed {
  /** Atom's feed id. */
  id: string;
  title: string;
  pageUrl: string;
  selfUrl: string;
  lang: Lang;
  author: string;
  /** The feed's last change (RSS `lastBuildDate`, Atom `updated`). */
  updated: Date;
  entries: FeedEntry[];
}

const language = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

export function rssDocument(feed: Feed): string {
  const items = feed.entries
    .map(
      (e) => `    <item>
      <title>${escapeXml(e.title)}</title>
      <link>${escapeXml(e.link)}</link>
      <guid isPermaLink="false">${escapeXml(e.id)}</guid>
      <pubDate>${e.published.toUTCString()}</pubDate>
      <description>${escapeXml(e.body)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(feed.title)}</title>
    <link>${escapeXml(feed.pageUrl)}</link>
    <atom:link href="${escapeXml(feed.selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${escapeXml(feed.title)}</description>
    <language>${language(feed.lang)}</language>
    <lastBuildDate>${feed.updated.toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

export function atomDocument(feed: Feed): string {
  const items = feed.entries
    .map(
      (e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <link href="${escapeXml(e.link)}"/>
    <published>${e.published.toISOString()}</published>
    <updated>${(e.updated ?? e.published).toISOString()}</updated>
    <content type="text">${escapeXml(e.body)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language(feed.lang)}">
  <id>${escapeXml(feed.id)}</id>
  <title>${escapeXml(feed.title)}</title>
  <link href="${escapeXml(feed.pageUrl)}"/>
  <link rel="self" href="${escapeXml(feed.selfUrl)}"/>
  <author><name>${escapeXml(feed.author)}</name></author>
  <updated>${feed.updated.toISOString()}</updated>
${items}
</feed>
`;
}
