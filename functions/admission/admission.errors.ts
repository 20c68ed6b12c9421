import { errorsOf, type FieldIssue } from '../platform/errors';
import { admissionMessages } from './admission.messages';

const e = errorsOf(admissionMessages);

/** A field issue of the admission domain, by code. */
export const admissionIssue = e.issue;

export const admissionErrors = {
  invalid: (details: FieldIssue[]) => e.unprocessable('admission.invalid', { details }),
  workItemNotFound: () => e.notFound('admission.work_item_not_found'),
  applicationNotFound: () => e.notFound('admission.application_not_found'),
  ownApplication: () => e.error(403, 'admission.own_application'),
  notReviewer: (step: string) => e.error(403, 'admission.not_reviewer', { params: { step } }),
  outOfOrder: (step: string, current: string) =>
    e.conflict('admission.out_of_order', { params: { step, current } }),
  pastDeadline: (dueAt: string) => e.conflict('admission.past_deadline', { params: { dueAt } }),
  decided: () => e.conflict('admission.decided'),
  stale: () => e.conflict('admission.stale'),
  revoked: () => e.conflict('admission.revoked'),
  workAdmitted: () => e.conflict('admission.work_admitted'),
  notCommunityHandler: () => e.error(403, 'admission.not_community_handler'),
  agreementNotFound: () => e.notFound('admission.agreement_not_found'),
  agreementSigned: () => e.conflict('admission.agreement_signed'),
  alreadySigned: (side: string) => e.conflict('admission.already_signed', { params: { side } }),
  obligationNotFound: () => e.notFound('admission.obligation_not_found'),
  codeTaken: () => e.conflict('admission.invalid', { details: [e.issue('code', 'admission.code_taken')] }),
};
