import type { CommandOption } from '../../src/commands/command.js';
import { countryByCode, countryNames, normaliseName, resolveCountry } from '../../src/countries/index.js';
import { DISCORD_LIMITS } from '../../src/model/platform-limits.js';
import { NOTICE_SOURCES, TRADE_SOURCES, type Watchlist } from '../../src/model/watchlist.js';
import { truncateText } from '../../src/render/text-limits.js';

export interface Choice {
  name: string;
  value: string;
}

/**
 * Suggestions while someone types an option: watchlist ids, country names, source names, or the
 * option's own choices. Best matches first: whole-word prefix, then anywhere in the text.
 */
export function completeOption(
  option: CommandOption,
  typed: string,
  watchlists: readonly Watchlist[],
): Choice[] {
  const query = normaliseName(typed);
  let choices: Choice[];
  if (option.choices && option.choices.length > 0) {
    choices = rank(option.choices, query, (choice) => choice).map((choice) => ({
      name: choice,
      value: choice,
    }));
  } else if (option.autocomplete === 'watchlist') {
    choices = completeWatchlists(typed, watchlists);
  } else if (option.autocomplete === 'country') {
    choices = completeCountry(typed, query, watchlists).map((name) => ({ name, value: name }));
  } else if (option.autocomplete === 'source') {
    const sources = [
      ...new Set([...watchlists.map((list) => list.source), ...TRADE_SOURCES, ...NOTICE_SOURCES]),
    ];
    choices = rank(sources, query, (source) => source).map((source) => ({ name: source, value: source }));
  } else {
    choices = [];
  }
  return choices.slice(0, DISCORD_LIMITS.autocompleteChoices).map((choice) => ({
    name: truncateText(choice.name, DISCORD_LIMITS.choiceName),
    value: choice.value.slice(0, DISCORD_LIMITS.choiceValue),
  }));
}

/**
 * Options may take several ids separated by spaces ("china-india-magnets china-us"): the last word is
 * completed and the ones before it are kept, so picking a suggestion never loses what was typed.
 */
function completeWatchlists(typed: string, watchlists: readonly Watchlist[]): Choice[] {
  const words = typed.trim().split(/\s+/).filter(Boolean);
  const last = typed.endsWith(' ') ? '' : (words.pop() ?? '');
  const chosen = new Set(words);
  const before = words.length > 0 ? `${words.join(' ')} ` : '';
  const candidates = watchlists.filter((list) => !chosen.has(list.id));
  return rank(candidates, normaliseName(last), (list) => `${list.id} ${list.title}`)
    .filter((list) => (before + list.id).length <= DISCORD_LIMITS.choiceValue)
    .map((list) => ({ name: `${before}${list.id} — ${list.title}`, value: before + list.id }));
}

function completeCountry(typed: string, query: string, watchlists: readonly Watchlist[]): string[] {
  // Countries the watchlists are about come first when nothing is typed yet.
  const watched = watchlists.flatMap((list) =>
    'partner' in list ? [list.partner, list.reporter].map((code) => countryByCode(code)?.name ?? '') : [],
  );
  const names = [...new Set([...watched.filter(Boolean), ...countryNames()])];
  const ranked = rank(names, query, (name) => name);
  // Codes and aliases ("IN", "UAE", "356") resolve to one country: offer it first.
  const exact = typed.trim() ? resolveCountry(typed)?.name : undefined;
  return exact ? [exact, ...ranked.filter((name) => name !== exact)] : ranked;
}

/** Items whose text starts with the query, then with a word starting with it, then containing it. */
function rank<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (query === '') return [...items];
  const tiers: T[][] = [[], [], []];
  for (const item of items) {
    const haystack = normaliseName(text(item));
    if (haystack.startsWith(query)) tiers[0]?.push(item);
    else if (haystack.includes(` ${query}`)) tiers[1]?.push(item);
    else if (haystack.includes(query)) tiers[2]?.push(item);
  }
  return tiers.flat();
}

/**
 * The choices to show for the option being typed in `/ree <subcommand>`: integers for an integer
 * option (Discord refuses a string there), strings otherwise.
 */
export function autocompleteChoices(
  subcommand: string,
  focused: { name: string; value: unknown },
  context: {
    definition(name: string): { options: readonly CommandOption[] } | undefined;
    watchlists: readonly Watchlist[];
  },
): { name: string; value: string | number }[] {
  const option = context.definition(subcommand)?.options.find((spec) => spec.name === focused.name);
  const choices = option ? completeOption(option, String(focused.value ?? ''), context.watchlists) : [];
  return option?.type === 'integer'
    ? choices
        .filter((choice) => Number.isInteger(Number(choice.value)))
        .map((choice) => ({ ...choice, value: Number(choice.value) }))
    : choices;
}
