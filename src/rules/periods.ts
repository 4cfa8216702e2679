const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function parse(period: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) throw new Error(`not a period (YYYY-MM): "${period}"`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** "2025-05" plus -1 month is "2025-04"; plus -12 is "2024-05". */
export function addMonths(period: string, months: number): string {
  const { year, month } = parse(period);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** Epoch ms of the first instant after the month (UTC): when the month's data could first exist. */
export function periodEnd(period: string): number {
  const { year, month } = parse(period);
  return Date.UTC(year, month, 1);
}

/** "2025-05" → "May 2025". */
export function formatPeriod(period: string): string {
  const { year, month } = parse(period);
  return `${MONTHS[month - 1] ?? period} ${year}`;
}

/** "2024-11" … "2025-04" → "November 2024 – April 2025". */
export function formatPeriodRange(first: string, last: string): string {
  return first === last ? formatPeriod(first) : `${formatPeriod(first)} – ${formatPeriod(last)}`;
}

/** Every calendar month from `first` to `last`, so a missing month shows as a gap, not a join. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let period = first; period <= last && months.length < 1_200; period = addMonths(period, 1))
    months.push(period);
  return months;
}
