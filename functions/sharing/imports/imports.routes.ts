import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, FieldIssueBody, jsonResponse } from '../../platform/http';
import { TenantSlugParam, uuidPathParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const ImportJob = z
  .object({
    id: z.uuid(),
    status: z.enum(['running', 'completed', 'completed_with_errors', 'failed']),
    format: z.enum(['ndjson', 'csv', 'xlsx']),
    chunkSize: z.number().int(),
    linesRead: z.number().int(),
    linesApplied: z.number().int(),
    linesFailed: z.number().int(),
    chunksCommitted: z.number().int(),
    chunksRolledBack: z.number().int(),
    committedThroughLine: z.number().int(),
    failures: z.array(
      z.object({
        line: z.number().int(),
        errors: z.array(FieldIssueBody.partial({ code: true })), // reports from before codes have none
      }),
    ),
  })
  .openapi('ImportJob');

export const bulkPushRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/imports',
  tags,
  summary: 'Bulk push facets from NDJSON, CSV or an Excel sheet, atomic per chunk',
  description:
    'NDJSON: one object per line, `{"idNumber"|"residentId", "domain"?, "data": {…}, "effectiveOn"?}`. CSV (UTF-8, header row): `id_number`, optional `effective_on`, then the domain’s field keys; give `?domain=`. Excel (`format=xlsx`, .xlsx, at most 10 MB): the first sheet, with the same columns as CSV in its first row; lines are numbered as Excel numbers its rows, and an ID number typed as a number (Excel keeps only 15 digits) fails its line — format that column as text. NDJSON and CSV are streamed; a spreadsheet is read whole. Lines are applied in chunks of `chunkSize`, each chunk in one transaction: a bad line rolls back its chunk (every line reported by number) and the other chunks go on. Resume an interrupted upload by sending the same file with `?resume=<job id>`: lines already committed are skipped. Progress: `GET /v1/t/{tenant}/imports/{id}`.',
  security: { action: 'facets.write' },
  request: {
    params: TenantSlugParam,
    query: z.object({
      format: z.enum(['ndjson', 'csv', 'xlsx']).openapi({ param: { name: 'format', in: 'query' } }),
      domain: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,62}$/)
        .optional()
        .openapi({ param: { name: 'domain', in: 'query' } }),
      chunkSize: z.coerce
        .number()
        .int()
        .min(1)
        .max(5000)
        .default(500)
        .openapi({ param: { name: 'chunkSize', in: 'query' } }),
      sourceSystem: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .openapi({ param: { name: 'sourceSystem', in: 'query' } }),
      resume: z
        .uuid()
        .optional()
        .openapi({ param: { name: 'resume', in: 'query' } }),
    }),
    body: {
      required: true,
      content: {
        'application/x-ndjson': {
          schema: z.string(),
          example: '{"idNumber":"11010519491231002X","domain":"minimum_income","data":{"enrolled":true}}\n',
        },
        'text/csv': {
          schema: z.string(),
          example: 'id_number,enrolled,monthly_amount\n11010519491231002X,是,785\n',
        },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse('The finished job with its per-line report', ImportJob),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const importJobRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/imports/{id}',
  tags,
  summary: 'Progress and per-line report of one of your imports',
  security: { action: 'facets.write' },
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
  responses: {
    200: jsonResponse('The job', ImportJob),
    ...errorResponses(400, 401, 403, 404),
  },
});
