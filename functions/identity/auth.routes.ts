import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { PATTERNS } from '../platform/patterns';

const tags = ['Sign-in'];

export const SignInBody = z
  .object({
    tenant: z
      .string()
      .regex(PATTERNS.slug)
      .optional()
      .openapi({ description: 'The city slug; omit for platform administrators.', example: 'guiyang' }),
    login: z
      .string()
      .trim()
      .min(3)
      .max(200)
      .openapi({ description: 'Email or phone', example: 'admin@guiyang.example.org' }),
    password: z.string().min(1).max(200),
    totp: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .openapi({ description: 'Authenticator code, when the second factor is on' }),
  })
  .strict()
  .openapi('SignIn');

const Session = z
  .object({
    id: z.string().openapi({ description: 'SHA-256 of the token (the token itself is never stored)' }),
    createdAt: z.string(),
    expiresAt: z.string(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('Session');

export const signInRoute = route({
  method: 'post',
  path: '/v1/auth/sign-in',
  tags,
  summary: 'Sign in with email or phone and password',
  description:
    'Sets the `shequ_session` cookie (HttpOnly, Secure, SameSite=Lax) and also returns the token for non-browser clients (`Authorization: Bearer <token>`). Wrong passwords and unknown accounts get the same answer; repeated failures are throttled per account and per address (429).',
  security: 'public',
  request: { body: { required: true, content: { 'application/json': { schema: SignInBody } } } },
  responses: {
    200: jsonResponse('Signed in', z.object({ token: z.string(), expiresAt: z.string() })),
    ...errorResponses(400, 401, 429, 503),
  },
});

export const signOutRoute = route({
  method: 'post',
  path: '/v1/auth/sign-out',
  tags,
  summary: 'End the current session',
  security: 'signedIn',
  responses: { 204: { description: 'Signed out; the token no longer works' }, ...errorResponses(401) },
});

export const meRoute = route({
  method: 'get',
  path: '/v1/auth/me',
  tags,
  summary: 'Who am I: the caller and their roles',
  security: 'signedIn',
  responses: {
    200: {
      description: 'The caller',
      content: {
        'application/json': {
          schema: z.object({
            kind: z.enum(['platform', 'user', 'api_client']),
            id: z.string(),
            tenantId: z.string().nullable(),
            grants: z.array(z.object({ id: z.string(), role: z.string(), orgUnitId: z.string() })),
            scopes: z.array(z.string()),
          }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const listSessionsRoute = route({
  method: 'get',
  path: '/v1/auth/sessions',
  tags,
  summary: 'My active sessions',
  security: 'signedIn',
  responses: {
    200: jsonResponse('Sessions', z.object({ items: z.array(Session) })),
    ...errorResponses(401),
  },
});

export const revokeSessionRoute = route({
  method: 'delete',
  path: '/v1/auth/sessions/{id}',
  tags,
  summary: 'Revoke one of my sessions',
  security: 'signedIn',
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 404) },
});

export const beginTotpRoute = route({
  method: 'post',
  path: '/v1/auth/totp',
  tags,
  summary: 'Start turning on the second factor (TOTP)',
  description: 'Returns a new key as an `otpauth://` URI to scan; it takes effect once confirmed.',
  security: 'signedIn',
  responses: {
    200: jsonResponse('Key to enrol', z.object({ secret: z.string(), uri: z.string() })),
    ...errorResponses(401, 503),
  },
});

export const confirmTotpRoute = route({
  method: 'post',
  path: '/v1/auth/totp/confirm',
  tags,
  summary: 'Confirm the second factor with a code from the app',
  security: 'signedIn',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ code: z.string().regex(/^\d{6}$/) }).strict() } },
    },
  },
  responses: { 204: { description: 'Second factor on' }, ...errorResponses(400, 401, 422, 503) },
});
