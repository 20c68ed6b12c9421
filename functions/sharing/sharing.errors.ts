import { errors, errorsOf, type FieldIssue } from '../platform/errors';
import { type IdNumberProblem, sharingMessages } from './sharing.messages';

const e = errorsOf(sharingMessages);
/** Field issues by code, with this domain's messages (`sharing.messages.ts`). */
export const sharingIssue = e.issue;

export const sharingErrors = {
  residentNotFound: () => e.notFound('resident.not_found'),
  domainNotFound: () => e.notFound('data_domain.not_found'),
  grantNotFound: () => e.notFound('grant.not_found'),
  notOwner: (domain: string) => e.error(403, 'facet.not_owner', { params: { domain } }),
  invalidIdNumber: (reason: IdNumberProblem) =>
    e.unprocessable('resident.invalid_id_number', { details: [e.issue('idNumber', reason)] }),
  /** `residentId` only for a caller who could have found the resident by this ID number anyway. */
  duplicateResident: (residentId?: string) =>
    e.conflict('resident.exists', {
      params: residentId ? { residentId } : {},
      details: [e.issue('idNumber', 'resident.already_registered')],
    }),
  invalidFacet: (details: FieldIssue[]) => e.unprocessable('facet.invalid', { details }),
  staleVersion: (current: number) => e.error(412, 'facet.version_mismatch', { params: { current } }),
  idempotencyReused: () =>
    e.unprocessable('idempotency.key_reused', {
      details: [e.issue('Idempotency-Key', 'idempotency.use_new_key')],
    }),
  purposeRequired: () => errors.invalidRequest([e.issue('header.X-Purpose', 'purpose.required')]),
  purposeUndecodable: () => errors.invalidRequest([e.issue('header.X-Purpose', 'purpose.undecodable')]),
  purposeUnknown: (purpose: string, held: string[]) =>
    e.unprocessable('purpose.unknown', {
      params: { purpose, held },
      details: [e.issue('header.X-Purpose', 'purpose.not_a_code', { held })],
    }),
  purposeNotGranted: (purpose: string, held: string[]) =>
    e.error(403, 'purpose.not_granted', { params: { purpose, held } }),
  purposeExists: (code: string) =>
    e.conflict('purpose.exists', { details: [e.issue('code', 'purpose.code_taken', { code })] }),
  searchNotAllowed: (fields: string[]) => e.error(403, 'search.field_not_readable', { params: { fields } }),
  verifyNotAllowed: (fields: string[]) => e.error(403, 'verify.field_not_readable', { params: { fields } }),
  correctionNotAllowed: (field: string) =>
    e.error(403, 'correction.field_not_readable', { params: { field } }),
  grantInvalid: (details: FieldIssue[]) => e.unprocessable('grant.invalid', { details }),
  webhookNotFound: () => e.notFound('webhook.not_found'),
  correctionNotFound: () => e.notFound('correction.not_found'),
  correctionDecided: () => e.conflict('correction.decided'),
  fieldNotFound: () => e.notFound('data_field.not_found'),
  grantDecided: () => e.conflict('grant.decided'),
  nothingToWithdraw: () => e.conflict('grant.nothing_to_withdraw'),
  grantDepartmentsOnly: () => e.error(403, 'grant.departments_only'),
  grantRevokeNotParty: () => e.error(403, 'grant.revoke_not_party'),
  grantDecideNotOwner: () => e.error(403, 'grant.decide_not_owner'),
  correctionDecideNotOwner: (field: string) =>
    e.error(403, 'correction.decide_not_owner', { params: { field } }),
};
