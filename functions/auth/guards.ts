import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { MiddlewareHandler } from 'hono';
import { errors } from '../platform/errors';
import type { AppEnv, SecurityRequirement } from '../platform/http';

const encoder = new TextEncoder();

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Platform administration, authenticated by the platform token until per-person sign-in lands. */
const platformAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const presented = bearerToken(c.req.header('authorization'));
  if (!presented) throw errors.unauthenticated();
  const expected = c.get('config').platformToken;
  // Compare digests so the comparison is constant-time whatever the lengths.
  if (!expected || !constantTimeEqual(sha256(encoder.encode(presented)), sha256(encoder.encode(expected)))) {
    throw errors.unauthenticated();
  }
  await next();
};

const publicAccess: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

export const guards: Record<SecurityRequirement, MiddlewareHandler<AppEnv>> = {
  public: publicAccess,
  platformAdmin,
};
