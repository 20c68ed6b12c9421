import type { StructureConfigInput } from '../structure.schema';
import {
  civilAffairs,
  community,
  familyPlanning,
  health,
  housing,
  humanResourcesSocialSecurity,
  justice,
  marketRegulation,
  publicSecurity,
  statistics,
  urbanManagement,
} from './departments';

/**
 * Guiyang 贵阳: streets abolished from February 2010, the district manages 90 new-type communities
 * directly, each run as 一委一会一中心 (one committee, one council, one center).
 */
export const guiyang: StructureConfigInput = {
  name: { zh: '一委一会一中心', en: 'One committee, one council, one center' },
  summary: {
    zh: '贵阳市以“减、转、分、合”为核心推进城市基层管理体制改革：撤销全部街道办事处，变“市—区—街道—社区”四级管理为“市—区—社区”三级管理，实行区直管社区。新型社区推行“一委一会一中心”治理模式：社区党委（领导核心）、居民议事会（议事协商机构）、社区服务中心（政府公共服务和社会管理平台）；居委会实行居政分离，回归自治。经济职能上划区级部门，社区不再承担经济考核指标；安排到社区的工作实行准入制，费随事转。',
    en: "Guiyang reformed its grassroots administration around four moves — reduce, transfer, divide, combine (减、转、分、合): all street offices were abolished and the four tiers city → district → street → community became three, city → district → community, with the district managing communities directly. Each new-type community runs as \"one committee, one council, one center\": the community party committee (the leadership core), the residents' deliberation council (deliberation and consultation), and the community service center (the government's platform for public service and social management). Residents' committees were separated from government work and returned to self-government. Economic duties moved up to district departments and communities no longer carry economic targets; work assigned to communities needs admission, and funding follows the task.",
  },
  levels: [
    { key: 'city', name: { zh: '市', en: 'City' }, parents: [] },
    { key: 'district', name: { zh: '区', en: 'District' }, parents: ['city'] },
    {
      key: 'street',
      name: { zh: '街道办事处', en: 'Street office' },
      parents: ['district'],
      historical: true,
    },
    { key: 'community', name: { zh: '新型社区', en: 'New-type community' }, parents: ['district'] },
    {
      key: 'residents_committee',
      name: { zh: '居委会', en: "Residents' committee" },
      parents: ['community'],
    },
    { key: 'grid', name: { zh: '网格', en: 'Grid' }, parents: ['community', 'residents_committee'] },
  ],
  bodies: [
    {
      key: 'community_party_committee',
      kind: 'party',
      name: { zh: '社区党委', en: 'Community party committee' },
      description: {
        zh: '区域性建制党委，是社区的领导核心，统筹辖区内各项工作的领导、管理和指导。党委书记通过“公推直选”产生，副书记或委员通过选聘辖区单位党组织负责人兼任（“大党委”工作机制：纵向建、横向联）。',
        en: 'A regional party committee and the leadership core of the community, coordinating the leadership, management and guidance of all work in its area. The secretary is chosen by open nomination and direct election (公推直选); deputy secretaries or members are party leaders of units in the area, appointed to serve part-time (the "big party committee" mechanism: build vertically, link horizontally).',
      },
    },
    {
      key: 'deliberation_council',
      kind: 'council',
      name: { zh: '居民议事会', en: "Residents' deliberation council" },
      description: {
        zh: '社区议事协商机构，由居委会和社区内各行业代表组成，在社区党委领导下，代表居民群众和驻区单位对社区各项事务进行民主决策、民主管理、民主监督；实行“三会一评”。',
        en: "The community's deliberation and consultation body, made up of representatives of the residents' committees and of the sectors in the community. Under the party committee's leadership it represents residents and resident units in democratic decision-making, management and supervision of community affairs, using \"three meetings and one review\" (三会一评).",
      },
    },
    {
      key: 'community_service_center',
      kind: 'service',
      name: { zh: '社区服务中心', en: 'Community service center' },
      description: {
        zh: '科级事业机构，是政府在社区开展公共服务和社会管理的平台。下设党政工作部、城市管理部、群众工作部、社会事务部四个工作机构，通过设立便民服务大厅（党务、政务“一站式”“一门式”服务）、推行网格化管理等方式，直接面对群众开展管理服务。原由街道承担的民政、计生、卫生等事务性管理职能由社区服务中心承担。',
        en: "A section-level public institution: the government's platform for public service and social management in the community. It has four departments — party and government affairs, urban management, mass work and social affairs — and serves residents directly through a one-stop service hall (party and government business at one counter) and grid management. The routine administrative work of civil affairs, family planning and health that the street offices used to do is done here.",
      },
      departments: [
        { key: 'party_government_affairs', name: { zh: '党政工作部', en: 'Party and government affairs' } },
        { key: 'urban_management', name: { zh: '城市管理部', en: 'Urban management' } },
        { key: 'mass_work', name: { zh: '群众工作部', en: 'Mass work' } },
        { key: 'social_affairs', name: { zh: '社会事务部', en: 'Social affairs' } },
      ],
    },
    {
      key: 'residents_committee',
      kind: 'self_government',
      name: { zh: '居委会', en: "Residents' committee" },
      description: {
        zh: '一个社区设置若干个居委会。实行居政分离：行政职能分离出来，居委会回归自治，专注于办居民自己的事情；政府需要居委会协助完成的工作，通过“政府购买服务”兑现工作经费，实现“费随事转”“养事不养人”。',
        en: "Each community has several residents' committees. Residents' affairs are separated from government affairs: administrative duties were taken away and the committee returned to self-government, attending to residents' own affairs. Work the government needs the committee's help with is paid for by government purchase of services — funding follows the task, paying for work rather than headcount.",
      },
    },
  ],
  deliberation: {
    mechanism: 'deliberation_council',
    name: { zh: '居民议事会', en: "Residents' deliberation council" },
    description: {
      zh: '居民议事会实行“三会一评”：群众意见收集会、议题讨论会、议事决策会、述职评议，做到大家的事大家议、大家办。',
      en: "The residents' deliberation council works by \"three meetings and one review\": an opinion-collection meeting, a topic-discussion meeting, a decision meeting, and a review of office-holders' reports — everyone's affairs discussed and handled by everyone.",
    },
  },
  admission: {
    steps: [
      {
        key: 'submit',
        actor: { zh: '职能部门', en: 'Department' },
        action: { zh: '提交工作准入申请', en: 'Submits a work-admission application' },
      },
      {
        key: 'review',
        actor: { zh: '区（市、县）党委群工委', en: 'District party mass-work committee' },
        action: { zh: '初审并提出意见', en: 'Reviews the application and gives its opinion' },
      },
      {
        key: 'decide',
        actor: { zh: '区（市、县）政府', en: 'District government' },
        action: { zh: '审定', en: 'Decides' },
      },
      {
        key: 'outcome',
        actor: { zh: '区（市、县）政府', en: 'District government' },
        action: { zh: '工作准入（或不准入）', en: 'The work is admitted (or not admitted)' },
      },
    ],
  },
  departments: [
    civilAffairs,
    publicSecurity,
    humanResourcesSocialSecurity,
    health(),
    familyPlanning(),
    urbanManagement,
    justice,
    statistics,
    housing(),
    marketRegulation,
    community,
  ],
  mechanisms: {
    gridRealNameListing: true,
    twoWayEvaluation: false,
    assistanceAgreement: false,
    workAdmission: true,
  },
  facts: [
    {
      zh: '从2010年2月开始，贵阳市把全市原有的49个街道办事处全部撤销，成立90个新型社区。',
      en: 'From February 2010 Guiyang abolished all 49 of its street offices and formed 90 new-type communities.',
    },
    {
      zh: '每个社区地域面积2-3平方公里，人口数量2-4万人，1个社区设置若干个居委会，着力打造“15分钟服务圈”。',
      en: 'Each community covers 2–3 km² and 20,000–40,000 people, with several residents\' committees, aiming at a "15-minute service circle".',
    },
    {
      zh: '全市90个社区办公服务场所均达到800平方米以上。',
      en: 'All 90 community offices and service premises have at least 800 m².',
    },
    {
      zh: '社区人员经费按3:7的比例由市、区（市、县）两级财政纳入预算。',
      en: 'Community staff costs are budgeted by the city and the districts in the ratio 3:7.',
    },
    {
      zh: '自2013年起，市、区（市、县）两级财政按照1:1的比例共同投入2亿元开展“新型社区·温馨家园”建设。',
      en: 'From 2013 the city and the districts invest 200 million yuan, shared 1:1, in building "new-type communities, warm homes".',
    },
    {
      zh: '社区工作准入程序：部门提交工作准入申请——区（市、县）党委群工委初审并提出意见——区（市、县）政府审定——工作准入（或不准入）。',
      en: 'Work-admission procedure: the department submits an application → the district party mass-work committee reviews it and comments → the district government decides → the work is admitted or not.',
    },
  ],
};
