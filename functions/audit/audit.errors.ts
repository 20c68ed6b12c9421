import { errors } from '../platform/errors';

export const auditErrors = {
  /** A checkpoint whose MAC does not match, or that names another city: not one this service made. */
  checkpointInvalid: () =>
    errors.unprocessable(
      'audit.checkpoint_invalid',
      'This is not a checkpoint this service made for this city (its MAC does not match).',
      [{ path: 'checkpoint', message: 'not a valid checkpoint for this city' }],
    ),
};
