import { errors } from '../../platform/errors';

/** How many webhook subscriptions one department may have in a city. */
export const WEBHOOKS_PER_DEPARTMENT = 10;

export const feedErrors = {
  webhookLimit: () =>
    errors.conflict(
      'webhook.limit_reached',
      `Your department already has ${WEBHOOKS_PER_DEPARTMENT} webhook subscriptions in this city, the most it may have.`,
    ),
};
