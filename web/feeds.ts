import type { TenantRow } from '../functions/platform/tenancy';
import { type StatusModel, statusPageTitle } from '../functions/public-site/public-site.service';
import { atomDocument, type Feed, rssDocument } from './feed-writer';
import { type Lang, nameIn, say } from './i18n';

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

/** The city's incidents, newest first, as a feed. */
function statusFeed(
  tenant: TenantRow,
  model: StatusModel,
  pageUrl: string,
  selfUrl: string,
  lang: Lang,
): Feed {
  return {
    id: `urn:uuid:${tenant.id}`,
    title: statusPageTitle(tenant, lang),
    pageUrl,
    selfUrl,
    lang,
    author: nameIn(lang, tenant),
    updated: model.updatedAt,
    entries: entries(model, lang).map((e) => ({
      id: `urn:uuid:${e.id}`,
      title: e.title,
      link: `${pageUrl}#incident-${e.id}`,
      published: e.published,
      updated: e.updated,
      body: e.body,
    })),
  };
}

/** RSS 2.0 of the city's incidents. */
export const rssFeed = (...args: Parameters<typeof statusFeed>): string => rssDocument(statusFeed(...args));

/** Atom (RFC 4287) of the city's incidents. */
export const atomFeed = (...args: Parameters<typeof statusFeed>): string => atomDocument(statusFeed(...args));
