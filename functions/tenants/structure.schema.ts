import { z } from '@hono/zod-openapi';
import { errorsOf } from '../platform/errors';
import { Localized } from '../platform/params';
import { PATTERNS } from '../platform/patterns';
import { tenantsMessages } from './tenants.messages';

// Not `tenants.errors`: that reaches the tables, whose jsonb types come from this file.
const { refinement } = errorsOf(tenantsMessages);

const LongLocalized = z
  .object({ zh: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) })
  .strict();

export const LEVEL_KEYS = [
  'city',
  'district',
  'street',
  'community',
  'residents_committee',
  'courtyard',
  'building',
  'grid',
] as const;
export const LevelKey = z.enum(LEVEL_KEYS);
export type LevelKey = z.infer<typeof LevelKey>;

export const BODY_KINDS = [
  'party',
  'council',
  'service',
  'self_government',
  'social_org',
  'property_service',
] as const;
export const BodyKind = z.enum(BODY_KINDS);

const Key = z.string().regex(PATTERNS.key);

export const Level = z
  .object({
    key: LevelKey,
    name: Localized,
    /** Levels a unit of this level may hang under (empty for the root). */
    parents: z.array(LevelKey),
    /** A level the city had before a reform and no longer uses for new units. */
    historical: z.boolean().default(false),
  })
  .strict();

export const Body = z
  .object({
    key: Key,
    kind: BodyKind,
    name: Localized,
    description: LongLocalized.optional(),
    departments: z.array(z.object({ key: Key, name: Localized }).strict()).default([]),
  })
  .strict();

export const Department = z
  .object({
    key: Key,
    name: Localized,
    dataDomains: z.array(z.object({ key: Key, name: Localized }).strict()).default([]),
  })
  .strict();

export const StructureConfig = z
  .object({
    name: Localized,
    summary: LongLocalized,
    levels: z.array(Level).min(2),
    bodies: z.array(Body).min(1),
    deliberation: z
      .object({
        mechanism: z.enum(['three_meetings_one_review', 'proposal_and_vote', 'deliberation_council']),
        name: Localized,
        description: LongLocalized.optional(),
      })
      .strict(),
    admission: z
      .object({
        steps: z.array(z.object({ key: Key, actor: Localized, action: Localized }).strict()).min(1),
      })
      .strict(),
    departments: z.array(Department).min(1),
    /** Mechanisms from other cities' practice the tenant switches on. */
    mechanisms: z
      .object({
        gridRealNameListing: z.boolean().default(false),
        twoWayEvaluation: z.boolean().default(false),
        assistanceAgreement: z.boolean().default(false),
        workAdmission: z.boolean().default(true),
      })
      .strict()
      .default({
        gridRealNameListing: false,
        twoWayEvaluation: false,
        assistanceAgreement: false,
        workAdmission: true,
      }),
    /** Facts from the source documents, quoted on the public page. */
    facts: z.array(LongLocalized).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const levelKeys = new Set<string>();
    config.levels.forEach((level, index) => {
      if (levelKeys.has(level.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'key'],
          ...refinement('structure.duplicate_level', { level: level.key }),
        });
      }
      levelKeys.add(level.key);
    });
    config.levels.forEach((level, index) => {
      level.parents.forEach((parent, parentIndex) => {
        if (!levelKeys.has(parent)) {
          ctx.addIssue({
            code: 'custom',
            path: ['levels', index, 'parents', parentIndex],
            ...refinement('structure.unknown_parent_level', { parent }),
          });
        }
      });
    });
    // The parent relation between levels must be acyclic, or a tree could loop back on itself.
    const parentsOf = new Map(config.levels.map((level) => [level.key as string, level.parents as string[]]));
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (key: string): boolean => {
      if (state.get(key) === 'done') return false;
      if (state.get(key) === 'visiting') return true;
      state.set(key, 'visiting');
      const cyclic = (parentsOf.get(key) ?? []).some(visit);
      state.set(key, 'done');
      return cyclic;
    };
    config.levels.forEach((level, index) => {
      state.clear();
      if (visit(level.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'parents'],
          ...refinement('structure.level_cycle', { level: level.key }),
        });
      }
    });
    const roots = config.levels.filter((level) => level.parents.length === 0);
    if (roots.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['levels'], ...refinement('structure.one_root_level') });
    }
    for (const [field, list] of [
      ['bodies', config.bodies],
      ['departments', config.departments],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.key)) {
          ctx.addIssue({
            code: 'custom',
            path: [field, index, 'key'],
            ...refinement('structure.duplicate_key', { key: item.key }),
          });
        }
        seen.add(item.key);
      });
    }
  })
  .openapi('StructureConfig');
export type StructureConfig = z.infer<typeof StructureConfig>;
export type StructureConfigInput = z.input<typeof StructureConfig>;
