const grouped = (digits: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const whole = grouped(0);
const one = grouped(1);
const two = grouped(2);

/** Three significant figures at most, so "$12.3 M" and "1,238 t" read at a glance. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return whole.format(value);
  if (abs >= 10) return one.format(value);
  return two.format(value);
}

/** An amount in its unit: USD in $, k, M, bn; kilograms as kg or tonnes; anything else as is. */
export function formatAmount(value: number, unit: string): string {
  if (unit === 'USD') {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `$${compact(value / 1e9)} bn`;
    if (abs >= 1e6) return `$${compact(value / 1e6)} M`;
    if (abs >= 1e4) return `$${compact(value / 1e3)} k`;
    return `$${whole.format(value)}`;
  }
  if (unit === 'kg') {
    if (Math.abs(value) >= 1000) return `${compact(value / 1000)} t`;
    return `${whole.format(value)} kg`;
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
