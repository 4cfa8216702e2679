import { CONFIG_KEYS, type Env } from './config.js';
import { editDistance, suggest } from './text/suggest.js';

const KNOWN = Object.keys(CONFIG_KEYS);

/** The first word of every key that has more than one (SLACK, DISCORD, COMTRADE, DATABASE …). */
const PREFIXES = [
  ...new Set(KNOWN.filter((key) => key.includes('_')).map((key) => key.split('_')[0] as string)),
];

/**
 * Whether an environment key looks meant for ree-watch: its first word is one of ours, or one typing
 * slip away from one of four letters or more (SLAK_, DISCROD_). Other software's keys (PATH, HOME,
 * NODE_ENV) never are, so they are never warned about.
 */
function looksOurs(key: string): boolean {
  const prefix = key.split('_')[0] as string;
  if (!key.includes('_') || prefix.length < 3) return false;
  return PREFIXES.some(
    (known) => known === prefix || (known.length >= 4 && editDistance(prefix, known, 1) <= 1),
  );
}

/** Keys the typed one abbreviates word by word (DISCORD_APP_ID → DISCORD_APPLICATION_ID), else the closest spelt. */
function meant(key: string): string[] {
  const words = key.split('_');
  const abbreviated = KNOWN.filter((known) => {
    const full = known.split('_');
    return full.length === words.length && full.every((word, index) => word.startsWith(words[index] ?? ''));
  });
  return abbreviated.length > 0 ? abbreviated : suggest(key, KNOWN);
}

/**
 * One warning per environment key that looks like one of ree-watch's settings but is none, so a typo
 * (SLAK_BOT_TOKEN) is not silently ignored; with the keys it probably meant. Values are never shown.
 */
export function unknownKeyWarnings(env: Env): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(env).sort()) {
    const upper = key.toUpperCase();
    if (key in CONFIG_KEYS || !looksOurs(upper)) continue;
    const close = meant(upper);
    warnings.push(
      `${key}: not a setting ree-watch reads, so it is ignored` +
        (close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''),
    );
  }
  return warnings;
}
