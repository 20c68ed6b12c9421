import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FieldIssue } from '../functions/platform/errors';
import { createdAt, id, tenantPolicy } from './columns';
import { tenants } from './tenants';

/**
 * A bulk push: applied in chunks, each chunk all-or-nothing. Progress is visible while it runs;
 * a later upload can resume after the last committed line.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    principal: text('principal').notNull(),
    format: text('format', { enum: ['ndjson', 'csv', 'xlsx'] }).notNull(),
    domainKey: text('domain_key'),
    status: text('status', { enum: ['running', 'completed', 'completed_with_errors', 'failed'] }).notNull(),
    chunkSize: integer('chunk_size').notNull(),
    linesRead: integer('lines_read').notNull().default(0),
    linesApplied: integer('lines_applied').notNull().default(0),
    linesFailed: integer('lines_failed').notNull().default(0),
    chunksCommitted: integer('chunks_committed').notNull().default(0),
    chunksRolledBack: integer('chunks_rolled_back').notNull().default(0),
    /** Every line up to here is committed: a resumed upload skips them. */
    committedThroughLine: integer('committed_through_line').notNull().default(0),
    resumedFromId: uuid('resumed_from_id'),
    failures: jsonb('failures')
      // Each error is a field issue; reports written before codes existed have no `code`.
      .$type<{ line: number; errors: (Omit<FieldIssue, 'code'> & { code?: string })[] }[]>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  () => [tenantPolicy('import_jobs')],
);
