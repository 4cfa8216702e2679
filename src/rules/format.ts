// Built on first use: each loads ICU number data, which start-up does not need.
const formatters = new Map<number, Intl.NumberFormat>();
function grouped(digits: number): Intl.NumberFormat {
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(digits, formatter);
  }
  return formatter;
}

/** Three significant figures at most, so "$12.3 M" and "1,238 t" read at a glance. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return grouped(0).format(value);
  if (abs >= 10) return grouped(1).format(value);
  return grouped(2).format(value);
}

/** An amount in its unit: USD in $, k, M, bn; kilograms as kg or tonnes; anything else as is. */
export function formatAmount(value: number, unit: string): string {
  if (unit === 'USD') {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `$${compact(value / 1e9)} bn`;
    if (abs >= 1e6) return `$${compact(value / 1e6)} M`;
    if (abs >= 1e4) return `$${compact(value / 1e3)} k`;
    return `$${grouped(0).format(value)}`;
  }
  if (unit === 'kg') {
    if (Math.abs(value) >= 1000) return `${compact(value / 1000)} t`;
    return `${grouped(0).format(value)} kg`;
  }
  return `${compact(value)} ${unit}`;
}

/** Signed percentage: "-58%", "+126%", "-4.8%". */
export function formatChange(percent: number): string {
  const rounded = Math.abs(percent) >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : '-'}${Math.abs(rounded)}%`;
}

/** Unsigned percentage for prose: "58%". */
export function formatPercent(percent: number): string {
  return formatChange(Math.abs(percent)).replace(/^\+/, '');
}

/** Percentage change from `base` to `value`; callers make sure `base` is not zero. */
export function percentChange(base: number, value: number): number {
  // Rounded to 9 places so 100 → 80 is exactly -20 and a 20 % threshold fires.
  return Math.round(((value - base) / Math.abs(base)) * 100 * 1e9) / 1e9;
}

/**
 * The unit a group of figures is shown in, one for all of them: a weight in kg is shown in tonnes
 * once any figure reaches 1,000 kg, so "950 kg" and "1.2 t" never sit side by side.
 */
export function displayUnit(unit: string, values: readonly (number | null)[]): string {
  if (unit !== 'kg') return unit;
  return values.some((value) => value !== null && Math.abs(value) >= 1000) ? 't' : 'kg';
}

/** An amount of `unit` shown in `shown` (from displayUnit): "1,238 t", "950 kg", "$2.9 M". */
export function formatAmountIn(value: number, unit: string, shown: string): string {
  if (unit === 'kg' && shown === 't') return `${compact(value / 1000)} t`;
  if (unit === 'kg') return `${grouped(0).format(value)} kg`;
  return formatAmount(value, unit);
}

/** A value of `unit` in the number `shown` counts (tonnes from kg), for tables and chart axes. */
export function scaleTo(value: number, unit: string, shown: string): number {
  return unit === 'kg' && shown === 't' ? value / 1000 : value;
}
