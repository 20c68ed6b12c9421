import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, Localized, TenantSlugParam } from '../platform/params';
import { json, tags, WorkItem } from './admission.routes';
import { AgreementBody, PaymentBody } from './admission.schema';

export const Agreement = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid(),
    year: z.int(),
    version: z.int(),
    status: z.enum(['draft', 'signed', 'superseded']),
    governmentObligations: z.string(),
    committeeObligations: z.string(),
    penalties: z.string(),
    committeeSignedAt: z.string().nullable(),
    governmentSignedAt: z.string().nullable(),
    items: z.array(
      z.object({
        workItemId: z.uuid(),
        code: z.string(),
        name: Localized,
        fundingYuan: z.int(),
        guidance: z.string(),
      }),
    ),
  })
  .openapi('AssistanceAgreement');

export const LedgerLine = z
  .object({
    obligationId: z.uuid(),
    workItemId: z.uuid(),
    workItemCode: z.string(),
    workItemName: Localized,
    orgUnitId: z.uuid(),
    orgUnitName: Localized,
    year: z.int(),
    owed: z.int(),
    paid: z.int(),
    outstanding: z.int(),
    dueOn: z.string(),
    paidOnTime: z.boolean(),
  })
  .openapi('FundingLedgerLine');
export const CommunityTotal = z
  .object({ orgUnitId: z.uuid(), name: Localized, owed: z.int(), paid: z.int(), outstanding: z.int() })
  .openapi('FundingCommunityTotal');

const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();

export const listAgreementsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/agreements',
  tags,
  summary: "Assistance agreements (协助管理协议书) of a year, a committee's or all",
  security: { action: 'admission.read' },
  request: {
    params: TenantSlugParam,
    query: YearQuery.extend({ orgUnitId: z.uuid().optional() }).strict(),
  },
  responses: {
    200: jsonResponse('Agreements', z.object({ items: z.array(Agreement) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const draftAgreementRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/agreements',
  tags,
  summary: "The street or district drafts a committee's agreement for a year (a new version)",
  security: { action: 'agreements.draft' },
  request: { params: TenantSlugParam, body: json(AgreementBody) },
  responses: { 201: jsonResponse('Drafted', Agreement), ...errorResponses(400, 401, 403, 404, 422) },
});

export const signAgreementRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/agreements/{id}/sign',
  tags,
  summary: 'One side signs: the committee (its community staff) or the government (the street or district)',
  security: { action: 'admission.read' },
  request: { params: IdParam, body: json(z.object({ side: z.enum(['committee', 'government']) }).strict()) },
  responses: { 200: jsonResponse('Signed', Agreement), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const fundingRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/funding',
  tags,
  summary: 'The funding ledger of a year: owed, paid and outstanding per item per community, with totals',
  security: { action: 'admission.read' },
  request: { params: TenantSlugParam, query: YearQuery },
  responses: {
    200: jsonResponse(
      'The ledger',
      z.object({ year: z.int(), lines: z.array(LedgerLine), communities: z.array(CommunityTotal) }),
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const recordPaymentRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/funding/{id}/payments',
  tags,
  summary: 'Record a payment against what an item owes a community (never more than outstanding)',
  security: { action: 'admission.manage' },
  request: { params: IdParam, body: json(PaymentBody) },
  responses: {
    201: jsonResponse('Recorded', z.object({ id: z.uuid(), amountYuan: z.int(), paidOn: z.string() })),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const publicAdmissionRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/admission/public',
  tags,
  summary:
    'What the public sees: the three lists, applications decided this year with reasons, money per community',
  security: 'public',
  request: { params: TenantSlugParam, query: YearQuery },
  responses: {
    200: jsonResponse(
      'The public record',
      z.object({
        year: z.int(),
        items: z.array(WorkItem),
        decided: z.array(
          z.object({
            number: z.string(),
            department: Localized.nullable(),
            name: Localized,
            list: z.string(),
            outcome: z.enum(['admitted', 'refused']),
            reason: z.string(),
            decidedAt: z.string(),
            fundingPerCommunity: z.int(),
            forms: z.array(z.string()),
          }),
        ),
        communities: z.array(CommunityTotal),
      }),
    ),
    ...errorResponses(400, 404),
  },
});
