import type { StructureConfigInput } from '../structure.schema';
import {
  civilAffairs,
  community,
  dataDomains,
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
 * Tongling 铜陵: the "1234" model — 铜官山区 abolished its streets in July 2010 and 狮子山区 on
 * 15 July 2011, making Tongling the first prefecture-level city with no streets at all.
 */
export const tongling: StructureConfigInput = {
  name: { zh: '“1234”铜陵模式', en: 'The "1234" Tongling model' },
  summary: {
    zh: '“铜陵模式”概括起来就是“1234”，即“一个减少、两个实行、三个完善、四个强化”。一个减少：撤销街道，成立大社区，减少管理层级；两个实行：实行扁平化管理、实行网格化管理；三个完善：完善社区公共服务体系、社区市场化服务体系和社区义务服务体系；四个强化：强化党的核心功能、居民自治功能、社会管理功能和居委会监督功能。变市、区、街道、社区四级管理为市、区、社区三级服务（区直管社区）。大社区由社区党工委、社区居委会和社区服务中心组成。',
    en: "The Tongling model is summed up as \"1234\": one reduction, two practices, three systems perfected, four strengthenings. One reduction: abolish the streets and form large communities, cutting a level of administration. Two practices: flat management and grid management. Three systems perfected: community public service, market-based service and volunteer service. Four strengthenings: the party's core role, residents' self-government, social management, and the residents' committee's supervision. Four tiers of management (city, district, street, community) became three tiers of service (city, district, community), with the district managing communities directly. A large community has a party working committee, a residents' committee and a community service center.",
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
    {
      key: 'residents_committee',
      name: { zh: '社区居委会（改革前）', en: "Residents' committee (pre-reform)" },
      parents: ['street'],
      historical: true,
    },
    // Before 2011 the communities of 狮子山区 sat under its streets; the large communities hang under districts.
    { key: 'community', name: { zh: '社区', en: 'Community' }, parents: ['district', 'street'] },
    { key: 'grid', name: { zh: '网格', en: 'Grid' }, parents: ['community'] },
  ],
  bodies: [
    {
      key: 'party_working_committee',
      kind: 'party',
      name: { zh: '社区党工委', en: 'Community party working committee' },
      description: {
        zh: '大社区的领导核心（“四个强化”之一：强化党的核心功能）。',
        en: 'The leadership core of the large community (one of the "four strengthenings": strengthen the party\'s core role).',
      },
    },
    {
      key: 'residents_committee',
      kind: 'self_government',
      name: { zh: '社区居委会', en: "Community residents' committee" },
      description: {
        zh: '居民自治组织（“四个强化”：强化居民自治功能和居委会监督功能）。',
        en: "The residents' self-governing organization (the \"four strengthenings\" include residents' self-government and the residents' committee's supervision).",
      },
    },
    {
      key: 'community_service_center',
      kind: 'service',
      name: { zh: '社区服务中心', en: 'Community service center' },
      description: {
        zh: '承担社区公共服务和社会管理，实行扁平化、网格化管理（“两个实行”），完善公共服务、市场化服务和义务服务三个体系（“三个完善”）。',
        en: 'Handles public service and social management in the community under flat and grid management (the "two practices") and builds out the three service systems — public, market-based and volunteer (the "three systems perfected").',
      },
    },
  ],
  deliberation: {
    mechanism: 'three_meetings_one_review',
    name: { zh: '三会一评', en: 'Three meetings and one review' },
    description: {
      zh: '来源材料未说明铜陵的议事机制，此处采用默认的“三会一评”：意见收集会、议题讨论会、决策会、述职评议。',
      en: 'The sources say nothing about how Tongling\'s communities deliberate, so the default "three meetings and one review" is used: opinion collection, topic discussion, decision, and performance review.',
    },
  },
  admission: {
    steps: [
      {
        key: 'submit',
        actor: { zh: '职能部门', en: 'Department' },
        action: {
          zh: '提交工作准入申请（通用步骤）',
          en: 'Submits a work-admission application (generic step)',
        },
      },
      {
        key: 'review',
        actor: { zh: '区级审查机构', en: 'District reviewing office' },
        action: { zh: '审查并提出意见（通用步骤）', en: 'Reviews it and gives an opinion (generic step)' },
      },
      {
        key: 'decide',
        actor: { zh: '区政府', en: 'District government' },
        action: {
          zh: '决定准入或不准入（通用步骤；来源材料未说明铜陵的准入程序）',
          en: "Decides whether the work is admitted (generic step; the sources do not describe Tongling's procedure)",
        },
      },
    ],
  },
  departments: [
    civilAffairs,
    publicSecurity,
    humanResourcesSocialSecurity,
    health(dataDomains.familyPlanning),
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
      zh: '2010年7月底，铜陵市铜官山区率先启动“区直管社区”综合体制改革，撤消原有6个街道，原街道下辖的49个社区居委会整合为18个社区。',
      en: 'At the end of July 2010 Tongguanshan District launched the "district manages communities directly" reform: its 6 streets were abolished and the 49 residents\' committees under them were integrated into 18 communities.',
    },
    {
      zh: '2011年7月15日，狮子山区正式撤销原有的4个街道，将原有的10个社区合并成5个大社区；8月底改革工作基本完成。',
      en: 'On 15 July 2011 Shizishan District abolished its 4 streets and merged its 10 communities into 5 large communities; the work was essentially complete by the end of August.',
    },
    {
      zh: '铜陵市由此成为全国第一个全部撤销“街道”的地级市。',
      en: 'Tongling thereby became the first prefecture-level city in China with no streets at all.',
    },
    {
      zh: '“铜陵模式”变市、区、街道、社区四级管理为市、区、社区三级服务。',
      en: 'The Tongling model turned four tiers of management (city, district, street, community) into three tiers of service (city, district, community).',
    },
  ],
};
