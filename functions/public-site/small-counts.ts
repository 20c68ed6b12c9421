import type { ComponentStatus } from '../../schema';

/**
 * What the public figures share: the small-count rule and the status components' shape (data links
 * and departments' case handling).
 */
export const HISTORY_DAYS = 90;
/** Counts from 1 to 4 are shown as "<5" so that no person can be singled out (README). */
export const SMALL_COUNT_THRESHOLD = 5;

export type Suppressed = { value: number; shown: string; suppressed: boolean };
export function suppress(value: number): Suppressed {
  const small = value > 0 && value < SMALL_COUNT_THRESHOLD;
  return {
    value: small ? 0 : value,
    shown: small ? `<${SMALL_COUNT_THRESHOLD}` : String(value),
    suppressed: small,
  };
}

export interface ComponentView {
  /** The Statuspage id when not the department's (a department's case handling: `cases-<id>`). */
  id?: string;
  kind?: 'data_link' | 'case_handling';
  departmentId: string;
  key: string;
  name: { zh: string; en: string };
  status: ComponentStatus;
  signals: Record<string, number | string | null>;
  createdAt: Date;
  updatedAt: Date;
  position: number;
  /** Oldest first, HISTORY_DAYS entries ending today; null where nothing was recorded. */
  days: { day: string; worst: ComponentStatus | null }[];
}
