import { seedMonths } from './seed.js';
import type { TestStorage } from './storage.js';

/** China → India magnets, July 2023 – June 2025 in USD: steady, then the April 2025 collapse and recovery. */
export const MAGNET_MONTHS: Record<string, number> = Object.fromEntries(
  [
    9.1, 9.6, 10.2, 8.8, 9.9, 10.5, 11.2, 10.1, 9.7, 10.8, 11.5, 12.0, 11.8, 12.4, 11.9, 12.6, 13.1, 12.2,
    12.9, 13.4, 5.6, 1.1, 2.9, 7.4,
  ].map((millions, index) => {
    const month = index + 6;
    return [`${2023 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`, millions * 1e6];
  }),
);

export function seedMagnets(storage: TestStorage, fetchedAt: number): Promise<void> {
  return seedMonths(storage, MAGNET_MONTHS, {}, fetchedAt);
}

/** An alert as the engine would have recorded it for china-india-magnets' 20 % previous-month drop. */
export function seedDropAlert(
  storage: TestStorage,
  period: string,
  headline: string,
  at: number,
): Promise<void> {
  return storage.alerts.recordFiring(
    {
      dedupKey: `china-india-magnets/drop:previous-month:20%/hs-850511/${period}`,
      watchlistId: 'china-india-magnets',
      rule: 'drop:previous-month:20%',
      subject: 'hs-850511',
      period,
      kind: 'condition',
      severity: 'critical',
      headline,
      facts: [],
      source: 'UN Comtrade',
    },
    at,
  );
}
