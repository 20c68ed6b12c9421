import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses } from '../platform/http';
import { OnboardingDocument } from '../tenants/onboarding.schema';
import { TenantSummary } from '../tenants/tenants.routes';

const tags = ['Structure'];

export const onboardTenantRoute = route({
  method: 'post',
  path: '/v1/tenants',
  tags,
  summary: 'Onboard a city',
  description:
    'Creates a tenant from an onboarding document: its structure (a built-in template, optionally with parts replaced, or a custom one), its units, its reforms and a first city administrator. All or nothing. Sending the same document again changes nothing and answers 200 with `created: false`.',
  security: { action: 'tenant.onboard' },
  request: { body: { required: true, content: { 'application/json': { schema: OnboardingDocument } } } },
  responses: {
    201: {
      description: 'Onboarded',
      content: {
        'application/json': {
          schema: z.object({
            created: z.literal(true),
            tenant: TenantSummary,
            units: z.number().int(),
            reforms: z.number().int(),
          }),
        },
      },
    },
    200: {
      description: 'Already onboarded from this same document; nothing changed',
      content: {
        'application/json': {
          schema: z.object({
            created: z.literal(false),
            tenant: TenantSummary,
            units: z.number().int(),
            reforms: z.number().int(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 422),
  },
});
