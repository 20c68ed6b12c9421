import { errorsOf, type FieldIssue } from '../../platform/errors';
import { importsMessages } from './imports.messages';

const e = errorsOf(importsMessages);
/** The import's field issues by code, with its messages (`imports.messages.ts`) and the platform's. */
export const importIssue = e.issue;

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The bulk import's own refusals; the import's per-line report carries the rest. */
export const importErrors = {
  notFound: () => e.notFound('import.not_found'),
  running: () => e.conflict('import.running'),
  finished: (status: string) => e.conflict('import.finished', { params: { status } }),
  alreadyResumed: (by?: string) => e.conflict('import.already_resumed', { params: by ? { by } : {} }),
  resumeMismatch: (details: FieldIssue[]) => e.conflict('import.resume_mismatch', { details }),
  takenOver: () => e.conflict('import.taken_over'),
  tooLarge: (format: string, limit: number, details: FieldIssue[] = []) => {
    const params = { format, megabytes: megabytes(limit) };
    return e.error(413, 'import.too_large', {
      params,
      details: [e.issue('(body)', 'import.split_file', params), ...details],
    });
  },
  headerInvalid: (issue: FieldIssue) => e.unprocessable('import.header_invalid', { details: [issue] }),
  uploadBroken: (details: FieldIssue[] = []) => e.error(400, 'import.upload_broken', { details }),
  /** Nobody reads it (the client has gone); it ends the work and marks the job interrupted. */
  clientGone: () => e.error(400, 'import.client_gone'),
};
