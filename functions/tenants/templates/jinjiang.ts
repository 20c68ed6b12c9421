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
 * Jinjiang 锦江 (Chengdu): the streets were kept but stripped of their economic duties (from 2008);
 * administrative work moved to community public service stations and residents' committees returned
 * to self-government.
 */
export const jinjiang: StructureConfigInput = {
  name: {
    zh: '街道剥离经济职能＋社区公共服务站',
    en: 'Streets stripped of economic duties + community public service stations',
  },
  summary: {
    zh: '2008年起，锦江区创新城市管理机制，街道保留但剥离经济职能，迈出改革第一步；街道要做好公共服务和社会管理必须下沉，以社区为平台，由此推进社区治理机制改革，并大力培育和发展社会组织。社区普遍设立社区党委或党总支，党组织覆盖院落、楼栋、单元；按照社区工作准入机制，政务性工作收归社区公共服务站，居委会回归自治组织本位；社区物业服务中心为老旧院落提供物业服务；社区居民代表会议实行常任制、提案制、决策制。',
    en: "From 2008 Jinjiang District kept its street offices but stripped them of economic duties — the first step of its reform. To deliver public service and social management the streets had to reach down to the community as their platform, which led to the community-governance reform, complemented by fostering social organizations. Communities have a party committee or general branch whose organization reaches courtyards, buildings and stairwells; under the community work-admission mechanism government business moved to community public service stations and the residents' committee returned to being a self-governing organization; community property service centers serve old courtyards without property management; the residents' representatives' meeting has standing representatives, proposals and decision by vote.",
  },
  levels: [
    { key: 'city', name: { zh: '市', en: 'City' }, parents: [] },
    { key: 'district', name: { zh: '区', en: 'District' }, parents: ['city'] },
    { key: 'street', name: { zh: '街道', en: 'Street' }, parents: ['district'] },
    { key: 'community', name: { zh: '社区', en: 'Community' }, parents: ['street'] },
    { key: 'courtyard', name: { zh: '院落', en: 'Courtyard' }, parents: ['community'] },
    { key: 'building', name: { zh: '楼栋', en: 'Building' }, parents: ['courtyard'] },
  ],
  bodies: [
    {
      key: 'community_party_organization',
      kind: 'party',
      name: { zh: '社区党委／党总支', en: 'Community party committee / general branch' },
      description: {
        zh: '社区的领导核心。社区党组织书记担任社区居民代表会议工作委员会主任，社区党组织对社区重大事项拥有提案权，并建立社区党建工作联席会；党组织向院落、楼栋、单元及各类社会、经济组织全覆盖。',
        en: "The community's leadership core. Its secretary chairs the working committee of the residents' representatives' meeting, it holds the right to propose major community matters, and it convenes a joint conference on community party building; party organization reaches every courtyard, building, stairwell and social or economic organization.",
      },
    },
    {
      key: 'courtyard_party_branch',
      kind: 'party',
      name: { zh: '院落党支部', en: 'Courtyard party branch' },
      description: {
        zh: '开放型党员管理：打破组织关系束缚，凡在院落居住的党员只需亮明身份，即可参加院落党支部的一切工作和活动。',
        en: "Open membership: regardless of where their membership is registered, any party member living in the courtyard who identifies themselves may take part in all of the branch's work and activities.",
      },
    },
    {
      key: 'residents_representatives_meeting',
      kind: 'council',
      name: { zh: '社区居民代表会议', en: "Community residents' representatives' meeting" },
      description: {
        zh: '实行社区居民代表常任制、社区重大事项提案制、社区居民代表会议决策制；社区居民代表委员会监督提案办理。',
        en: "Standing residents' representatives, proposals on major community matters, and decisions by the representatives' meeting; the residents' representatives' committee supervises how proposals are carried out.",
      },
    },
    {
      key: 'residents_committee',
      kind: 'self_government',
      name: { zh: '社区居委会', en: "Community residents' committee" },
      description: {
        zh: '行政事务剥离后回归自治组织本位（“让居委会归位”），充当政府部门、社会中介组织与居民之间的桥梁，当好居民权益的表达者和维护者。',
        en: 'With administrative work stripped away it returns to being a self-governing organization ("put the residents\' committee back in its place"), a bridge between government departments, intermediary organizations and residents, voicing and defending residents\' interests.',
      },
    },
    {
      key: 'public_service_station',
      kind: 'service',
      name: { zh: '社区公共服务站', en: 'Community public service station' },
      description: {
        zh: '按照社区工作准入机制，此前分派到社区的大部分政务性工作收归公共服务站，社区不再无偿承担职责范围以外的政府行政事务。成都市首个社区公共服务站于2008年12月5日在双桂路街办挂牌成立。',
        en: "Under the community work-admission mechanism most of the government business previously handed to communities moved to the station, and communities no longer do unpaid government work outside their remit. Chengdu's first community public service station opened at Shuangguilu street office on 5 December 2008.",
      },
    },
    {
      key: 'property_service_center',
      kind: 'property_service',
      name: { zh: '社区物业服务中心', en: 'Community property service center' },
      description: {
        zh: '全国首创。与专业机构合作，为老旧住宅区及时提供有偿或低偿应急服务；街道办事处增设物业管理科。',
        en: 'A national first. Working with professional firms it provides paid or low-cost emergency services to old residential areas; street offices gained a property management section.',
      },
    },
    {
      key: 'social_organizations',
      kind: 'social_org',
      name: { zh: '社会组织', en: 'Social organizations' },
      description: {
        zh: '大力培育和发展社会组织，是社区治理机制改革的必要补充。',
        en: 'Fostering and developing social organizations is the necessary complement to the community-governance reform.',
      },
    },
  ],
  deliberation: {
    mechanism: 'proposal_and_vote',
    name: { zh: '常任制、提案制、决策制', en: 'Standing representatives, proposals, decision by vote' },
    description: {
      zh: '社区居民代表常任制、社区重大事项提案制、社区居民代表会议决策制：居民（或社区党组织）提出提案，居民代表会议投票表决，居民代表委员会监督办理。',
      en: "Standing residents' representatives, proposals on major matters, and decision by the representatives' meeting: residents (or the community party organization) table proposals, the representatives' meeting votes on them, and the representatives' committee supervises their implementation.",
    },
  },
  admission: {
    steps: [
      {
        key: 'submit',
        actor: { zh: '职能部门', en: 'Department' },
        action: {
          zh: '提交进社区工作事项（通用步骤）',
          en: 'Submits the work it wants to place in communities (generic step)',
        },
      },
      {
        key: 'review',
        actor: { zh: '区级审批机构', en: 'District approving office' },
        action: { zh: '项目核准审查（通用步骤）', en: 'Reviews the item for approval (generic step)' },
      },
      {
        key: 'decide',
        actor: { zh: '区政府', en: 'District government' },
        action: {
          zh: '决定准入或不准入（通用步骤；来源只提到“社区工作准入审批制度”，未列出具体步骤）',
          en: 'Decides whether the work is admitted (generic step; the sources mention a "community work-admission approval system" without its steps)',
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
    housing(dataDomains.propertyManagement),
    marketRegulation,
    community,
  ],
  mechanisms: {
    gridRealNameListing: false,
    twoWayEvaluation: false,
    assistanceAgreement: false,
    workAdmission: true,
  },
  facts: [
    {
      zh: '2008年起，锦江区开始创新城市管理机制，街道剥离经济职能。',
      en: 'From 2008 Jinjiang District reformed its city administration and stripped the streets of their economic duties.',
    },
    {
      zh: '2008年12月5日，成都市首个社区公共服务站在双桂路街办挂牌成立。',
      en: "On 5 December 2008 Chengdu's first community public service station opened at Shuangguilu street office.",
    },
    {
      zh: '从2009年3月开始，锦江区陆续在全区850个无物管院落推行物业管理全覆盖。',
      en: "From March 2009 property management was rolled out to the district's 850 courtyards that had none.",
    },
    {
      zh: '锦江区已有50家社区物业服务中心取得资质证书。',
      en: '50 community property service centers in Jinjiang have been certified.',
    },
    {
      zh: '在成都市率先实行一个社区每年10万元标准的老旧住宅区房屋公共应急维修专项资金。',
      en: 'First in Chengdu to give each community 100,000 yuan a year as a special fund for emergency repairs in old residential areas.',
    },
    {
      zh: '双桂路五福桥社区推行居民代表常任制、提案制、决策制，48件与居民生活密切相关的提案和建议及时办结。',
      en: "Wufuqiao community (Shuangguilu) introduced standing representatives, proposals and decision by vote; 48 proposals and suggestions closely tied to residents' lives were completed.",
    },
    {
      zh: '2009年9月18日，永兴社区居民代表大会到会81名居民代表，讨论提议的5个项目，投票否决了其中两个修建休闲活动室的项目。',
      en: "On 18 September 2009, 81 residents' representatives at Yongxing community's representatives' meeting voted on 5 proposed projects and rejected 2 (both for building leisure rooms).",
    },
  ],
};
