import { errorsOf, type FieldIssue } from '../platform/errors';
import { residentMessages } from './resident.messages';

const e = errorsOf(residentMessages);

/** A field issue of a resident's report, by code. */
export const residentIssue = e.issue;

/** Open311 asks for 404 (unknown jurisdiction, service, request, token), 403 (api_key) and 400. */
export const residentErrors = {
  jurisdictionRequired: () => e.error(400, 'report.jurisdiction_required'),
  jurisdictionUnknown: () => e.notFound('report.jurisdiction_unknown'),
  serviceUnknown: () => e.notFound('report.service_unknown'),
  requestNotFound: () => e.notFound('report.request_not_found'),
  tokenUnknown: () => e.notFound('report.token_unknown'),
  apiKeyInvalid: () => e.error(403, 'report.api_key_invalid'),
  throttled: () => e.error(429, 'report.throttled'),
  invalid: (details: FieldIssue[]) => e.error(400, 'report.invalid', { details }),
  feedbackNotClosed: () => e.conflict('report.feedback_not_closed'),
  feedbackFinal: () => e.conflict('report.feedback_final'),
  feedbackExpired: () => e.conflict('report.feedback_expired'),
  feedbackToken: () => e.error(403, 'report.feedback_token'),
};
