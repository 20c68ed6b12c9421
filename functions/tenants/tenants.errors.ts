import { errorsOf, type FieldIssue } from '../platform/errors';
import { orgUnitNotFound, tenantNotFound } from '../platform/tenancy';
import { tenantsMessages } from './tenants.messages';

const e = errorsOf(tenantsMessages);
/** Field issues and zod refinements by code, with this domain's messages (`tenants.messages.ts`). */
export const tenantsIssue = e.issue;
export const tenantsRefinement = e.refinement;
export const tenantsError = e;

export const tenantErrors = {
  notFound: tenantNotFound,
  slugTaken: (slug: string) =>
    e.unprocessable('tenant.slug_taken', {
      params: { slug },
      details: [e.issue('tenant.slug', 'tenant.slug_in_use')],
    }),
  onboardingInvalid: (details: FieldIssue[]) => e.unprocessable('onboarding.invalid', { details }),
  orgUnitNotFound,
  reformNotFound: () => e.notFound('reform.not_found'),
  reformInvalid: (details: FieldIssue[]) => e.unprocessable('reform.invalid', { details }),
};
