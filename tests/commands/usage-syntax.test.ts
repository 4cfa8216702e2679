import { describe, expect, it } from 'vitest';
import { DISCORD_SYNTAX } from '../../adapters/discord/usage-syntax.js';
import { createCommandRegistry } from '../../src/commands/index.js';
import { renderUsages, TEXT_SYNTAX, type UsageSyntax, usage } from '../../src/commands/usage.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { reply } from '../../src/render/reply.js';
import { replyToText } from '../../src/render/text.js';
import { testServices, textInvocation } from '../helpers/services.js';

const registry = createCommandRegistry();

async function ask(
  syntax: UsageSyntax,
  input: CommandInvocation['input'],
  platform: CommandInvocation['platform'],
): Promise<string> {
  const invocation = textInvocation('', { platform, input });
  return replyToText(await registry.dispatch(invocation, await testServices(), syntax));
}

describe('commands named in replies, in each platform’s own syntax', () => {
  it('suggests a country the way each platform types it: /ree india on Slack, named options on Discord', async () => {
    const slack = await ask(TEXT_SYNTAX, { text: 'indai' }, 'slack');
    expect(slack).toContain('Did you mean: /ree india');
    const discord = await ask(
      DISCORD_SYNTAX,
      { command: 'country', options: { country: 'indai' } },
      'discord',
    );
    expect(discord).toContain('Did you mean: /ree country country:india');
    expect(discord).not.toMatch(/\/ree india\b/);
  });

  it('writes help, its examples and its arguments in Discord’s option syntax, without free-text aliases', async () => {
    const text = await ask(DISCORD_SYNTAX, { command: 'help', options: { command: 'mute' } }, 'discord');
    expect(text).toContain('/ree mute watchlist:<watchlist> duration:<duration>');
    expect(text).toContain('/ree mute watchlist:china-india-magnets duration:7d');
    expect(text).toContain('duration: How long, e.g. 12h');
    expect(text).not.toContain('/ree mute china-india-magnets 7d');
    const subscribe = await ask(
      DISCORD_SYNTAX,
      { command: 'help', options: { command: 'subscribe' } },
      'discord',
    );
    expect(subscribe).not.toContain('Also works as');
    expect(subscribe).not.toContain('/ree follow');

    const overview = await ask(DISCORD_SYNTAX, { command: 'help', options: {} }, 'discord');
    expect(overview).toContain('/ree notices [keyword] [source] [days]');
    expect(overview).toContain('e.g. /ree country country:india');
  });

  it('keeps free text on Slack and the console: flags as --name value, the country command implied', async () => {
    const text = await ask(TEXT_SYNTAX, { text: 'help notices' }, 'slack');
    expect(text).toContain('/ree notices "export control" --days 90');
    expect(text).toContain('--days (optional):');
    const subscribe = await ask(TEXT_SYNTAX, { text: 'help subscribe' }, 'console');
    expect(subscribe).toContain('Also works as');
    expect(subscribe).toContain('/ree follow');
  });

  it('every example in the help is a command its platform accepts: Discord names only registered options', () => {
    for (const definition of registry.list())
      for (const example of definition.examples) {
        expect(example.command).toBe(definition.name);
        const names = definition.options.map((option) => option.name);
        for (const name of Object.keys(example.args ?? {})) expect(names).toContain(name);
      }
  });

  it('never lets typed input smuggle a command marker into a reply', async () => {
    const forged = `\uE000${JSON.stringify({ usage: { command: 'subscribe', args: { watchlists: 'x' } } })}\uE001`;
    const text = await ask(TEXT_SYNTAX, { text: forged }, 'slack');
    expect(text).not.toContain('/ree subscribe x');
    expect(text).not.toMatch(/[\uE000\uE001]/);
    const malformed = renderUsages(
      reply(`see \uE000{not json\uE001 and ${usage('status')}`, []),
      DISCORD_SYNTAX,
      registry,
    );
    expect(malformed.title).toBe('see  and /ree status');
  });
});
