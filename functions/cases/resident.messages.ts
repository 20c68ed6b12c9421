/** Residents' reports (Open311 and the report form), tracking and satisfaction, by code. */
export const residentMessages = {
  'report.jurisdiction_required': {
    zh: '请用 jurisdiction_id 指明城市（城市代码）。',
    en: 'Name the city with jurisdiction_id (its slug).',
  },
  'report.jurisdiction_unknown': { zh: '没有这个城市。', en: 'No such jurisdiction.' },
  'report.service_unknown': {
    zh: '本市没有这个可由居民上报的事项。',
    en: 'No such service in this jurisdiction.',
  },
  'report.request_not_found': { zh: '本市没有这个诉求编号。', en: 'No such service request.' },
  'report.token_unknown': { zh: '没有这个凭据。', en: 'No such token.' },
  'report.api_key_invalid': {
    zh: 'api_key 无效、已撤销，或未获本市授予 open311:post 权限。',
    en: "Invalid api_key: unknown, revoked, or without this city's open311:post scope.",
  },
  'report.throttled': {
    zh: '此地址一小时内提交的诉求过多，请稍后再试。',
    en: 'Too many reports from this address in the last hour; try again later.',
  },
  'report.invalid': {
    zh: '诉求信息有误，请检查标出的字段。',
    en: 'The report has problems; see the fields.',
  },
  'report.place_required': {
    zh: '请选择社区或网格',
    en: 'choose a community or grid',
  },
  'report.place_unknown': {
    zh: '不是本市现有的社区或网格',
    en: 'not a current community or grid of this city',
  },
  'report.description_required': { zh: '请描述问题', en: 'describe the problem' },
  'report.date_time_zone': {
    zh: '应为带时区的日期时间，如 2026-10-01T08:00:00+08:00',
    en: 'a W3C date-time with its zone, as 2026-10-01T08:00:00+08:00',
  },
  'report.status_value': { zh: '应为 open 或 closed', en: 'open or closed' },
  'report.service_required': { zh: '请选择事项类别', en: 'choose a service (service_code)' },
  'report.too_long': { zh: '内容过长', en: 'too long' },
  'report.coordinate': {
    zh: '不是有效的坐标（纬度为 −90 至 90、经度为 −180 至 180 的数字）',
    en: 'not a valid WGS84 coordinate (a number: latitude −90 to 90, longitude −180 to 180)',
  },
  'report.feedback_not_closed': {
    zh: '诉求尚未办结，办结后才能评价。',
    en: 'The request is not closed yet; you can answer once it is.',
  },
  'report.feedback_final': {
    zh: '您已确认满意，此诉求已最终办结。',
    en: 'You already said you are satisfied; the request is closed for good.',
  },
  'report.feedback_expired': {
    zh: '评价链接已过期（办结后 14 天内有效）。',
    en: 'The link has expired (it is open for 14 days after closure).',
  },
  'report.feedback_token': {
    zh: '评价链接无效。',
    en: 'This link is not valid for this request.',
  },
  'report.reveal_reason': {
    zh: '请说明为何需要查看联系方式（2 至 500 字）',
    en: 'say why you need the contact (2 to 500 characters)',
  },
} as const;
