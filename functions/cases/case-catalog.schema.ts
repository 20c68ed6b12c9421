import { z } from '@hono/zod-openapi';
import { ATTRIBUTE_TYPES, HANDLER_KINDS } from '../../schema/cases';
import { PATTERNS } from '../platform/patterns';

const Name = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(200) });

export const StageLimitsBody = z
  .object({
    register: z.int().min(1).max(60),
    dispatch: z.int().min(1).max(60),
    handle: z.int().min(1).max(120),
    verify: z.int().min(1).max(60),
    warnShare: z.number().min(0.1).max(0.95),
  })
  .strict()
  .openapi('StageLimits', {
    description:
      'Working days each stage may take; the warning at `warnShare` of it, the second breach at twice it.',
  });

export const CategoryAttributeBody = z
  .object({
    code: z.string().regex(PATTERNS.key).max(63),
    type: z.enum(ATTRIBUTE_TYPES),
    name: Name,
    required: z.boolean().default(false),
    choices: z
      .array(z.object({ key: z.string().regex(PATTERNS.key).max(63), name: Name }).strict())
      .max(50)
      .optional(),
  })
  .strict();

export const CategoryBody = z
  .object({
    code: z.string().regex(PATTERNS.key).max(63),
    name: Name,
    hint: z
      .object({ zh: z.string().trim().max(200), en: z.string().trim().max(400) })
      .strict()
      .default({ zh: '', en: '' })
      .openapi({
        description:
          'What residents report under this category, in their words: shown beside the name on the report form and as the Open311 service `description`. Empty for none.',
      }),
    handlerKind: z.enum(HANDLER_KINDS),
    departmentId: z.uuid().nullable().default(null),
    limits: StageLimitsBody,
    attributes: z.array(CategoryAttributeBody).max(30).default([]),
    public: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict()
  .openapi('CaseCategoryInput', {
    example: {
      code: 'city_operation',
      name: { zh: '协调城市运行', en: 'City operation' },
      hint: {
        zh: '路灯不亮、井盖缺失、道路破损',
        en: 'Street lights out, missing manhole covers, damaged roads',
      },
      handlerKind: 'department',
      departmentId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
      limits: { register: 1, dispatch: 1, handle: 3, verify: 2, warnShare: 0.75 },
      attributes: [{ code: 'hazard', type: 'boolean', name: { zh: '是否危及安全', en: 'Endangers safety' } }],
      public: true,
      active: true,
    },
  });
export type CategoryInput = z.infer<typeof CategoryBody>;
