/**
 * The fields each well-known data domain carries when a city is onboarded. Cities edit their
 * catalog afterwards; a domain not listed here starts with a single `status` field.
 */
export interface FieldSpec {
  key: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  sensitivity: 'low' | 'medium' | 'high';
  sharingClass: 'open' | 'conditional' | 'none';
  name: { zh: string; en: string };
}

const SHARING_RULES = '政务信息资源共享管理暂行办法（国发〔2016〕51号）';
const SOCIAL_ASSISTANCE = '社会救助暂行办法';

export function legalBasisFor(domainKey: string, sharingClass: FieldSpec['sharingClass']): string {
  if (sharingClass === 'open') return '';
  return ['minimum_income', 'special_hardship'].includes(domainKey) ? SOCIAL_ASSISTANCE : SHARING_RULES;
}

const f = (
  key: string,
  type: FieldSpec['type'],
  sensitivity: FieldSpec['sensitivity'],
  sharingClass: FieldSpec['sharingClass'],
  zh: string,
  en: string,
): FieldSpec => ({ key, type, sensitivity, sharingClass, name: { zh, en } });

/** The person record itself, collected once by the community. */
export const PERSON_DOMAIN = 'person';
export const PERSON_FIELDS: FieldSpec[] = [
  f('name', 'string', 'medium', 'open', '姓名', 'Name'),
  f('sex', 'string', 'low', 'open', '性别', 'Sex'),
  f('birth_date', 'date', 'medium', 'open', '出生日期', 'Birth date'),
  f('address', 'string', 'medium', 'open', '居住地址', 'Address'),
  f('id_number', 'string', 'high', 'conditional', '公民身份号码', 'ID number'),
  f('phone', 'string', 'high', 'conditional', '联系电话', 'Phone'),
];

export const DOMAIN_FIELDS: Record<string, FieldSpec[]> = {
  community_basics: [
    f('household_size', 'number', 'low', 'open', '家庭人口', 'Household size'),
    f(
      'residence_type',
      'string',
      'low',
      'open',
      '居住类型（户籍/流动）',
      'Residence type (registered/floating)',
    ),
    f('occupation', 'string', 'medium', 'conditional', '职业', 'Occupation'),
    f('emergency_contact', 'string', 'high', 'conditional', '紧急联系人', 'Emergency contact'),
  ],
  household_registration: [
    f('hukou_type', 'string', 'medium', 'conditional', '户口性质', 'Hukou type'),
    f('hukou_address', 'string', 'high', 'conditional', '户籍地址', 'Registered address'),
    f('registered_on', 'date', 'medium', 'conditional', '落户日期', 'Registered on'),
  ],
  floating_population: [
    f('origin_place', 'string', 'medium', 'open', '来源地', 'Place of origin'),
    f(
      'residence_permit_valid_to',
      'date',
      'medium',
      'conditional',
      '居住证有效期',
      'Residence permit valid to',
    ),
  ],
  minimum_income: [
    f('enrolled', 'boolean', 'high', 'conditional', '是否低保', 'Receives minimum income (低保)'),
    f('monthly_amount', 'number', 'high', 'conditional', '月保障金额', 'Monthly amount'),
    f('enrolled_since', 'date', 'high', 'conditional', '纳入日期', 'Enrolled since'),
  ],
  special_hardship: [
    f('enrolled', 'boolean', 'high', 'conditional', '是否特困供养', 'Special hardship support'),
  ],
  elderly: [
    f('living_alone', 'boolean', 'medium', 'conditional', '是否独居', 'Lives alone'),
    f('care_level', 'string', 'medium', 'conditional', '照护等级', 'Care level'),
  ],
  disability: [
    f('grade', 'string', 'high', 'conditional', '残疾等级', 'Disability grade'),
    f('certificate_number', 'string', 'high', 'none', '残疾证号', 'Disability certificate number'),
  ],
  employment: [
    f('employment_status', 'string', 'medium', 'open', '就业状态', 'Employment status'),
    f('unemployment_registered', 'boolean', 'medium', 'conditional', '是否失业登记', 'Registered unemployed'),
  ],
  social_insurance: [
    f('pension_insured', 'boolean', 'medium', 'conditional', '参加养老保险', 'Pension insured'),
    f('medical_insured', 'boolean', 'medium', 'conditional', '参加医疗保险', 'Medical insured'),
  ],
  chronic_disease: [
    f(
      'under_management',
      'boolean',
      'high',
      'conditional',
      '纳入慢病管理',
      'Under chronic-disease management',
    ),
    f('conditions', 'string', 'high', 'none', '病种', 'Conditions'),
  ],
  vaccination: [
    f('routine_complete', 'boolean', 'medium', 'conditional', '常规免疫完成', 'Routine vaccination complete'),
  ],
  family_planning: [f('children', 'number', 'medium', 'conditional', '子女数', 'Children')],
};

export const FALLBACK_FIELDS: FieldSpec[] = [
  f('status', 'string', 'medium', 'conditional', '状态', 'Status'),
];
