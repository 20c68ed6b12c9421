import type { CategoryAttribute } from '../../schema';
import type { CategoryRow } from '../cases/case-catalog.service';
import type { PublicEvent, PublicRequest } from '../cases/resident-tracking.service';
import type { PublicUpdate } from '../cases/resident-updates.service';
import { stampIn } from '../platform/dates';

/**
 * Rows to Open311 GeoReport v2 shapes. Only `open`/`closed` in `status`; where the case stands
 * (registered, sent to a department, handled, verified…) goes in `status_notes`, in plain words.
 */
export type Lang = 'zh' | 'en';

/** A case's status as the public reads it. */
export const STATUS_WORDS: Record<string, { zh: string; en: string }> = {
  collected: { zh: '已接收', en: 'Received' },
  registered: { zh: '已立案', en: 'Registered' },
  refused: { zh: '不予立案', en: 'Not taken up' },
  dispatched: { zh: '已派遣', en: 'Sent to the handler' },
  handling: { zh: '处理中', en: 'Being handled' },
  reported: { zh: '已处理，待核查', en: 'Handled, being verified' },
  closed: { zh: '已办结', en: 'Closed' },
  evaluated: { zh: '已办结', en: 'Closed' },
};

/** The timeline's steps as the public reads them (kinds the public does not see are left out). */
export const EVENT_WORDS: Record<string, { zh: string; en: string }> = {
  collect: { zh: '已接收', en: 'Received' },
  register: { zh: '已立案', en: 'Registered' },
  refuse: { zh: '不予立案', en: 'Not taken up' },
  dispatch: { zh: '已派遣', en: 'Sent to the handler' },
  accept: { zh: '处理单位已接单', en: 'Taken on by the handler' },
  report: { zh: '已处理', en: 'Handled' },
  send_back: { zh: '核查未通过，退回处理', en: 'Verified as not fixed; sent back' },
  close: { zh: '核查通过，已办结', en: 'Verified and closed' },
  escalate: { zh: '已上报上级督办', en: 'Escalated' },
  evaluate: { zh: '已评价', en: 'Evaluated' },
  reopen: { zh: '居民反馈未解决，重新处理', en: 'Reopened: the resident says it is not solved' },
  rate: { zh: '居民确认满意', en: 'The resident is satisfied' },
};

const CLOSED = new Set(['closed', 'evaluated', 'refused']);

/** W3C date-time with the city's offset (`2026-09-29T10:00:00+08:00`), as the spec asks. */
export function w3cIn(timeZone: string, value: Date): string {
  const { text, zone } = stampIn(timeZone, value, 'second');
  const match = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zone);
  const offset = match ? `${match[1]}${(match[2] ?? '0').padStart(2, '0')}:${match[3] ?? '00'}` : 'Z';
  return `${text.replace(' ', 'T')}${offset}`;
}

const DATATYPES: Record<CategoryAttribute['type'], string> = {
  text: 'text',
  number: 'number',
  boolean: 'singlevaluelist',
  date: 'datetime',
  choice: 'singlevaluelist',
};

export function presentService(category: CategoryRow, lang: Lang) {
  return {
    service_code: category.code,
    service_name: lang === 'en' ? category.nameEn : category.nameZh,
    // The problems it covers in residents' words where the city wrote them, else its name.
    description:
      (lang === 'en' ? category.hintEn : category.hintZh) ||
      (lang === 'en' ? category.nameEn : category.nameZh),
    metadata: category.attributes.length > 0,
    type: 'realtime',
    keywords: `${category.nameZh}, ${category.nameEn}`,
    group: category.handlerKind,
  };
}

export function presentServiceDefinition(category: CategoryRow, lang: Lang) {
  return {
    service_code: category.code,
    attributes: category.attributes.map((attribute, index) => ({
      variable: true,
      code: attribute.code,
      datatype: DATATYPES[attribute.type],
      required: attribute.required,
      datatype_description: attribute.type === 'date' ? 'YYYY-MM-DD' : null,
      order: index + 1,
      description: lang === 'en' ? attribute.name.en : attribute.name.zh,
      values:
        attribute.type === 'boolean'
          ? [
              { key: 'true', name: lang === 'en' ? 'Yes' : '是' },
              { key: 'false', name: lang === 'en' ? 'No' : '否' },
            ]
          : (attribute.choices ?? []).map((choice) => ({
              key: choice.key,
              name: lang === 'en' ? choice.name.en : choice.name.zh,
            })),
    })),
  };
}

/** A label and what follows it, as each language writes it ("已办结：城管" / "Closed: Urban management"). */
const labelled = (lang: Lang, label: string, text: string) =>
  lang === 'en' ? `${label}: ${text}` : `${label}：${text}`;

/**
 * Where the request stands, in words: the status, the department it was sent to, and the handler's
 * reply to the resident once the work is reported (Open311: "more details on current status").
 */
export function statusNotes(request: PublicRequest, lang: Lang): string {
  const words = STATUS_WORDS[request.status]?.[lang] ?? request.status;
  const where =
    request.department && ['dispatched', 'handling', 'reported'].includes(request.status)
      ? labelled(lang, words, request.department[lang])
      : words;
  if (!request.publicReply) return where;
  return `${where}${lang === 'en' ? '. ' : '。'}${labelled(lang, lang === 'en' ? 'Reply' : '处理答复', request.publicReply)}`;
}

export function presentRequest(request: PublicRequest, timeZone: string, lang: Lang) {
  return {
    service_request_id: request.number,
    status: CLOSED.has(request.status) ? 'closed' : 'open',
    status_notes: statusNotes(request, lang),
    service_name: lang === 'en' ? request.serviceName.en : request.serviceName.zh,
    service_code: request.serviceCode,
    description: request.description,
    agency_responsible: request.department ? request.department[lang] : null,
    service_notice: null,
    requested_datetime: w3cIn(timeZone, request.requestedAt),
    updated_datetime: w3cIn(timeZone, request.updatedAt),
    expected_datetime:
      request.expectedAt && !CLOSED.has(request.status) ? w3cIn(timeZone, request.expectedAt) : null,
    address: request.address || request.placeName[lang],
    address_id: request.placeCode,
    zipcode: null,
    lat: request.lat,
    long: request.long,
    media_url: null,
  };
}

/** The public timeline: what happened, when; nothing of who or why. */
export function presentEvents(events: PublicEvent[], timeZone: string, lang: Lang) {
  return events
    .filter((event) => EVENT_WORDS[event.kind])
    .map((event) => ({
      kind: event.kind,
      words: EVENT_WORDS[event.kind]?.[lang] ?? event.kind,
      at: w3cIn(timeZone, event.at),
    }));
}

/** FixMyStreet's update states for the timeline's steps (its `servicerequestupdates` vocabulary). */
export const UPDATE_STATES: Record<string, string> = {
  collect: 'open',
  register: 'investigating',
  refuse: 'no_further_action',
  dispatch: 'action_scheduled',
  accept: 'in_progress',
  report: 'in_progress',
  send_back: 'in_progress',
  close: 'fixed',
  escalate: 'internal_referral',
  reopen: 'open',
  rate: 'closed',
};

/** Escalations say where to ("escalated to the district"). */
const ESCALATED: Record<string, { zh: string; en: string }> = {
  district: { zh: '已上报区级督办', en: 'Escalated to the district' },
  street: { zh: '已上报街道督办', en: 'Escalated to the street office' },
  city: { zh: '已上报市级督办', en: 'Escalated to the city' },
};

/** A step in words; a report with its reply to the resident, if given ("已处理：已更换灯具"). */
export function stepWords(step: Pick<PublicEvent, 'kind' | 'toLevel' | 'reply'>, lang: Lang): string {
  const level = step.toLevel ? ESCALATED[step.toLevel] : undefined;
  if (step.kind === 'escalate' && level) return level[lang];
  const words = EVENT_WORDS[step.kind]?.[lang] ?? step.kind;
  return step.kind === 'report' && step.reply ? labelled(lang, words, step.reply) : words;
}

/** One FixMyStreet-style request update (`<service_requests_updates><request_update>`). */
export function presentUpdate(update: PublicUpdate, timeZone: string, lang: Lang) {
  return {
    update_id: update.updateId,
    service_request_id: update.number,
    status: UPDATE_STATES[update.kind] ?? 'open',
    updated_datetime: w3cIn(timeZone, update.at),
    description: stepWords(update, lang),
    media_url: null,
  };
}

/** The request's richer states as Open311 `notes[]` (as Chicago's server does): one per step. */
export function presentNotes(events: PublicEvent[], timeZone: string, lang: Lang) {
  return events
    .filter((event) => EVENT_WORDS[event.kind])
    .map((event) => ({
      datetime: w3cIn(timeZone, event.at),
      summary: stepWords(event, lang),
      type: UPDATE_STATES[event.kind] ?? event.kind,
      description: event.kind,
    }));
}
