import { z } from '@hono/zod-openapi';
import { WORK_LISTS } from '../../schema/admission';
import { Localized } from '../platform/params';
import { PATTERNS } from '../platform/patterns';

const Day = z.iso.date().openapi({ example: '2026-03-01' });
const Text = z.string().trim().max(2000);
const Forms = z.array(z.string().trim().min(1).max(200)).max(50).openapi({
  description: 'The forms and ledgers the work brings (nothing else may be asked for under it).',
});
const Levels = z
  .array(z.string().regex(PATTERNS.key).max(63))
  .max(10)
  .openapi({ description: "Level keys of the city's structure the work reaches.", example: ['community'] });
const Yuan = z.int().min(0).max(100_000_000);

export const WorkItemBody = z
  .object({
    code: z.string().regex(PATTERNS.key).max(63),
    list: z.enum(WORK_LISTS),
    name: Localized,
    legalBasis: Text,
    departmentId: z.uuid().nullable().optional(),
    levels: Levels,
    fundingPerCommunity: Yuan.openapi({ description: 'Yuan per community per year (费随事转).' }),
    staffPerCommunity: z.int().min(0).max(100),
    authority: Text.optional(),
    forms: Forms,
    validFrom: Day,
    validUntil: Day.nullable()
      .optional()
      .openapi({ description: 'Not before `validFrom` (else 422 `admission.ends_before_start`).' }),
  })
  .strict()
  .openapi('WorkItemInput', {
    example: {
      code: 'elderly_visits',
      list: 'assisted',
      name: { zh: '高龄老人走访（示例）', en: 'Visits to the very old (sample)' },
      legalBasis: '《老年人权益保障法》',
      departmentId: null,
      levels: ['community'],
      fundingPerCommunity: 20000,
      staffPerCommunity: 0,
      forms: ['走访记录'],
      validFrom: '2026-01-01',
    },
  });

export const WorkItemUpdateBody = WorkItemBody.extend({ version: z.int().min(1).optional() }).strict();

export const ApplicationBody = z
  .object({
    departmentId: z.uuid(),
    orgUnitId: z
      .uuid()
      .openapi({ description: 'The district (or the city) whose procedure it goes through.' }),
    list: z.enum(['statutory', 'assisted']),
    name: Localized,
    legalBasis: Text.min(2),
    levels: Levels,
    startsOn: Day,
    endsOn: Day.nullable()
      .optional()
      .openapi({ description: 'Not before `startsOn` (else 422 `admission.ends_before_start`).' }),
    fundingPerCommunity: Yuan,
    staffPerCommunity: z.int().min(0).max(100),
    authority: Text.optional(),
    forms: Forms,
  })
  .strict()
  .openapi('AdmissionApplicationInput', {
    example: {
      departmentId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
      orgUnitId: '7a1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a11',
      list: 'assisted',
      name: { zh: '协助发放高龄津贴', en: 'Assist in paying the old-age allowance' },
      legalBasis: '《老年人权益保障法》第三十三条',
      levels: ['community'],
      startsOn: '2026-12-01',
      fundingPerCommunity: 30000,
      staffPerCommunity: 0,
      forms: ['高龄津贴发放台账'],
    },
  });

export const ProcedureBody = z
  .object({
    leadWorkingDays: z
      .int()
      .min(0)
      .max(120)
      .openapi({ description: 'Apply this many working days ahead of the start.' }),
    steps: z
      .array(
        z
          .object({
            key: z.string().regex(PATTERNS.key).max(63),
            kind: z.enum(['review', 'decide']),
            actor: Localized,
            action: Localized,
            workingDays: z.int().min(1).max(120),
          })
          .strict(),
      )
      .min(1)
      .max(10),
  })
  .strict()
  .openapi('AdmissionProcedure', {
    example: {
      leadWorkingDays: 30,
      steps: [
        {
          key: 'review',
          kind: 'review',
          actor: { zh: '区委群工委', en: 'District mass-work committee' },
          action: { zh: '初审并提出意见', en: 'Reviews and comments' },
          workingDays: 10,
        },
        {
          key: 'decide',
          kind: 'decide',
          actor: { zh: '区政府', en: 'District government' },
          action: { zh: '审定', en: 'Decides' },
          workingDays: 15,
        },
      ],
    },
  });

export const AgreementBody = z
  .object({
    orgUnitId: z.uuid().openapi({ description: "The residents' committee (or community)." }),
    year: z.int().min(2000).max(2100),
    items: z
      .array(
        z
          .object({
            workItemId: z.uuid(),
            fundingYuan: Yuan.optional(),
            guidance: Text.optional(),
          })
          .strict(),
      )
      .max(100),
    governmentObligations: Text.min(1),
    committeeObligations: Text.min(1),
    penalties: Text.min(1),
  })
  .strict()
  .openapi('AssistanceAgreementInput');

export const PaymentBody = z
  .object({ amountYuan: Yuan.min(1), paidOn: Day, note: Text.optional() })
  .strict()
  .openapi('FundingPaymentInput', { example: { amountYuan: 30000, paidOn: '2026-05-20' } });
