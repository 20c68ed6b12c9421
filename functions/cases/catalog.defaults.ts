import type { CategoryAttribute, HandlerKind, StageLimits } from '../../schema/cases';

/** A category as a city's catalog starts it: handled by a department (by key), the community or the grid. */
export interface DefaultCategory {
  code: string;
  name: { zh: string; en: string };
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
    handler: { kind: 'community' },
    limits: limits(5),
    public: true,
    attributes: [],
  },
  {
    code: 'social_services',
    name: { zh: '提供社会服务', en: 'Social services' },
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
    handler: { kind: 'department', department: 'market_regulation' },
    limits: limits(3),
    public: true,
    attributes: [],
  },
  {
    code: 'social_participation',
    name: { zh: '引导社会参与', en: 'Social participation' },
    handler: { kind: 'community' },
    limits: limits(10),
    public: true,
    attributes: [],
  },
];
