/**
 * The purposes every city starts with (seeded at onboarding, and for cities onboarded before
 * purposes existed); a city administrator adds its own. Codes are stable: grants and the access
 * log refer to them.
 */
export const DEFAULT_PURPOSES: readonly { code: string; name: { zh: string; en: string } }[] = [
  {
    code: 'minimum_income_review',
    name: { zh: '最低生活保障审核与复核', en: 'Minimum income (dibao) review' },
  },
  { code: 'employment_assistance', name: { zh: '就业援助', en: 'Employment assistance' } },
  { code: 'eligibility_check', name: { zh: '资格核验', en: 'Eligibility verification' } },
  { code: 'elderly_care', name: { zh: '养老服务', en: 'Elderly care services' } },
  { code: 'disability_support', name: { zh: '残疾人帮扶', en: 'Disability support' } },
  { code: 'public_security_assistance', name: { zh: '治安帮扶', en: 'Public security assistance' } },
  { code: 'health_services', name: { zh: '卫生健康服务', en: 'Health services' } },
  { code: 'community_services', name: { zh: '社区服务', en: 'Community services' } },
  { code: 'population_statistics', name: { zh: '人口统计', en: 'Population statistics' } },
];
