import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { ErrorBody, errorResponses, FieldIssueBody, jsonResponse } from '../../platform/http';
import { TenantSlugParam, uuidPathParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const ImportJob = z
  .object({
    id: z.uuid(),
    status: z.enum(['running', 'completed', 'completed_with_errors', 'failed', 'interrupted']).openapi({
      description:
        '`interrupted`: stopped before the end of its file (its client went, its upload broke, or its worker stopped renewing its two-minute lease) — resume it. `failed`: stopped on an error — it may be resumed too.',
    }),
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
  description: [
    'NDJSON: one object per line, `{"idNumber"|"residentId", "domain"?, "data": {…}, "effectiveOn"?}`. CSV (UTF-8, header row): `id_number`, optional `effective_on`, then the domain’s field keys; give `?domain=`. Excel (`format=xlsx`, .xlsx): the first sheet, with the same columns as CSV in its first row; lines are numbered as Excel numbers its rows, and an ID number typed as a number (Excel keeps only 15 digits) fails its line — format that column as text.',
    'Limits: a body of at most 100 MB for NDJSON and CSV (streamed) and 10 MB for Excel (read whole) — larger, 413 `import.too_large` (before anything is read when Content-Length says so); split larger files into several imports. A line of at most 1 MB, JSON nested at most 16 deep with at most 1000 keys per object, and no lone UTF-16 surrogate in any text — else that line’s error.',
    'Lines are applied in chunks of `chunkSize`, each chunk in one transaction: a bad line rolls back its chunk (every line reported by number) and the other chunks go on. If the client goes, the import stops (`interrupted`).',
    'Resume an import that stopped (`interrupted` or `failed`; a running import that has not renewed its two-minute lease shows `interrupted`) by sending the same file with `?resume=<job id>`: the lines it already applied are skipped, after checking they are the same (else 409 `import.resume_mismatch`). A job is resumed once (409 `import.already_resumed`); a running or finished one not at all (409 `import.running`, `import.finished`). Progress: `GET /v1/t/{tenant}/imports/{id}`.',
  ].join('\n\n'),
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
    ...errorResponses(400, 401, 403, 404, 409, 422),
    413: {
      description: 'The body is larger than its format’s limit (`import.too_large`).',
      content: { 'application/json': { schema: ErrorBody } },
    },
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
