import type { Criterion, EvaluationScheme } from '../../schema/evaluation';

/**
 * The schemes the seeds describe, as templates a city starts from and may override part by part.
 * The seeds name who rates whom and the street's ≥ 50 % share; they give no criteria or weights
 * beyond that, so those below are samples a city is expected to replace.
 */

const performance: Criterion[] = [
  { code: 'results', name: { zh: '工作实绩', en: 'Results of the work' }, weight: 0.4 },
  { code: 'service', name: { zh: '服务质量', en: 'Quality of service' }, weight: 0.3 },
  { code: 'cooperation', name: { zh: '配合协作', en: 'Cooperation' }, weight: 0.3 },
];

/**
 * Haidian: every half year, upward (by the level below) and downward (by the level above), of grid
 * staff, community grids, streets and departments with their stationed agencies; the street's
 * assessment of a stationed agency (and its standing deputy) counts for at least 50 %; a
 * third-party satisfaction survey rates departments, stationed agencies and streets.
 */
export const haidianScheme: EvaluationScheme = {
  criteria: { unit: performance, department: performance, station: performance, person: performance },
  mix: {
    unit: { weights: { from_above: 0.4, from_below: 0.2, measured: 0.2, survey: 0.2 }, floors: {} },
    department: { weights: { from_above: 0.2, from_below: 0.4, measured: 0.2, survey: 0.2 }, floors: {} },
    station: {
      weights: { host: 0.5, department: 0.2, from_below: 0.1, measured: 0.2 },
      floors: { host: 0.5 },
    },
    person: { weights: { host: 0.5, department: 0.3, from_below: 0.2 }, floors: { host: 0.5 } },
  },
  belowLevels: ['street', 'community'],
  aboveLevel: 'district',
  awardThreshold: 90,
};

/**
 * Jiangsu / Taicang 政社互动: departments rate each residents' committee on its assistance
 * agreement; the committee rates the government's guidance, professional services, payments made
 * and administrative interference (scored so that less interference scores higher).
 */
export const jiangsuScheme: EvaluationScheme = {
  criteria: {
    unit: [
      { code: 'agreed_items', name: { zh: '协助事项完成', en: 'Assisted items done' }, weight: 0.6 },
      { code: 'self_government', name: { zh: '依法自治', en: 'Self-government by law' }, weight: 0.4 },
    ],
    department: [
      { code: 'guidance', name: { zh: '业务指导', en: 'Guidance' }, weight: 0.25 },
      { code: 'services', name: { zh: '专业服务', en: 'Professional services' }, weight: 0.25 },
      { code: 'payments', name: { zh: '经费拨付', en: 'Payments made' }, weight: 0.25 },
      {
        code: 'no_interference',
        name: { zh: '不干预自治', en: 'No administrative interference' },
        weight: 0.25,
      },
    ],
  },
  mix: {
    unit: { weights: { department: 0.7, measured: 0.3 }, floors: {} },
    department: { weights: { from_below: 0.7, measured: 0.3 }, floors: { from_below: 0.5 } },
  },
  belowLevels: ['community'],
  aboveLevel: 'city',
  awardThreshold: 90,
};

export const TEMPLATES = { haidian: haidianScheme, jiangsu: jiangsuScheme } as const;
export type TemplateName = keyof typeof TEMPLATES;
