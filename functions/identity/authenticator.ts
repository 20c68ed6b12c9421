import type { Authenticator } from '../auth/app-env';
import { principalForApiKey } from './api-keys.service';
import { principalForSession } from './sessions.service';

/** Credentials to principals, installed by the app on every request (see `auth/app-env.ts`). */
export const identityAuthenticator: Authenticator = {
  apiKey: principalForApiKey,
  session: principalForSession,
};
