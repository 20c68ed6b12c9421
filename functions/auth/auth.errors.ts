import { errors, errorsOf, type FieldIssue } from '../platform/errors';
import { authMessages } from './auth.messages';
import { type Action, SCOPE_ACTIONS } from './roles';

const e = errorsOf(authMessages);

export const authErrors = {
  required: () => errors.unauthenticated(),
  invalidCredentials: () => e.error(401, 'auth.invalid_credentials'),
  secondFactorRequired: () => e.error(401, 'auth.second_factor_required'),
  invalidSecondFactor: () => e.error(401, 'auth.invalid_second_factor'),
  throttled: () => e.error(429, 'auth.throttled'),
  invalidSession: () => e.error(401, 'auth.invalid_session'),
  unknownToken: () => e.error(401, 'auth.unknown_token'),
  sessionExpired: () => e.error(401, 'auth.session_expired'),
  accountDisabled: () => e.error(401, 'auth.account_disabled'),
  unknownKey: () => e.error(401, 'auth.unknown_key'),
  keyExpired: () => e.error(401, 'auth.key_expired'),
  keyRevoked: () => e.error(401, 'auth.key_revoked'),
  crossSite: () => e.error(403, 'auth.cross_site'),
  wrongTenant: () => e.error(403, 'auth.wrong_tenant'),
  /** The action refused, by its key: what a sentence would say has its own code below. */
  forbidden: (action: Action) => errors.forbidden(action),
  /** A key refused by its scopes, naming the scopes that would allow the action. */
  scopeMissing: (action: Action) =>
    e.error(403, 'auth.scope_missing', {
      params: {
        action,
        scopes: Object.entries(SCOPE_ACTIONS)
          .filter(([, actions]) => actions.includes(action))
          .map(([scope]) => scope),
      },
    }),
  sessionsPeopleOnly: () => e.error(403, 'auth.sessions_people_only'),
  consolePeopleOnly: () => e.error(403, 'auth.console_people_only'),
  cityPeopleOnly: () => e.error(403, 'auth.city_people_only'),
  notGrantable: (role: string) => e.error(403, 'role_grant.not_grantable', { params: { role } }),
  invalidInput: (details: FieldIssue[]) => e.unprocessable('auth.invalid_input', { details }),
  userNotFound: () => e.notFound('user.not_found'),
  grantNotFound: () => e.notFound('role_grant.not_found'),
  lastCityAdministrator: () => e.conflict('role_grant.last_city_administrator'),
  sessionNotFound: () => e.notFound('session.not_found'),
  emailTaken: () => e.conflict('user.email_taken', { details: [e.issue('email', 'field.already_used')] }),
  departmentNotFound: () => e.notFound('department.not_found'),
  departmentTaken: () =>
    e.conflict('department.key_taken', { details: [e.issue('key', 'field.already_used')] }),
  clientNotFound: () => e.notFound('api_client.not_found'),
  keyNotFound: () => e.notFound('api_key.not_found'),
  noDataKey: () => e.error(503, 'config.data_key_missing'),
};
