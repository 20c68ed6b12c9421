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
  reformInvalid,
  orgUnitInvalid,
};

const fieldsOf = (details: FieldIssue[]) => [...new Set(details.map((issue) => issue.path))];
/** The first reference to a unit the city does not have: the cause the other issues usually follow from. */
const unknownReference = (details: FieldIssue[], code: string) =>
  details.find((issue) => issue.code === code && typeof issue.params?.code === 'string');

/**
 * A refused reform, said by its cause: a parent or unit code the city does not have is named as
 * such (`reform.parent_unknown`, `reform.unit_unknown`); otherwise `reform.invalid` names the fields.
 * Every issue stays in `details`.
 */
function reformInvalid(details: FieldIssue[]) {
  const parent = unknownReference(details, 'org_unit.parent_unknown');
  if (parent)
    return e.unprocessable('reform.parent_unknown', {
      params: { field: parent.path, code: String(parent.params?.code) },
      details,
    });
  const unit = unknownReference(details, 'org_unit.code_unknown');
  if (unit)
    return e.unprocessable('reform.unit_unknown', {
      params: { field: unit.path, code: String(unit.params?.code) },
      details,
    });
  return e.unprocessable('reform.invalid', { params: { fields: fieldsOf(details) }, details });
}

/** A refused new unit (not a reform): an unknown parent by name, else the fields that break the rules. */
function orgUnitInvalid(details: FieldIssue[]) {
  const parent = unknownReference(details, 'org_unit.parent_unknown');
  if (parent)
    return e.unprocessable('org_unit.parent_not_found', {
      params: { code: String(parent.params?.code) },
      details,
    });
  return e.unprocessable('org_unit.invalid', { params: { fields: fieldsOf(details) }, details });
}
