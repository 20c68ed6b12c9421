import type { StructureConfigInput } from '../structure.schema';
import {
  civilAffairs,
  community,
  dataDomains,
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
 * Liaoyuan 辽源: street–community integration (街道社区一体化), 2011 in 西安区 and 2012 in 龙山区;
 * each large community has a party working committee at its core and three supporting systems.
 */
export const liaoyuan: StructureConfigInput = {
  name: { zh: '社区党工委＋三个体系', en: 'Party working committee + three systems' },
  summary: {
    zh: '辽源市实行街道社区一体化改革：撤销街道办事处，整合街道社区资源，组建大社区，城市四级管理减为三级，区直管社区。新社区采用“一个核心三个体系”的组织架构：以社区党工委为核心，社区居委会、社区公共服务中心和社会组织三个体系为支撑。原街道的经济发展、计划生育、城建城管、劳动保障、统计等职能上交区政府各职能部门及区党委相关部门；社会管理及服务职能下放到社区；新社区按人口、楼栋等因素划分网格，每个网格配备网格员。',
    en: "Liaoyuan integrated streets and communities (街道社区一体化): street offices were abolished, their resources merged with the communities' into large communities, the four tiers of city administration became three, and the district manages communities directly. A new community has \"one core and three systems\": the community party working committee at the core, supported by the residents' committee, the community public service center and social organizations. The street offices' economic development, family planning, urban construction and management, labour security, statistics and similar duties went up to district government departments and district party offices; social management and services went down to the communities, which are divided into grids by population and buildings, each grid with a grid worker.",
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
    { key: 'community', name: { zh: '社区', en: 'Community' }, parents: ['district'] },
    { key: 'grid', name: { zh: '网格', en: 'Grid' }, parents: ['community'] },
  ],
  bodies: [
    {
      key: 'party_working_committee',
      kind: 'party',
      name: { zh: '社区党工委', en: 'Community party working committee' },
      description: {
        zh: '社区的核心，对辖区内区域性、社会性、群众性工作负全责。隶属区委管理，正科级建制，与社区公共服务中心合署办公。设党工委书记1人、副书记1人，由区委任命；成员由公共服务中心班子中的党员干部、辖区内规模较大的单位党组织负责人等组成。撤销原社区党委（党总支），重新划分所辖党支部；采取“社区党工委、责任田支部、党员中心户、志愿服务队”的网络化管理模式。',
        en: 'The core of the community, fully responsible for regional, social and mass work in its area. It is managed by the district party committee, has section (正科) rank and shares offices with the community public service center. Its secretary and one deputy secretary are appointed by the district party committee; members are party cadres on the service center\'s leadership and party leaders of the larger units in the area. The former community party committees (general branches) were abolished and their branches regrouped; party work runs as a network of "working committee, responsibility-area branches, core party households, volunteer teams".',
      },
    },
    {
      key: 'residents_committee',
      kind: 'self_government',
      name: { zh: '社区居委会', en: "Community residents' committee" },
      description: {
        zh: '新社区成立后适时重新选举。社区党工委书记可依法选举为社区居委会主任，原社区居委会主任、副主任和部分成员可依法选举为社区居委会成员。居委会与社区公共服务中心分设，内设综合事务、民政事务、人口计生、综治维稳信访（人民调解）等专门委员会。',
        en: "Re-elected once the new community is formed. The party working committee secretary may be elected its director; former directors, deputy directors and members of the old committees may be elected members. The residents' committee is kept separate from the public service center and has specialised committees for general affairs, civil affairs, population and family planning, and public order, stability and petitions (people's mediation).",
      },
      departments: [
        { key: 'general_affairs', name: { zh: '综合事务', en: 'General affairs' } },
        { key: 'civil_affairs', name: { zh: '民政事务', en: 'Civil affairs' } },
        { key: 'population_family_planning', name: { zh: '人口计生', en: 'Population and family planning' } },
        {
          key: 'stability_petitions_mediation',
          name: {
            zh: '综治维稳信访（人民调解）',
            en: "Public order, stability and petitions (people's mediation)",
          },
        },
      ],
    },
    {
      key: 'public_service_center',
      kind: 'service',
      name: { zh: '社区公共服务中心', en: 'Community public service center' },
      description: {
        zh: '履行本辖区的社会管理、服务居民职能，在社区实行网格化管理。正科级建制，设主任1名，由社区党工委书记兼任；副主任1名，实行区委委任制或聘任制。内设“两办三站”（股级）：综合事务办公室、综治维稳办公室、民政事务服务站、人口计生服务站、劳动保障服务站。',
        en: 'Performs social management and services for residents in its area and runs the community\'s grid management. Section (正科) rank; its director is the party working committee secretary, and one deputy director is appointed or hired by the district party committee. Inside are "two offices and three stations" (股 rank): the general affairs office, the public order and stability office, and the civil affairs, population and family planning, and labour security service stations.',
      },
      departments: [
        { key: 'general_affairs_office', name: { zh: '综合事务办公室', en: 'General affairs office' } },
        { key: 'stability_office', name: { zh: '综治维稳办公室', en: 'Public order and stability office' } },
        { key: 'civil_affairs_station', name: { zh: '民政事务服务站', en: 'Civil affairs service station' } },
        {
          key: 'family_planning_station',
          name: { zh: '人口计生服务站', en: 'Population and family planning service station' },
        },
        {
          key: 'labour_security_station',
          name: { zh: '劳动保障服务站', en: 'Labour security service station' },
        },
      ],
    },
    {
      key: 'social_organizations',
      kind: 'social_org',
      name: { zh: '社会组织', en: 'Social organizations' },
      description: {
        zh: '业主委员会、物业管理机构，老年人、残疾人、妇女儿童、计划生育、文体健身、书画美术等群众性协会团体，注册志愿者队伍，以及中介、医疗卫生服务站、养老托老等专业化服务组织；通过政府购买服务推进公共服务市场化、社会化和专业化。',
        en: "Owners' committees and property managers; associations of the elderly, people with disabilities, women and children, family planning, culture and sport, calligraphy and painting; registered volunteer teams; and professional service organizations such as agencies, health stations and elderly care. Government purchase of services makes public services more market-based, social and professional.",
      },
    },
  ],
  deliberation: {
    mechanism: 'three_meetings_one_review',
    name: { zh: '三会一评', en: 'Three meetings and one review' },
    description: {
      zh: '来源材料未说明辽源的具体议事规则（只提到“大事小事居民开会就能决定”、楼院党员群众代表会议，以及群众评议干部、社区评议部门），此处采用默认的“三会一评”：意见收集会、议题讨论会、决策会、述职评议。',
      en: 'The sources do not describe Liaoyuan\'s own deliberation rules (they mention only that "matters big and small are decided by residents meeting", courtyard meetings of party members and residents\' representatives, and residents rating cadres and communities rating departments), so the default "three meetings and one review" is used: opinion collection, topic discussion, decision, and performance review.',
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
        actor: { zh: '区级审查机构', en: 'District reviewing office' },
        action: { zh: '审查（通用步骤）', en: 'Reviews the request (generic step)' },
      },
      {
        key: 'decide',
        actor: { zh: '区政府', en: 'District government' },
        action: {
          zh: '决定是否准入并备案（通用步骤；来源只提到“工作进社区审查备案制度”，未列出具体步骤）',
          en: 'Decides on admission and files it (generic step; the sources mention only a "review and filing system for work entering communities" without its steps)',
        },
      },
    ],
  },
  departments: [
    civilAffairs,
    publicSecurity,
    humanResourcesSocialSecurity,
    health(),
    familyPlanning(dataDomains.childbearingAgeWomen),
    urbanManagement,
    justice,
    statistics,
    housing(),
    marketRegulation,
    community,
  ],
  mechanisms: {
    gridRealNameListing: true,
    // The seed: 群众评议干部、社区评议部门 and 实绩考核、群众评议和部门评议 (departments rate communities too).
    twoWayEvaluation: true,
    assistanceAgreement: false,
    workAdmission: true,
  },
  facts: [
    {
      zh: '2010年9月，辽源市被确定为全省社会管理创新综合试点城市。',
      en: 'In September 2010 Liaoyuan was named a provincial pilot city for innovation in social management.',
    },
    {
      zh: '2011年，西安区进行试点先行，撤销原有6个街道，形成12个大社区。',
      en: "In 2011 Xi'an District piloted the reform, abolishing its 6 streets and forming 12 large communities.",
    },
    {
      zh: '2012年，龙山区撤销原有的8个街道，形成18个大社区。',
      en: 'In 2012 Longshan District abolished its 8 streets and formed 18 large communities.',
    },
    {
      zh: '至此，辽源市组建了30个社区党工委和社区公共服务中心。',
      en: 'In all, Liaoyuan formed 30 community party working committees and community public service centers.',
    },
    {
      zh: '实行网格化管理，按照300户左右配备1名社区网格管理员。',
      en: 'Grid management: about one community grid worker for every 300 households.',
    },
    {
      zh: '逐步建立科学的评价体系，让群众评议干部、社区评议部门；采取实绩考核、群众评议和部门评议的方式评价社区工作实绩。',
      en: "An evaluation system in which residents rate cadres and communities rate departments; community work is assessed by results, by residents' ratings and by departments' ratings.",
    },
  ],
};
