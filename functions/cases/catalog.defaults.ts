import type { CategoryAttribute, HandlerKind, StageLimits } from '../../schema/cases';

/** A category as a city's catalog starts it: handled by a department (by key), the community or the grid. */
export interface DefaultCategory {
  code: string;
  name: { zh: string; en: string };
  /** What residents report under it, in their words (public categories). */
  hint?: { zh: string; en: string };
  handler: { kind: Exclude<HandlerKind, 'department'> } | { kind: 'department'; department: string };
  limits: StageLimits;
  public: boolean;
  attributes: CategoryAttribute[];
}

/** Register within a day, dispatch within a day, verify within two; handling varies. Warn at 75 %. */
const limits = (handle: number): StageLimits => ({
  register: 1,
  dispatch: 1,
  handle,
  verify: 2,
  warnShare: 0.75,
});

/**
 * The ten grid work contents of the Haidian seed, as every city's default catalog (sample limits:
 * the seeds give the contents, not the days). Where a content names a department's line of work,
 * that department handles it by default; the rest stay in the community or the grid.
 */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    code: 'basic_data',
    name: { zh: '掌握基础数据', en: 'Basic data' },
    handler: { kind: 'grid' },
    limits: limits(5),
    public: false,
    attributes: [],
  },
  {
    code: 'residents_requests',
    name: { zh: '反映居民诉求', en: "Residents' requests" },
    hint: {
      zh: '楼道照明、电梯、物业服务、邻里之间的事等身边诉求',
      en: 'Stairwell lights, lifts, property management, neighbours and other everyday requests',
    },
    handler: { kind: 'community' },
    limits: limits(5),
    public: true,
    attributes: [],
  },
  {
    code: 'social_services',
    name: { zh: '提供社会服务', en: 'Social services' },
    hint: {
      zh: '困难家庭、独居老人、残疾人、留守儿童需要上门帮扶',
      en: 'Help for families in hardship, older people living alone, people with disabilities, children left at home',
    },
    handler: { kind: 'department', department: 'civil_affairs' },
    limits: limits(5),
    public: true,
    attributes: [],
  },
  {
    code: 'population_housing',
    name: { zh: '实有人口和房屋管理', en: 'Population and housing' },
    handler: { kind: 'department', department: 'public_security' },
    limits: limits(5),
    public: false,
    attributes: [],
  },
  {
    code: 'city_operation',
    name: { zh: '协调城市运行', en: 'City operation' },
    hint: {
      zh: '路灯不亮、井盖缺失、道路破损、占道经营、垃圾堆放、路面积水',
      en: 'Street lights out, missing manhole covers, damaged roads, stalls blocking the way, piled-up rubbish, standing water',
    },
    handler: { kind: 'department', department: 'urban_management' },
    limits: limits(3),
    public: true,
    attributes: [
      {
        code: 'hazard',
        type: 'boolean',
        name: { zh: '是否危及安全', en: 'Endangers safety' },
        required: false,
      },
    ],
  },
  {
    code: 'public_order',
    name: { zh: '维护治安秩序', en: 'Public order' },
    handler: { kind: 'department', department: 'public_security' },
    limits: limits(2),
    public: false,
    attributes: [],
  },
  {
    code: 'disputes',
    name: { zh: '发现化解矛盾纠纷', en: 'Disputes' },
    handler: { kind: 'department', department: 'justice' },
    limits: limits(10),
    public: false,
    attributes: [],
  },
  {
    code: 'community_correction',
    name: { zh: '社区矫正与帮扶', en: 'Community correction' },
    handler: { kind: 'department', department: 'justice' },
    limits: limits(10),
    public: false,
    attributes: [],
  },
  {
    code: 'work_safety',
    name: { zh: '指导安全生产', en: 'Work safety' },
    hint: {
      zh: '消防通道堵塞、电动车在楼道充电、燃气或用电隐患',
      en: 'Blocked fire lanes, e-bikes charged in stairwells, gas or electrical hazards',
    },
    handler: { kind: 'department', department: 'market_regulation' },
    limits: limits(3),
    public: true,
    attributes: [],
  },
  {
    code: 'social_participation',
    name: { zh: '引导社会参与', en: 'Social participation' },
    hint: {
      zh: '志愿服务、社区活动和居民议事的建议',
      en: "Volunteering, and ideas for community activities and residents' councils",
    },
    handler: { kind: 'community' },
    limits: limits(10),
    public: true,
    attributes: [],
  },
];
