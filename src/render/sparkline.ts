const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A one-line chart of a series, oldest first: "▁▂▃▅▇". A missing or suppressed month is a gap
 * ("·"), never a bottom bar, so it cannot be read as a collapse. A flat series sits mid-height.
 */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return '·'.repeat(values.length);
  const min = Math.min(...known);
  const max = Math.max(...known);
  return values
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return '·';
      if (max === min) return BARS[3];
      const index = Math.round(((value - min) / (max - min)) * (BARS.length - 1));
      return BARS[index];
    })
    .join('');
}
