import { formatDuration } from '../duration.js';

/** "2025-07-08 14:05 UTC": one unambiguous time zone for every reader in a channel. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2025-07-08". */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "2h 5m ago", "just now", or "in 3d 4h" for a time still to come. */
export function relativeTime(ms: number, now: number): string {
  const delta = now - ms;
  if (Math.abs(delta) < 60_000) return 'just now';
  return delta > 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}
