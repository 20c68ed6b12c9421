import type { StructureConfigInput } from '../structure.schema';

/**
 * The departments (条) the four built-in structures share. A template lists them in its own
 * order; where a city's sources differ (计生 as its own line or inside 卫健, extra data domains),
 * the builders take the difference as arguments.
 */
type Department = StructureConfigInput['departments'][number];
type DataDomain = NonNullable<Department['dataDomains']>[number];

export const dataDomains = {
  minimumIncome: { key: 'minimum_income', name: { zh: '低保', en: 'Minimum living allowance' } },
  specialHardship: { key: 'special_hardship', name: { zh: '特困人员', en: 'Persons in special hardship' } },
  elderly: { key: 'elderly', name: { zh: '老年人', en: 'Elderly residents' } },
  disability: { key: 'disability', name: { zh: '残疾人', en: 'Persons with disabilities' } },
  householdRegistration: {
    key: 'household_registration',
    name: { zh: '户籍', en: 'Household registration' },
  },
  floatingPopulation: { key: 'floating_population', name: { zh: '流动人口', en: 'Floating population' } },
  employment: { key: 'employment', name: { zh: '就业', en: 'Employment' } },
  socialInsurance: { key: 'social_insurance', name: { zh: '社会保险', en: 'Social insurance' } },
  chronicDisease: { key: 'chronic_disease', name: { zh: '慢性病', en: 'Chronic disease' } },
  vaccination: { key: 'vaccination', name: { zh: '预防接种', en: 'Vaccination' } },
  familyPlanning: { key: 'family_planning', name: { zh: '计划生育', en: 'Family planning' } },
  cityAppearance: { key: 'city_appearance', name: { zh: '市容环境', en: 'City appearance and sanitation' } },
  communityCorrection: { key: 'community_correction', name: { zh: '社区矫正', en: 'Community correction' } },
  mediation: { key: 'mediation', name: { zh: '人民调解', en: "People's mediation" } },
  statisticalSurveys: { key: 'statistical_surveys', name: { zh: '统计调查', en: 'Statistical surveys' } },
  housingUnits: { key: 'housing_units', name: { zh: '房屋', en: 'Housing units' } },
  businessEntities: { key: 'business_entities', name: { zh: '市场主体', en: 'Business entities' } },
  communityBasics: { key: 'community_basics', name: { zh: '社区基础信息', en: 'Community basics' } },
  childbearingAgeWomen: {
    key: 'childbearing_age_women',
    name: { zh: '育龄妇女', en: 'Women of childbearing age' },
  },
  propertyManagement: { key: 'property_management', name: { zh: '物业管理', en: 'Property management' } },
} satisfies Record<string, DataDomain>;

export const civilAffairs: Department = {
  key: 'civil_affairs',
  name: { zh: '民政', en: 'Civil affairs' },
  dataDomains: [
    dataDomains.minimumIncome,
    dataDomains.specialHardship,
    dataDomains.elderly,
    dataDomains.disability,
  ],
};

export const publicSecurity: Department = {
  key: 'public_security',
  name: { zh: '公安', en: 'Public security' },
  dataDomains: [dataDomains.householdRegistration, dataDomains.floatingPopulation],
};

export const humanResourcesSocialSecurity: Department = {
  key: 'human_resources_social_security',
  name: { zh: '人社', en: 'Human resources and social security' },
  dataDomains: [dataDomains.employment, dataDomains.socialInsurance],
};

export const urbanManagement: Department = {
  key: 'urban_management',
  name: { zh: '城管', en: 'Urban management' },
  dataDomains: [dataDomains.cityAppearance],
};

export const justice: Department = {
  key: 'justice',
  name: { zh: '司法', en: 'Justice' },
  dataDomains: [dataDomains.communityCorrection, dataDomains.mediation],
};

export const statistics: Department = {
  key: 'statistics',
  name: { zh: '统计', en: 'Statistics' },
  dataDomains: [dataDomains.statisticalSurveys],
};

export const marketRegulation: Department = {
  key: 'market_regulation',
  name: { zh: '市场监管', en: 'Market regulation' },
  dataDomains: [dataDomains.businessEntities],
};

export const community: Department = {
  key: 'community',
  name: { zh: '社区（一次采集）', en: 'Community (collect once)' },
  dataDomains: [dataDomains.communityBasics],
};

export const health = (...more: DataDomain[]): Department => ({
  key: 'health',
  name: { zh: '卫健', en: 'Health' },
  dataDomains: [dataDomains.chronicDisease, dataDomains.vaccination, ...more],
});

export const familyPlanning = (...more: DataDomain[]): Department => ({
  key: 'family_planning',
  name: { zh: '计生', en: 'Family planning' },
  dataDomains: [dataDomains.familyPlanning, ...more],
});

export const housing = (...more: DataDomain[]): Department => ({
  key: 'housing',
  name: { zh: '房管', en: 'Housing' },
  dataDomains: [dataDomains.housingUnits, ...more],
});
