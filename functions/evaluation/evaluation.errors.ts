import { errorsOf, type FieldIssue } from '../platform/errors';
import { evaluationMessages } from './evaluation.messages';

const e = errorsOf(evaluationMessages);

/** A field issue of the evaluation domain, by code. */
export const evaluationIssue = e.issue;

export const evaluationErrors = {
  campaignNotFound: () => e.notFound('evaluation.campaign_not_found'),
  invalid: (details: FieldIssue[]) => e.unprocessable('evaluation.invalid', { details }),
  stationNotFound: () => e.notFound('evaluation.station_unknown'),
  assignmentUnknown: () => e.notFound('evaluation.assignment_unknown'),
  notRater: () => e.error(403, 'evaluation.not_rater'),
  selfRating: () => e.error(403, 'evaluation.self_rating'),
  windowClosed: () => e.conflict('evaluation.window_closed'),
  windowOpen: () => e.conflict('evaluation.window_open'),
  sealed: () => e.conflict('evaluation.sealed'),
  notSealed: () => e.conflict('evaluation.not_sealed'),
  objectionNotFound: () => e.notFound('evaluation.objection_not_found'),
  objectionAnswered: () => e.conflict('evaluation.objection_answered'),
  notSubject: () => e.error(403, 'evaluation.not_subject'),
  vetoNotStation: () => e.error(403, 'evaluation.veto_not_station'),
  vetoExists: () => e.conflict('evaluation.veto_exists'),
  surveyNotFound: () => e.notFound('survey.not_found'),
  surveyClosed: () => e.conflict('survey.closed'),
  sampleFull: () => e.conflict('survey.sample_full'),
};
