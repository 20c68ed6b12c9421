import { errors, type FieldIssue } from '../platform/errors';
import { orgUnitNotFound, tenantNotFound } from '../platform/tenancy';

export const tenantErrors = {
  notFound: tenantNotFound,
  slugTaken: (slug: string) =>
    errors.unprocessable('tenant.slug_taken', `A different city is already registered as "${slug}".`, [
      { path: 'tenant.slug', message: 'already taken by another onboarding' },
    ]),
  onboardingInvalid: (details: FieldIssue[]) =>
    errors.unprocessable(
      'onboarding.invalid',
      'The onboarding document breaks the structure rules.',
      details,
    ),
  orgUnitNotFound,
  reformNotFound: () => errors.notFound('reform.not_found', 'No such reform in this city.'),
  reformInvalid: (details: FieldIssue[]) =>
    errors.unprocessable('reform.invalid', 'The reform breaks the structure rules.', details),
};
