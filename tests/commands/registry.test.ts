import { describe, expect, it } from 'vitest';
import { type ChannelAdmins, NO_ADMINS } from '../../src/commands/channel-access.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import { helpCommand } from '../../src/commands/help.js';
import { CommandRegistry } from '../../src/commands/registry.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { reply } from '../../src/render/reply.js';
import { replyToText } from '../../src/render/text.js';
import { testServices, textInvocation } from '../helpers/services.js';

function echo(name: string, extra: Partial<CommandDefinition> = {}): CommandDefinition {
  return {
    name,
    summary: `${name} things`,
    usage: `${name} <thing>`,
    examples: [{ command: name, args: { thing: 'x' } }],
    options: [
      { name: 'thing', description: 'what', type: 'string', positional: true },
      { name: 'days', description: 'how long', type: 'integer', positional: false },
    ],
    run: (args) =>
      reply(name, [`positional=${args.positional.join('|')}`, `flags=${JSON.stringify(args.flags)}`]),
    ...extra,
  };
}

const dispatchText = async (registry: CommandRegistry, text: string, overrides = {}) =>
  replyToText(await registry.dispatch(textInvocation(text, overrides), await testServices()));

describe('CommandRegistry', () => {
  it('refuses a second command with the same name or alias', async () => {
    const registry = new CommandRegistry().register(echo('notices', { aliases: ['news'] }));
    expect(() => registry.register(echo('Notices'))).toThrow(/"Notices" is already registered/);
    expect(() => registry.register(echo('other', { aliases: ['news'] }))).toThrow(
      /"news" is already registered/,
    );
  });

  it('answers an empty command with help, and help lists every command with its usage', async () => {
    const registry = new CommandRegistry().register(helpCommand).register(echo('notices'));
    const text = await dispatchText(registry, '');
    expect(text).toContain('/ree help [command] — What each command does');
    expect(text).toContain('/ree notices <thing> — notices things');
  });

  it('explains one command with its examples', async () => {
    const registry = new CommandRegistry().register(helpCommand).register(echo('notices'));
    const text = await dispatchText(registry, 'help notices');
    expect(text).toContain('/ree notices <thing>');
    expect(text).toContain('/ree notices x');
  });

  it('suggests the closest command for a typo and never throws', async () => {
    const registry = new CommandRegistry().register(helpCommand).register(echo('subscribe'));
    const text = await dispatchText(registry, 'subscirbe china-india-magnets');
    expect(text).toContain('"subscirbe" is not a ree-watch command.');
    expect(text).toContain('Did you mean: /ree subscribe?');
  });

  it('sends words that are not commands to the fallback (e.g. /ree india)', async () => {
    const registry = new CommandRegistry()
      .register(helpCommand)
      .register(echo('country'))
      .setFallback('country');
    expect(await dispatchText(registry, 'south korea --days 30')).toContain('positional=south|korea');
  });

  it('parses quotes and flags in free text', async () => {
    const registry = new CommandRegistry().register(echo('notices'));
    const text = await dispatchText(registry, 'notices "rare earth" --source mofcom --days=30');
    expect(text).toContain('positional=rare earth');
    expect(text).toContain('flags={"source":"mofcom","days":"30"}');
  });

  it('maps typed options (Discord) onto the same arguments as free text', async () => {
    const registry = new CommandRegistry().register(echo('notices'));
    const typed = await registry.dispatch(
      textInvocation('', { input: { command: 'notices', options: { thing: 'rare earth', days: 30 } } }),
      await testServices(),
    );
    const free = await registry.dispatch(
      textInvocation('notices "rare earth" --days 30'),
      await testServices(),
    );
    expect(typed.sections).toEqual([{ lines: ['positional=rare|earth', 'flags={"days":"30"}'] }]);
    expect(free.sections[0]?.lines[1]).toBe('flags={"days":"30"}');
  });

  it('decides who may change a channel per platform: Slack by its admin list, Discord by Manage Channels or an admin role', async () => {
    let ran = 0;
    const registry = new CommandRegistry().register(
      echo('subscribe', {
        changesChannel: true,
        run: () => {
          ran++;
          return reply('ok', []);
        },
      }),
    );
    const ask = async (invocation: Partial<CommandInvocation>, admins: Partial<ChannelAdmins> = {}) =>
      registry.dispatch(
        textInvocation('subscribe x', invocation),
        await testServices({ admins: { ...NO_ADMINS, ...admins } }),
      );
    const before = ran;
    // Slack with no admins: any member, in the channel the command is typed in (Slack sends no permission).
    expect((await ask({ platform: 'slack', userId: 'U2' })).visibility).toBe('in_channel');
    expect(ran).toBe(before + 1);
    const notAdmin = await ask({ platform: 'slack', userId: 'U2' }, { slackUserIds: ['U1'] });
    expect(replyToText(notAdmin)).toContain('Only the people listed as ree-watch admins for Slack');
    expect(ran).toBe(before + 1);
    await ask({ platform: 'slack', userId: 'U1' }, { slackUserIds: ['U1'] });
    expect(ran).toBe(before + 2);

    // Discord: the Slack admin list never locks a moderator out; Manage Channels is enough.
    await ask({ platform: 'discord', userId: '1', canManageChannel: true }, { slackUserIds: ['U1'] });
    expect(ran).toBe(before + 3);
    const noPermission = await ask({ platform: 'discord', canManageChannel: false });
    expect(replyToText(noPermission)).toContain('needs the Manage Channels permission');
    const roles = { discordRoleIds: ['111111111111111111'] };
    const otherRole = await ask({ platform: 'discord', canManageChannel: false, roleIds: ['2'] }, roles);
    expect(replyToText(otherRole)).toContain('Manage Channels permission or a ree-watch admin role');
    await ask({ platform: 'discord', canManageChannel: false, roleIds: ['111111111111111111'] }, roles);
    expect(ran).toBe(before + 4);
  });

  it('turns a failing handler into a friendly reply with a reference, not an exception', async () => {
    const registry = new CommandRegistry().register(
      echo('boom', {
        run: () => {
          throw new Error('database exploded');
        },
      }),
    );
    const answer = await registry.dispatch(textInvocation('boom'), await testServices());
    expect(answer.tone).toBe('error');
    expect(replyToText(answer)).toMatch(/could not finish "\/ree boom".*reference [0-9a-f]{8}/);
    expect(replyToText(answer)).not.toContain('database exploded');
  });
});
