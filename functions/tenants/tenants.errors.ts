import { errors, type FieldIssue } from '../platform/errors';

export const tenantErrors = {
  notFound: () => errors.notFound('tenant.not_found', 'No city is registered under this name.'),
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
  orgUnitNotFound: () => errors.notFound('org_unit.not_found', 'No such org unit in this city.'),
  reformNotFound: () => errors.notFound('reform.not_found', 'No such reform in this city.'),
  reformInvalid: (details: FieldIssue[]) =>
    errors.unprocessable('reform.invalid', 'The reform breaks the structure rules.', details),
};
