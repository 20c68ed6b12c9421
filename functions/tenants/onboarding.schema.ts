import { z } from '@hono/zod-openapi';
import { errorsOf } from '../platform/errors';
import { Localized } from '../platform/params';
import { PATTERNS } from '../platform/patterns';
import { LevelKey, StructureConfig } from './structure.schema';
import { tenantsMessages } from './tenants.messages';

const { refinement } = errorsOf(tenantsMessages);

export const TEMPLATE_KEYS = ['guiyang', 'liaoyuan', 'tongling', 'jinjiang'] as const;

const Code = z.string().regex(PATTERNS.unit_code).openapi({ example: 'yunyan' });

export const IsoDate = z
  .string()
  .regex(PATTERNS.iso_date)
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, refinement('field.calendar_date'))
  .openapi({ example: '2010-02-01', format: 'date' });

export const UnitInput = z
  .object({
    code: Code,
    level: LevelKey,
    name: Localized,
    /** Code of the parent unit (omitted only for the root). */
    parent: Code.optional(),
    /** First day the unit exists; omitted when it predates our records. */
    validFrom: IsoDate.optional(),
    /** True for placeholder units generated because the sources give a count but no names. */
    sample: z.boolean().default(false),
    attributes: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .openapi('UnitInput');
export type UnitInput = z.infer<typeof UnitInput>;

export const ReformInput = z
  .object({
    code: Code,
    effectiveOn: IsoDate,
    datePrecision: z.enum(['year', 'month', 'day']).default('day'),
    title: Localized,
    summary: z
      .object({ zh: z.string().max(4000), en: z.string().max(4000) })
      .strict()
      .optional(),
    source: z.string().max(500).default(''),
    /** Codes of units that cease to exist on `effectiveOn`. */
    closes: z.array(Code).default([]),
    /** Units that come into existence on `effectiveOn`. */
    opens: z.array(UnitInput.omit({ validFrom: true })).default([]),
    /**
     * Which closed unit became which opened one. Every opened unit needs a predecessor and vice versa.
     * What lives on a closed unit (residents' addresses, staff roles, listings, grants, open cases)
     * moves along its one link, or along the link marked `carry` when the unit is split.
     */
    lineage: z
      .array(
        z
          .object({
            from: Code,
            to: Code,
            carry: z.boolean().optional().openapi({
              description:
                "When `from` splits into several units: this link is the one its residents' addresses, staff roles, listings, grants and open cases move along.",
            }),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .openapi('ReformInput');
export type ReformInput = z.infer<typeof ReformInput>;

export const OnboardingDocument = z
  .object({
    tenant: z
      .object({
        slug: z.string().regex(PATTERNS.slug).openapi({ example: 'guiyang' }),
        name: Localized,
        timezone: z
          .string()
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, refinement('tenant.time_zone'))
          .default('Asia/Shanghai'),
        settings: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    /** A built-in template, or `custom` with a full `structure`. */
    template: z.enum([...TEMPLATE_KEYS, 'custom']),
    /** With a template: top-level parts that replace the template's. With `custom`: the whole structure. */
    structure: z.record(z.string(), z.unknown()).optional(),
    units: z.array(UnitInput).min(1),
    reforms: z.array(ReformInput).default([]),
    administrator: z.object({ name: z.string().trim().min(1).max(100), email: z.email() }).strict(),
  })
  .strict()
  .openapi('OnboardingDocument');
export type OnboardingDocument = z.infer<typeof OnboardingDocument>;
export type OnboardingDocumentInput = z.input<typeof OnboardingDocument>;

export { StructureConfig };
