export type Lang = 'zh' | 'en';

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh') return query;
  if (!query && acceptLanguage && /^en\b/i.test(acceptLanguage.trim())) return 'en';
  return 'zh';
}

const messages = {
  zh: {
    siteName: '社区治理云',
    switchTo: 'English',
    model: '治理模式',
    levels: '层级',
    bodies: '社区内设机构',
    departments: '内设部门',
    deliberation: '议事机制',
    admission: '工作准入流程',
    facts: '改革要点',
    districts: '辖区与社区',
    reforms: '改革历程',
    asOf: '截至',
    noReforms: '尚无改革记录。',
    closed: '撤销',
    opened: '成立',
    sampleNote: '标注“样例”的单位为示例数据：资料只给出数量，未给出名称。',
    historical: '已撤销层级',
    district: '区',
    total: '合计',
    notFound: '未找到该城市',
    pageNotFound: '未找到该页面',
    backHome: '返回首页',
    apiLink: '开放接口文档',
    kinds: {
      party: '党组织',
      council: '议事机构',
      service: '服务机构',
      self_government: '居民自治组织',
      social_org: '社会组织',
      property_service: '物业服务',
    } as Record<string, string>,
    precision: { year: '年', month: '月', day: '日' },
  },
  en: {
    siteName: 'Shequ community governance cloud',
    switchTo: '中文',
    model: 'Governance model',
    levels: 'Levels',
    bodies: 'Bodies in each community',
    departments: 'Departments',
    deliberation: 'Deliberation',
    admission: 'Work admission steps',
    facts: 'Key facts of the reform',
    districts: 'Districts and communities',
    reforms: 'Reform history',
    asOf: 'as of',
    noReforms: 'No reforms recorded.',
    closed: 'abolished',
    opened: 'formed',
    sampleNote: 'Units marked “sample” are placeholder data: the sources give counts, not names.',
    historical: 'abolished level',
    district: 'District',
    total: 'Total',
    notFound: 'City not found',
    pageNotFound: 'Page not found',
    backHome: 'Back to the home page',
    apiLink: 'API documentation',
    kinds: {
      party: 'Party organization',
      council: 'Deliberation body',
      service: 'Service body',
      self_government: 'Residents’ self-government',
      social_org: 'Social organization',
      property_service: 'Property service',
    } as Record<string, string>,
    precision: { year: 'year', month: 'month', day: 'day' },
  },
};

export type Messages = (typeof messages)['zh'];
export function t(lang: Lang): Messages {
  return messages[lang];
}

export function localized(value: { zh: string; en: string }, lang: Lang): string {
  return value[lang];
}

/** A date shown only as precisely as the sources state it. */
export function formatDate(date: string, precision: 'year' | 'month' | 'day', lang: Lang): string {
  const [year, month, day] = date.split('-');
  if (lang === 'zh') {
    if (precision === 'year') return `${year}年`;
    if (precision === 'month') return `${year}年${Number(month)}月`;
    return `${year}年${Number(month)}月${Number(day)}日`;
  }
  const monthName = new Date(`${date}T00:00:00Z`).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
  if (precision === 'year') return `${year}`;
  if (precision === 'month') return `${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year}`;
}
