import { PermissionFlagsBits, type REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import { buildReeCommand } from './command-json.js';

/** What the bot needs in a channel to post alerts; replies to commands need no permission. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** The link a server admin opens to add the bot with the scopes and permissions it needs. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString().replace(/%20|\+/g, '+')}`;
}

export interface CommandChange {
  name: string;
  change: 'added' | 'changed' | 'removed' | 'unchanged';
  /** For a changed command: which top-level settings differ, and which subcommands. */
  settings: string[];
  subcommands: { added: string[]; changed: string[]; removed: string[] };
}

export interface Registration {
  scope: 'guild' | 'global';
  guildId?: string;
  body: unknown[];
  changes: CommandChange[];
}

type Json = Record<string, unknown>;

/**
 * Bulk-overwrites the application's commands (PUT replaces every command in the scope) and reports
 * the difference from what Discord had before. Guild commands change instantly; global ones reach
 * every server the app is in.
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  definitions: readonly CommandDefinition[],
  guildId: string | undefined,
): Promise<Registration> {
  const scope = guildId ? 'guild' : 'global';
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const body = [buildReeCommand(definitions, scope)] as unknown as Json[];
  const before = asCommands(await rest.get(route));
  await rest.put(route, { body });
  return { scope, guildId, body, changes: diffCommands(before, body) };
}

function asCommands(value: unknown): Json[] {
  return Array.isArray(value)
    ? value.filter((item): item is Json => typeof item === 'object' && item !== null)
    : [];
}

/** Added, changed and removed commands (and their subcommands), ignoring fields Discord fills in itself. */
export function diffCommands(before: readonly Json[], after: readonly Json[]): CommandChange[] {
  const old = new Map(before.map((command) => [String(command.name), command]));
  const changes: CommandChange[] = [];
  for (const command of after) {
    const name = String(command.name);
    const previous = old.get(name);
    old.delete(name);
    if (!previous) {
      changes.push({
        name,
        change: 'added',
        settings: [],
        subcommands: { added: subcommandNames(command), changed: [], removed: [] },
      });
      continue;
    }
    const settings = Object.keys(command).filter(
      (key) => key !== 'options' && !sameJson(command[key], previous[key]),
    );
    const subcommands = diffSubcommands(previous, command);
    const changed =
      settings.length > 0 ||
      subcommands.added.length + subcommands.changed.length + subcommands.removed.length > 0 ||
      !sameJson(command.options, previous.options);
    changes.push({ name, change: changed ? 'changed' : 'unchanged', settings, subcommands });
  }
  for (const name of old.keys())
    changes.push({
      name,
      change: 'removed',
      settings: [],
      subcommands: { added: [], changed: [], removed: [] },
    });
  return changes;
}

function diffSubcommands(before: Json, after: Json): CommandChange['subcommands'] {
  const old = new Map(subcommands(before).map((option) => [String(option.name), option]));
  const result: CommandChange['subcommands'] = { added: [], changed: [], removed: [] };
  for (const option of subcommands(after)) {
    const name = String(option.name);
    const previous = old.get(name);
    old.delete(name);
    if (!previous) result.added.push(name);
    else if (!sameJson(option, previous)) result.changed.push(name);
  }
  result.removed.push(...old.keys());
  return result;
}

const SUBCOMMAND = 1;
const subcommands = (command: Json): Json[] =>
  asCommands(command.options).filter((option) => option.type === SUBCOMMAND);
const subcommandNames = (command: Json) => subcommands(command).map((option) => String(option.name));

const sameJson = (a: unknown, b: unknown) => stableJson(normalise(a)) === stableJson(normalise(b));

/** Discord omits or nulls defaults (`required: false`, empty localisations) that a body may spell out. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalise);
  if (value === null || value === false) return undefined;
  if (typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const normalised = normalise(item);
    if (normalised !== undefined) out[key] = normalised;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Json)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}
