import type { ServiceContextOf } from '../platform/context';
import type { Principal } from './principal';

/**
 * The one context every verb takes (see `platform/context.ts`): the city, who acts (a person, an
 * API client, the platform, or the system), the clock and the database or the caller's transaction.
 */
export type ServiceContext = ServiceContextOf<Principal>;

/** The same context for verbs that only read within a city: they need no actor. */
export type ReadContext = Pick<ServiceContext, 'db' | 'tenant' | 'now'>;
