import type { PublicEvent, PublicRequest } from '../functions/cases/resident-tracking.service';
import type { TenantRow } from '../functions/platform/tenancy';
import { atomDocument, type Feed, rssDocument } from './feed-writer';
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
      const words = eventWords(lang, event, true);
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

/** One resident's request as a feed: its public timeline, newest first. */
function requestFeed(input: RequestFeedInput): Feed {
  const { request, lang } = input;
  const urn = (id: string | number) => `urn:shequ:request:${input.tenant.slug}:${id}`;
  return {
    id: urn(request.number),
    title: `${t(lang, 'front.feedTitle', { number: request.number })} · ${nameIn(lang, input.tenant)}`,
    pageUrl: input.pageUrl,
    selfUrl: input.selfUrl,
    lang,
    author: nameIn(lang, input.tenant),
    updated: lastOf(input),
    entries: entriesOf(request, input.events, lang).map((e) => ({
      id: urn(e.id),
      title: e.title,
      link: input.pageUrl,
      published: e.at,
      body: `${e.title}${t(lang, 'console.paren', { text: request.serviceName[lang] })}`,
    })),
  };
}

export const requestRss = (input: RequestFeedInput): string => rssDocument(requestFeed(input));
export const requestAtom = (input: RequestFeedInput): string => atomDocument(requestFeed(input));
