import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { StructureConfig } from '../functions/tenants/structure.schema';
import { createdAt, id, tenantPolicy } from './columns';

export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    timezone: text('timezone').notNull(),
    /** The built-in template the structure started from, or `custom`. */
    template: text('template').notNull(),
    structure: jsonb('structure').$type<StructureConfig>().notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** SHA-256 of the canonical onboarding document: the same file twice is a no-op. */
    onboardingDigest: text('onboarding_digest').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('tenants', 'id')],
);
