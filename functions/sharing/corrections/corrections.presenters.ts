import type { CorrectionRow } from './corrections.service';

export function presentCorrection(row: CorrectionRow) {
  return {
    id: row.id,
    residentId: row.residentId,
    field: row.field,
    proposedValue: row.proposedValue,
    reason: row.reason,
    status: row.status,
    replyBy: row.replyBy.toISOString(),
    decisionReason: row.decisionReason,
  };
}
