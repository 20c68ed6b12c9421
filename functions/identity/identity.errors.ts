import { errorsOf } from '../platform/errors';
import { identityMessages } from './identity.messages';

/** Field issues of people, passwords, role grants and keys, by code (`identity.messages.ts`). */
export const identityIssue = errorsOf(identityMessages).issue;
