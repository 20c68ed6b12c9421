import { errorsOf } from '../platform/errors';
import { auditMessages } from './audit.messages';

const e = errorsOf(auditMessages);

export const auditErrors = {
  /** A checkpoint whose MAC does not match, or that names another city: not one this service made. */
  checkpointInvalid: () =>
    e.unprocessable('audit.checkpoint_invalid', { details: [e.issue('checkpoint', 'checkpoint.not_valid')] }),
};
