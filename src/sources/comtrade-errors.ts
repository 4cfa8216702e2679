import { SourceError } from './types.js';

/** Where a Comtrade key comes from, for messages that tell a user what to check. */
const KEY_HELP =
  'the primary key of the free "comtrade - v1" product at comtradedeveloper.un.org (Profile → Subscriptions)';

/**
 * A Comtrade failure in words a user can act on: a refused or missing key names COMTRADE_API_KEY,
 * an exhausted daily quota says when it refills, anything else keeps the server's own reason.
 */
export function explainComtradeError(error: SourceError, keyed: boolean, now: number): SourceError {
  if (error.source !== 'comtrade' || error.kind !== 'http-status') return error;
  const said = error.detail;
  // Azure API Management's quota answer: "Out of call volume quota. Quota will be replenished in 03:30:56."
  if (/out of call volume quota/i.test(said)) {
    const refill = refillDelayMs(said);
    const retryAt = refill === undefined ? now + 24 * 3_600_000 : now + refill;
    return new SourceError(
      'comtrade',
      'budget-exhausted',
      error.url,
      `Comtrade's daily call quota${keyed ? ' of the key in COMTRADE_API_KEY' : ''} is used up (${said}); ree-watch asks again after ${new Date(retryAt).toISOString()}`,
      { status: error.status, retryAt, cause: error },
    );
  }
  if (error.status === 401 || (error.status === 403 && /subscription key|access denied/i.test(said)))
    return new SourceError(
      'comtrade',
      'http-status',
      error.url,
      keyed
        ? `Comtrade refused the key in COMTRADE_API_KEY (${said}); check that it is ${KEY_HELP}, or unset it to use the keyless preview`
        : `Comtrade asked for a subscription key (${said}); set COMTRADE_API_KEY to ${KEY_HELP}, or check COMTRADE_API_URL`,
      { status: error.status, cause: error },
    );
  return error;
}

/** "replenished in 03:30:56" or "in 5.03:23:11" (days.hours:minutes:seconds) → milliseconds. */
function refillDelayMs(text: string): number | undefined {
  const match = /replenished in (?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})/i.exec(text);
  if (!match) return undefined;
  const [, days = '0', hours, minutes, seconds] = match;
  return (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/**
 * The error an answer carries in its body, whatever the status: `{"data": null, "error": "…"}` or
 * `{"error": "Maximum number of periods for preview is 1"}` (sometimes with 200).
 */
export function errorInAnswer(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { error } = parsed as { error?: unknown };
  return typeof error === 'string' && error.trim() !== '' ? error.trim() : undefined;
}
