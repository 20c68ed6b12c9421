import { type Catalogue, countEn, msg } from '../../platform/messages';

/** The feed's own messages (webhook subscriptions), zh-CN and English. */
export const feedMessages = {
  'webhook.limit_reached': msg<{ limit: number }>(
    (p) => `贵部门在本市已有 ${p.limit} 个推送订阅，已达上限。`,
    (p) =>
      `Your department already has ${countEn(p.limit, 'webhook subscription', 'webhook subscriptions')} in this city, the most it may have.`,
  ),
  'webhook.departments_only': {
    zh: '推送订阅属于部门：请使用部门的接口密钥。',
    en: "Webhooks belong to departments: use a department's API key.",
  },
} satisfies Catalogue;
