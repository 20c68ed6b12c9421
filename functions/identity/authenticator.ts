import type { Authenticator } from '../auth/app-env';
import { resolveApiKey } from './api-keys.service';
import { principalForSession } from './sessions.service';

/** Credentials to principals, installed by the app on every request (see `auth/app-env.ts`). */
export const identityAuthenticator: Authenticator = {
  apiKey: resolveApiKey,
  session: principalForSession,
};
