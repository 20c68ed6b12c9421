import { z } from '@hono/zod-openapi';
import { TENANT_ROLES } from '../auth/roles';
import { PATTERNS } from '../platform/patterns';

export const NewGrant = z
  .object({
    role: z.enum(TENANT_ROLES),
    orgUnitId: z.uuid(),
    departmentId: z.uuid().optional().openapi({
      description:
        'The department a department officer works for (required for that role, refused for the others): cases and deadline-bound requests addressed to it reach them.',
    }),
  })
  .strict();
export const NewUserBody = z
  .object({
    email: z.email().max(200),
    phone: z.string().regex(PATTERNS.phone).optional(),
    displayName: z.string().trim().min(1).max(100),
    password: z.string().max(200).optional().openapi({ description: 'Omit to invite without a password' }),
    roles: z.array(NewGrant).max(20).default([]),
  })
  .strict()
  .openapi('NewUser', {
    example: {
      email: 'grid.worker@guiyang.example.org',
      displayName: '网格员（示例）',
      password: 'Correct-horse-42',
      roles: [{ role: 'grid_worker', orgUnitId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10' }],
    },
  });
