import { errorsOf, type FieldIssue } from '../platform/errors';
import { casesMessages } from './cases.messages';

const e = errorsOf(casesMessages);

/** A field issue of the cases domain, by code. */
export const caseIssue = e.issue;

export const casesErrors = {
  notFound: () => e.notFound('case.not_found'),
  wrongStatus: (status: string, expected: readonly string[]) =>
    e.conflict('case.wrong_status', { params: { status, expected } }),
  stale: () => e.conflict('case.stale'),
  handlerVerifies: () => e.error(403, 'case.handler_verifies'),
  notHandler: () => e.error(403, 'case.not_handler'),
  topLevel: () => e.conflict('case.top_level'),
  invalid: (details: FieldIssue[]) => e.unprocessable('case.invalid', { details }),
  notClosed: () => e.conflict('case.satisfaction_closed'),
  /** The reporter's own answer stands: staff record a rating only for a case that has none. */
  ratedByResident: () =>
    e.conflict('case.rated_by_resident', { details: [e.issue('satisfaction', 'case.rated_by_resident')] }),
  categoryNotFound: () => e.notFound('category.not_found'),
  categoryCodeTaken: () =>
    e.conflict('category.code_taken', { details: [e.issue('code', 'category.code_taken')] }),
  categoryInvalid: (details: FieldIssue[]) => e.unprocessable('category.invalid', { details }),
  calendarDayExists: () =>
    e.conflict('calendar.day_exists', { details: [e.issue('day', 'calendar.day_exists')] }),
  photoNotFound: () => e.notFound('photo.not_found'),
  photoType: () => e.error(415, 'photo.type'),
  photoTooLarge: () => e.error(413, 'photo.too_large'),
  photoLimit: () => e.conflict('photo.limit'),
  photoStoreMissing: () => e.error(503, 'photo.store_missing'),
  acceptanceNotFound: () => e.notFound('acceptance.not_found'),
  acceptanceAnswered: () => e.conflict('acceptance.answered'),
  acceptanceNotAddressed: () => e.error(403, 'acceptance.not_addressed'),
};
