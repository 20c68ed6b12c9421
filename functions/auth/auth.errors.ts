import { AppError, errors, type FieldIssue } from '../platform/errors';

export const authErrors = {
  required: () => errors.unauthenticated(),
  invalidCredentials: () =>
    new AppError(
      'auth.invalid_credentials',
      401,
      'The sign-in name or password is incorrect. 登录名或密码不正确。',
    ),
  secondFactorRequired: () =>
    new AppError(
      'auth.second_factor_required',
      401,
      'Enter the code from your authenticator app. 请输入动态验证码。',
    ),
  invalidSecondFactor: () =>
    new AppError('auth.invalid_second_factor', 401, 'The code is not valid. 验证码不正确。'),
  throttled: () =>
    new AppError(
      'auth.throttled',
      429,
      'Too many failed sign-ins. Try again later. 登录失败次数过多，请稍后再试。',
    ),
  invalidSession: () => new AppError('auth.invalid_session', 401, 'The session has ended; sign in again.'),
  invalidKey: () => new AppError('auth.invalid_key', 401, 'The API key is unknown, expired or revoked.'),
  crossSite: () => new AppError('auth.cross_site', 403, 'This request did not come from this site.'),
  wrongTenant: () => new AppError('auth.wrong_tenant', 403, 'These credentials belong to another city.'),
  forbidden: (action: string) =>
    new AppError('auth.forbidden', 403, `Your roles do not allow ${action} here.`),
  invalidInput: (details: FieldIssue[]) =>
    errors.unprocessable('auth.invalid_input', 'Some fields are not acceptable.', details),
  userNotFound: () => errors.notFound('user.not_found', 'No such user in this city.'),
  grantNotFound: () => errors.notFound('role_grant.not_found', 'No such role grant in this city.'),
  lastCityAdministrator: () =>
    errors.conflict(
      'role_grant.last_city_administrator',
      "This is the city's last city administrator role; grant the role to someone else first, or the city is locked out.",
    ),
  sessionNotFound: () => errors.notFound('session.not_found', 'No such session.'),
  emailTaken: () =>
    errors.conflict('user.email_taken', 'A user with this email already exists in this city.', [
      { path: 'email', message: 'already used' },
    ]),
  departmentNotFound: () => errors.notFound('department.not_found', 'No such department in this city.'),
  departmentTaken: () =>
    errors.conflict('department.key_taken', 'A department with this key already exists.', [
      { path: 'key', message: 'already used' },
    ]),
  clientNotFound: () => errors.notFound('api_client.not_found', 'No such API client in this city.'),
  keyNotFound: () => errors.notFound('api_key.not_found', 'No such API key in this city.'),
  noDataKey: () =>
    new AppError('config.data_key_missing', 503, 'The second factor needs DATA_KEY to be configured.'),
};
