import { LOCAL_NAMES } from './local-names.js';
import { COUNTRY_ROWS } from './table.js';

export interface Country {
  /** ISO 3166-1 alpha-2, the canonical code stored with observations ("WORLD" for the world total). */
  code: string;
  iso3: string;
  /** UN M49 numeric code. */
  m49: number;
  /** The code UN Comtrade uses (differs from M49 for France, India, Norway, Switzerland, the US, Taiwan). */
  comtradeCode: number;
  name: string;
  aliases: readonly string[];
}

export const WORLD: Country = {
  code: 'WORLD',
  iso3: 'WLD',
  m49: 1,
  comtradeCode: 0,
  name: 'World',
  aliases: ['W00', 'all partners'],
};

export const COUNTRIES: readonly Country[] = [
  WORLD,
  ...COUNTRY_ROWS.map(([code, iso3, m49, comtrade, name, aliases]) => ({
    code,
    iso3,
    m49,
    comtradeCode: comtrade ?? m49,
    name,
    aliases,
  })),
];

/**
 * Lower case, no accents, no punctuation, single spaces: "Côte d’Ivoire" → "cote divoire". Only Latin
 * letters lose their marks: a Devanagari vowel sign or a kana's voicing mark is part of the word
 * (भारत, ドイツ); the Devanagari nukta, often left out when typing, is dropped. Full-width letters
 * typed with a CJK input method read as ordinary ones.
 */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .replace(/\u093c/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .replace(/^the /, '')
    .trim();
}

const byKey = new Map<string, Country>();
const byComtrade = new Map<number, Country>();
const byCode = new Map<string, Country>();

function index(key: string, country: Country): void {
  const normal = normaliseName(key);
  const existing = byKey.get(normal);
  // First writer wins: codes are indexed before names, so "US" is the United States, never a name clash.
  if (!existing) byKey.set(normal, country);
}

for (const country of COUNTRIES) {
  byCode.set(country.code, country);
  byComtrade.set(country.comtradeCode, country);
  index(country.code, country);
  index(country.iso3, country);
}
for (const country of COUNTRIES) {
  index(country.name, country);
  for (const alias of country.aliases) index(alias, country);
}
for (const [code, names] of Object.entries(LOCAL_NAMES)) {
  const country = byCode.get(code);
  if (!country) throw new Error(`local names for ${code}, which is not a country code`);
  for (const name of [...names.zh, ...names.hi, ...names.ja]) index(name, country);
}

/**
 * Finds a country from what a person or a file would write: ISO alpha-2 or alpha-3, an English name
 * or common alias (any case, accents optional), its name in Chinese, Hindi or Japanese (main trade
 * partners), a UN M49 number or a UN Comtrade code.
 */
export function resolveCountry(input: string): Country | undefined {
  const text = input.trim();
  if (/^\d{1,3}$/.test(text)) {
    const number = Number(text);
    if (number === 0) return WORLD;
    return COUNTRIES.find((country) => country.m49 === number) ?? byComtrade.get(number);
  }
  return byKey.get(normaliseName(text));
}

export function countryByCode(code: string): Country | undefined {
  return byCode.get(code);
}

export function countryByComtradeCode(code: number): Country | undefined {
  return byComtrade.get(code);
}

/** Every name and code people may type, for autocomplete and "did you mean" suggestions. */
export function countryNames(): string[] {
  return COUNTRIES.map((country) => country.name);
}
