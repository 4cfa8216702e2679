import { describe, expect, it } from 'vitest';
import { buildReeCommand, commandProblems } from '../../../adapters/discord/command-json.js';
import type { CommandDefinition, CommandOption } from '../../../src/commands/command.js';
import { createCommandRegistry } from '../../../src/commands/index.js';
import { reply } from '../../../src/render/reply.js';

const command = (
  name: string,
  options: CommandOption[],
  extra: Partial<CommandDefinition> = {},
): CommandDefinition => ({
  name,
  summary: `${name} summary`,
  usage: name,
  examples: [],
  options,
  run: () => reply(name, []),
  ...extra,
});

/** Shaped like the subcommands issue 8 adds, to show the builder handles every option kind. */
const planned = [
  command('country', [
    {
      name: 'country',
      description: 'A country name or code',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'country',
    },
    { name: 'months', description: 'How many months', type: 'integer', positional: false },
  ]),
  command('notices', [
    {
      name: 'source',
      description: 'Only this source',
      type: 'string',
      positional: false,
      autocomplete: 'source',
    },
    { name: 'query', description: 'Words to look for', type: 'string', positional: true },
  ]),
  command(
    'subscribe',
    [
      {
        name: 'watchlist',
        description: 'Watchlist id',
        type: 'string',
        required: true,
        positional: true,
        autocomplete: 'watchlist',
      },
    ],
    { changesChannel: true },
  ),
  command('mute', [
    { name: 'for', description: 'How long', type: 'string', positional: false, choices: ['1h', '1d', '7d'] },
    {
      name: 'watchlist',
      description: 'Watchlist id',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
  ]),
  command('pick', [
    {
      name: 'code',
      description: 'One of many codes',
      type: 'string',
      choices: Array.from({ length: 30 }, (_, index) => `c${index}`),
    },
  ]),
];

describe('buildReeCommand', () => {
  it('mirrors the registry: one subcommand per command, typed options, autocomplete where declared', () => {
    const json = buildReeCommand(planned, 'guild');
    expect(json).toMatchObject({ name: 'ree', type: 1, default_member_permissions: null });
    expect(json).not.toHaveProperty('contexts');
    expect(json.options?.map((option) => [option.type, option.name])).toEqual([
      [1, 'country'],
      [1, 'notices'],
      [1, 'subscribe'],
      [1, 'mute'],
      [1, 'pick'],
    ]);
    expect(json.options?.[0]).toEqual({
      type: 1,
      name: 'country',
      description: 'country summary',
      options: [
        {
          type: 3,
          name: 'country',
          description: 'A country name or code',
          required: true,
          autocomplete: true,
        },
        { type: 4, name: 'months', description: 'How many months' },
      ],
    });
  });

  it('puts required options first, as Discord demands, without changing how they are read', () => {
    const mute = buildReeCommand(planned, 'guild').options?.[3] as {
      options: { name: string; required?: boolean }[];
    };
    expect(mute.options.map((option) => option.name)).toEqual(['watchlist', 'for']);
  });

  it('lists up to 25 choices, and offers longer lists through autocomplete', () => {
    const options = buildReeCommand(planned, 'guild').options as unknown as {
      options: Record<string, unknown>[];
    }[];
    expect(options[3]?.options[1]).toMatchObject({
      choices: [
        { name: '1h', value: '1h' },
        { name: '1d', value: '1d' },
        { name: '7d', value: '7d' },
      ],
    });
    expect(options[4]?.options[0]).toMatchObject({ autocomplete: true });
    expect(options[4]?.options[0]).not.toHaveProperty('choices');
  });

  it('limits a global command to servers (no DMs), where channels can subscribe', () => {
    expect(buildReeCommand(planned, 'global')).toMatchObject({ contexts: [0], integration_types: [0] });
  });

  it('explains what Discord would refuse instead of registering it', () => {
    expect(commandProblems([command('Subscribe', []), command('a b', [])])).toEqual([
      'subcommand name "Subscribe" is not a valid Discord name',
      'subcommand name "a b" is not a valid Discord name',
    ]);
    const many = Array.from({ length: 26 }, (_, index) => command(`c${index}`, []));
    expect(() => buildReeCommand(many, 'guild')).toThrow(/26 subcommands \(Discord allows 25\)/);
  });

  it('builds from the real registry without a problem', () => {
    expect(commandProblems(createCommandRegistry().list())).toEqual([]);
  });
});
