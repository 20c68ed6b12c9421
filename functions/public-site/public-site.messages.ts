import type { Catalogue } from '../platform/messages';

/** Incidents, staff listings and host names of the public site, by code. */
export const publicSiteMessages = {
  'incident.not_found': { zh: '本市没有这个事件。', en: 'No such incident in this city.' },
  'incident.resolved': {
    zh: '该事件已解决；请另行登记新事件。',
    en: 'The incident is resolved; open a new one instead.',
  },
  'incident.unknown_departments': {
    zh: '部分受影响的部门不是本市的部门。',
    en: 'Some affected departments are not departments of this city.',
  },
  'incident.not_a_department': { zh: '不是本市的部门', en: 'not a department of this city' },
  'incident.status_kind': {
    zh: '这个状态不适用于此类事件。',
    en: 'That status does not apply to this kind of entry.',
  },
  'incident.maintenance_status': {
    zh: '计划维护的状态只能是 scheduled、in_progress、verifying 或 completed',
    en: 'a scheduled maintenance takes scheduled, in_progress, verifying or completed',
  },
  'incident.incident_status': {
    zh: '事件的状态只能是 investigating、identified、monitoring 或 resolved',
    en: 'an incident takes investigating, identified, monitoring or resolved',
  },
  'maintenance.window': { zh: '维护时间窗口无效。', en: 'The maintenance window is not valid.' },
  'maintenance.window_order': {
    zh: '结束时间必须晚于开始时间，且晚于现在',
    en: 'must be after the start, and in the future',
  },
  'staff_listing.not_found': { zh: '本市没有这条网格员公示。', en: 'No such staff listing in this city.' },
  'staff_listing.unit_invalid': {
    zh: '网格员只能公示在现有的社区或网格上。',
    en: 'Staff are listed on a current community or grid.',
  },
  'staff_listing.not_current_unit': {
    zh: '不是本市现有的社区或网格',
    en: 'not a current community or grid of this city',
  },
  'staff_listing.not_published': {
    zh: '本市未开启网格员实名公示（其治理模式如此规定）；新增的条目不会公开显示。',
    en: 'This city does not publish a real-name listing of grid staff (its model says so); nothing added would be shown.',
  },
  'staff_listing.personal_contact': {
    zh: '手机号码不能作为工作联系方式公示。',
    en: 'A mobile number is not published as a work contact.',
  },
  'staff_listing.mobile_number': {
    zh: '看起来是个人手机号码；请填写办公电话或分机（如 0851-8888 0001 分机 101）',
    en: 'looks like a personal mobile number; give an office line or extension (e.g. 0851-8888 0001 分机 101)',
  },
  'host.taken': { zh: '此域名已绑定到某个城市。', en: 'This host name already serves a city.' },
  'host.already_mapped': { zh: '已绑定', en: 'already mapped' },
  'host.not_found': { zh: '此域名未绑定到本市。', en: 'This host name is not mapped to this city.' },
} satisfies Catalogue;
