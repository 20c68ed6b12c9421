import type { TenantRow } from '../functions/platform/tenancy';
import { type StatusModel, statusPageTitle } from '../functions/public-site/public-site.service';
import { type Lang, nameIn, say } from './i18n';

/** Whether a UTF-16 code unit at `i` starts a character XML 1.0 allows (Char production, §2.2). */
function xmlCharLength(value: string, i: number): number {
  const code = value.charCodeAt(i);
  if (code === 0x09 || code === 0x0a || code === 0x0d) return 1;
  if (code < 0x20 || code === 0xfffe || code === 0xffff) return 0;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 0;
  }
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 1;
}

/**
 * Text as XML 1.0 character data. Characters XML forbids (C0 controls, lone surrogates, U+FFFE/F)
 * cannot be escaped at all — one would make the feed unparseable for every subscriber — so they
 * are dropped; markup characters are escaped.
 */
export function escapeXml(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const length = xmlCharLength(value, i);
    if (length === 0) {
      i += 1;
      continue;
    }
    const ch = value.slice(i, i + length);
    out +=
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' } as Record<string, string>)[
        ch
      ] ?? ch;
    i += length;
  }
  return out;
}

function entries(model: StatusModel, lang: Lang) {
  return model.incidents.map(({ incident, updates }) => ({
    id: incident.id,
    title:
      lang === 'zh'
        ? `${incident.nameZh}（${say(lang, `site.incident.${incident.status}`)}）`
        : `${incident.nameEn} (${say(lang, `site.incident.${incident.status}`)})`,
    updated: incident.updatedAt,
    published: incident.startedAt,
    body: updates
      .map(
        (u) =>
          `${say(lang, `site.incident.${u.status}`)} — ${nameIn(lang, u, 'body')} (${u.createdAt.toISOString()})`,
      )
      .join('\n'),
  }));
}

/** RSS 2.0 of the city's incidents, newest first. */
export function rssFeed(
  tenant: TenantRow,
  model: StatusModel,
  pageUrl: string,
  selfUrl: string,
  lang: Lang,
): string {
  const name = statusPageTitle(tenant, lang);
  const items = entries(model, lang)
    .map(
      (e) => `    <item>
      <title>${escapeXml(e.title)}</title>
      <link>${escapeXml(`${pageUrl}#incident-${e.id}`)}</link>
      <guid isPermaLink="false">urn:uuid:${e.id}</guid>
      <pubDate>${e.published.toUTCString()}</pubDate>
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
    <lastBuildDate>${model.updatedAt.toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

/** Atom (RFC 4287) of the city's incidents. */
export function atomFeed(
  tenant: TenantRow,
  model: StatusModel,
  pageUrl: string,
  selfUrl: string,
  lang: Lang,
): string {
  const name = statusPageTitle(tenant, lang);
  const items = entries(model, lang)
    .map(
      (e) => `  <entry>
    <id>urn:uuid:${e.id}</id>
    <title>${escapeXml(e.title)}</title>
    <link href="${escapeXml(`${pageUrl}#incident-${e.id}`)}"/>
    <published>${e.published.toISOString()}</published>
    <updated>${e.updated.toISOString()}</updated>
    <content type="text">${escapeXml(e.body)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
  <id>urn:uuid:${tenant.id}</id>
  <title>${escapeXml(name)}</title>
  <link href="${escapeXml(pageUrl)}"/>
  <link rel="self" href="${escapeXml(selfUrl)}"/>
  <author><name>${escapeXml(nameIn(lang, tenant))}</name></author>
  <updated>${model.updatedAt.toISOString()}</updated>
${items}
</feed>
`;
}
