import { z } from '@hono/zod-openapi';
import { PATTERNS } from './patterns';

/** Request pieces every domain's routes share: the city in the path, ids, two-language labels. */

export const TenantSlugParam = z.object({
  tenant: z
    .string()
    .regex(PATTERNS.slug)
    .openapi({ param: { name: 'tenant', in: 'path' }, example: 'guiyang' }),
});

export const IdParam = TenantSlugParam.extend({
  id: z
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10' }),
});

/** A UUID path parameter, documented under its name. */
export const uuidPathParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

/** A label in both languages the product speaks: zh-CN first, English second. */
export const Localized = z
  .object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .strict()
  .openapi('Localized', { example: { zh: '社区服务中心', en: 'Community service center' } });
export type Localized = z.infer<typeof Localized>;
