import { AppError, errors, type FieldIssue } from '../platform/errors';

export const sharingErrors = {
  residentNotFound: () => errors.notFound('resident.not_found', 'No such resident in this city.'),
  domainNotFound: () => errors.notFound('data_domain.not_found', 'No such data domain in this city.'),
  grantNotFound: () => errors.notFound('grant.not_found', 'No such grant in this city.'),
  notOwner: (domain: string) =>
    new AppError(
      'facet.not_owner',
      403,
      `Only the department that owns "${domain}" writes it; file a correction instead.`,
    ),
  invalidIdNumber: (reason: string) =>
    errors.unprocessable('resident.invalid_id_number', 'The ID number is not valid.', [
      { path: 'idNumber', message: reason },
    ]),
  duplicateResident: () =>
    errors.conflict('resident.exists', 'A resident with this ID number is already registered.', [
      { path: 'idNumber', message: 'already registered' },
    ]),
  invalidFacet: (details: FieldIssue[]) =>
    errors.unprocessable('facet.invalid', 'Some fields are not acceptable.', details),
  staleVersion: (current: number) =>
    new AppError(
      'facet.version_mismatch',
      412,
      `The facet changed since you read it; it is now at version ${current}.`,
    ),
  idempotencyReused: () =>
    errors.unprocessable('idempotency.key_reused', 'This Idempotency-Key was used for a different request.', [
      { path: 'Idempotency-Key', message: 'use a new key for a new request' },
    ]),
  purposeRequired: () =>
    errors.invalidRequest([
      { path: 'header.X-Purpose', message: 'state why you read this data (2–200 characters)' },
    ]),
  purposeUndecodable: () =>
    errors.invalidRequest(
      [
        {
          path: 'header.X-Purpose',
          message: 'not valid percent-encoded UTF-8 (encode it with encodeURIComponent)',
        },
      ],
      'The X-Purpose header is not valid percent-encoded UTF-8.',
    ),
  searchNotAllowed: (fields: string[]) =>
    new AppError(
      'search.field_not_readable',
      403,
      `You may not search on ${fields.join(', ')}: you cannot read it.`,
    ),
  grantInvalid: (details: FieldIssue[]) =>
    errors.unprocessable('grant.invalid', 'The grant request is not acceptable.', details),
  importNotFound: () => errors.notFound('import.not_found', 'No such import of yours in this city.'),
  webhookNotFound: () =>
    errors.notFound('webhook.not_found', 'No such webhook subscription of your department.'),
  correctionNotFound: () =>
    errors.notFound('correction.not_found', 'No such correction request in this city.'),
  correctionDecided: () => errors.conflict('correction.decided', 'This correction was already decided.'),
  fieldNotFound: () => errors.notFound('data_field.not_found', 'No such field in this data domain.'),
  grantDecided: () => errors.conflict('grant.decided', 'This grant was already decided.'),
};
