import { AppError, errors, type FieldIssue } from '../../platform/errors';

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The bulk import's own refusals; the import's per-line report carries the rest. */
export const importErrors = {
  running: () =>
    errors.conflict(
      'import.running',
      'This import is still running (its worker renewed its lease within the last two minutes); only an interrupted import can be resumed.',
    ),
  finished: (status: string) =>
    errors.conflict(
      'import.finished',
      `This import has finished (${status}); there is nothing to resume. Send the lines to change as a new import.`,
    ),
  alreadyResumed: (by?: string) =>
    errors.conflict(
      'import.already_resumed',
      by
        ? `This import was already resumed, by import ${by}; resume that one if it stops.`
        : 'This import was already resumed.',
    ),
  resumeMismatch: (details: FieldIssue[]) =>
    errors.conflict(
      'import.resume_mismatch',
      'This is not the upload the import was reading: the lines it already applied differ.',
      details,
    ),
  takenOver: () =>
    errors.conflict(
      'import.taken_over',
      'Another upload resumed this import after its lease lapsed; this one stopped and applied nothing more.',
    ),
  tooLarge: (format: string, limit: number, details: FieldIssue[] = []) =>
    new AppError(
      'import.too_large',
      413,
      `The upload is larger than ${megabytes(limit)}, the limit for ${format}.`,
      [
        {
          path: '(body)',
          message: `at most ${megabytes(limit)} for ${format}; split the file into several imports`,
        },
        ...details,
      ],
    ),
  headerInvalid: (message: string) =>
    errors.unprocessable('import.header_invalid', 'The first line must name the columns.', [
      { path: 'line 1', message },
    ]),
  uploadBroken: (details: FieldIssue[] = []) =>
    new AppError(
      'import.upload_broken',
      400,
      'The upload broke off before its end; send the same file again with ?resume=<job id>.',
      details,
    ),
  /** Nobody reads it (the client has gone); it ends the work and marks the job interrupted. */
  clientGone: () => new AppError('import.client_gone', 400, 'The client went away; the import stopped.'),
};
