import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { FieldIssue } from '../functions/platform/errors';
import { createdAt, id, tenantPolicy } from './columns';
import { tenants } from './tenants';

/**
 * A bulk push: applied in chunks, each chunk all-or-nothing. Progress is visible while it runs;
 * a later upload of the same file can resume a stopped job after its last committed line, once.
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
    /**
     * `interrupted`: stopped before the end of its file by its client (gone, or the upload broke)
     * or claimed by a resume after its lease lapsed. A `running` job whose lease lapsed is shown
     * `interrupted` too: its worker died without a word.
     */
    status: text('status', {
      enum: ['running', 'completed', 'completed_with_errors', 'failed', 'interrupted'],
    }).notNull(),
    chunkSize: integer('chunk_size').notNull(),
    linesRead: integer('lines_read').notNull().default(0),
    linesApplied: integer('lines_applied').notNull().default(0),
    linesFailed: integer('lines_failed').notNull().default(0),
    chunksCommitted: integer('chunks_committed').notNull().default(0),
    chunksRolledBack: integer('chunks_rolled_back').notNull().default(0),
    /** Every line up to here is committed: a resumed upload skips them. */
    committedThroughLine: integer('committed_through_line').notNull().default(0),
    /**
     * SHA-256 of lines 1 to `committedThroughLine` as read (each line's text and a newline): a
     * resume must send the same lines, or it would continue another file from this one's cursor.
     */
    committedDigest: text('committed_digest'),
    /** Renewed by the running import with every chunk (and while it waits for the upload). */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** The job this one resumed; unique, so a job is resumed at most once, whoever races for it. */
    resumedFromId: uuid('resumed_from_id'),
    failures: jsonb('failures')
      // Each error is a field issue; reports written before codes existed have no `code`.
      .$type<{ line: number; errors: (Omit<FieldIssue, 'code'> & { code?: string })[] }[]>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    tenantPolicy('import_jobs'),
    uniqueIndex('import_jobs_resumed_from_id').on(table.resumedFromId),
  ],
);
