import type { CouncilRules, CycleStep } from '../../schema/council';

/**
 * Each city's deliberation cycle and voting rules as data, chosen by the structure's
 * `deliberation.mechanism`; a council may override any of it when it is set up.
 */
const THREE_MEETINGS_ONE_REVIEW: CycleStep[] = [
  {
    key: 'opinion_collection',
    name: { zh: '群众意见收集会', en: 'Opinion collection meeting' },
    votes: false,
    reviews: false,
  },
  {
    key: 'topic_discussion',
    name: { zh: '议题讨论会', en: 'Topic discussion meeting' },
    votes: false,
    reviews: false,
  },
  { key: 'decision', name: { zh: '议事决策会', en: 'Decision meeting' }, votes: true, reviews: false },
  {
    key: 'report_review',
    name: { zh: '述职评议会', en: 'Report-and-review meeting' },
    votes: false,
    reviews: true,
  },
];

const PROPOSAL_AND_VOTE: CycleStep[] = [
  {
    key: 'representatives_meeting',
    name: { zh: '居民代表会议', en: "Residents' representatives' meeting" },
    votes: true,
    reviews: false,
  },
  {
    key: 'supervision_review',
    name: { zh: '居民代表监督评议会', en: "Representatives' supervision review" },
    votes: false,
    reviews: true,
  },
];

/** Guiyang (三会一评): four meetings, two-thirds present, a simple majority of those present, open vote. */
export const GUIYANG_RULES: CouncilRules = {
  cycle: THREE_MEETINGS_ONE_REVIEW,
  quorum: { numerator: 2, denominator: 3 },
  majority: 'present',
  ballot: 'open',
  minCoSigners: 7,
  secretaryMayPropose: false,
};

/**
 * Jinjiang (常任制、提案制、决策制): a resident and six neighbours table a proposal, the party
 * secretary may table major matters, the representatives' meeting decides by secret ballot.
 */
export const JINJIANG_RULES: CouncilRules = {
  cycle: PROPOSAL_AND_VOTE,
  quorum: { numerator: 2, denominator: 3 },
  majority: 'present',
  ballot: 'secret',
  minCoSigners: 7,
  secretaryMayPropose: true,
};

/** The rules a new council starts from, by the city's deliberation mechanism. */
export function defaultRules(mechanism: string): CouncilRules {
  if (mechanism === 'proposal_and_vote') return structuredClone(JINJIANG_RULES);
  return structuredClone(GUIYANG_RULES);
}

/** Members needed present: the quorum share of members in office, rounded up (at least 1). */
export function quorumOf(rules: CouncilRules, inOffice: number): number {
  return Math.max(1, Math.ceil((inOffice * rules.quorum.numerator) / rules.quorum.denominator));
}

/** Whether a tally adopts, under the council's majority rule. */
export function adopts(
  majority: CouncilRules['majority'],
  tally: { for: number; against: number; present: number },
): boolean {
  if (majority === 'cast') return tally.for > tally.against;
  if (majority === 'two_thirds_present') return tally.for * 3 >= tally.present * 2;
  return tally.for * 2 > tally.present;
}
