/** "backfill: 14 of 24 months": how much of the history window a source holds. */
export function backfillText(backfill: { done: number; total: number }): string {
  return `backfill: ${backfill.done} of ${backfill.total} month${backfill.total === 1 ? '' : 's'}`;
}
