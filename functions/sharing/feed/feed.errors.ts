import { errorsOf } from '../../platform/errors';
import { feedMessages } from './feed.messages';

/** How many webhook subscriptions one department may have in a city. */
export const WEBHOOKS_PER_DEPARTMENT = 10;

const e = errorsOf(feedMessages);

export const feedErrors = {
  departmentsOnly: () => e.error(403, 'webhook.departments_only'),
  webhookLimit: () => e.conflict('webhook.limit_reached', { params: { limit: WEBHOOKS_PER_DEPARTMENT } }),
};
