import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { compactJson } from './compact-json.js';
import { typedCommandFor } from './discord-options.js';
import { FakeDiscordServer, IDS, PERMISSIONS, type RecordedRequest } from './fakes/fake-discord-server.js';
import { readCommands } from './read-commands.js';
import type { DemoTarget, TargetDeps } from './target.js';

const json = (value: unknown) => compactJson(value);

function describe(request: RecordedRequest): string {
  const files = request.files.map((file) => `${file.name} (${file.size} bytes)`).join(', ');
  const multipart = files ? ` (multipart: payload_json below, files: ${files})` : '';
  const body = request.body === undefined ? '(no body)' : json(request.body);
  return `── Discord REST: ${request.method} /api/v10${request.path}${multipart} ──\n${body}\n`;
}

/**
 * Discord, on loopback: the real Discord adapter (discord.js: gateway session for interactions,
 * REST for alerts) against the fake Discord the tests use. Typed commands become interactions with
 * typed options, as Discord's client sends them; every REST call the bot made is printed.
 */
export class DiscordTarget implements DemoTarget {
  readonly platform = 'discord' as const;
  readonly channel = IDS.channel;
  readonly channelLabel = `Discord channel ${IDS.channel}`;
  private printed = 0;

  private constructor(private readonly fake: FakeDiscordServer) {}

  static async start(): Promise<DiscordTarget> {
    return new DiscordTarget(await FakeDiscordServer.start());
  }

  get env(): Record<string, string> {
    return {
      DISCORD_TOKEN: this.fake.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: this.fake.apiUrl,
    };
  }

  async createAdapter(deps: TargetDeps): Promise<ChatAdapter> {
    if (!deps.config.discord) throw new Error('the demo did not configure Discord');
    const { DiscordAdapter } = await import('../../adapters/discord/discord-adapter.js');
    return new DiscordAdapter({
      config: deps.config.discord,
      logger: deps.logger,
      metrics: deps.metrics,
      onCommand: deps.onCommand,
      definition: deps.definition,
      watchlists: deps.watchlists,
      connectGateway: true,
    });
  }

  printDelivered(out: Writable): void {
    const posts = this.fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    for (const request of posts.slice(this.printed)) out.write(describe(request));
    this.printed = posts.length;
  }

  answerCommands(input: Readable, out: Writable, deps: TargetDeps): Promise<void> {
    return readCommands(input, out, async (text) => {
      const typed = typedCommandFor(text, deps.definition);
      if ('unknown' in typed) throw new Error(`no command "${typed.unknown}"`);
      const { subcommand, options } = typed.command;
      const shown = Object.entries(options)
        .map(([name, value]) => `${name}:${value}`)
        .join(' ');
      out.write(`(Discord: /ree ${subcommand}${shown ? ` ${shown}` : ''})\n`);
      if (typed.ignored.length > 0)
        out.write(`(Discord has no ${typed.ignored.join(', ')} option for /ree ${subcommand}; left out)\n`);
      const before = this.fake.requests.length;
      const { id, token } = this.fake.sendInteraction({
        subcommand,
        options,
        permissions: PERMISSIONS.moderator,
        username: 'demo',
      });
      const ours = (request: RecordedRequest) =>
        request.path.startsWith(`/interactions/${id}/`) || request.path.includes(token);
      // Done once the reply is there: the callback with a message, or the edit of a deferred one.
      await this.fake.waitForRequest(
        (request) =>
          ours(request) &&
          ((request.body as { type?: number } | undefined)?.type === 4 || request.method === 'PATCH'),
      );
      // A long reply continues in follow-up messages; wait until no more come.
      let seen = this.fake.requests.length;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        if (this.fake.requests.length === seen) break;
        seen = this.fake.requests.length;
      }
      for (const request of this.fake.requests.slice(before).filter(ours))
        out.write(`${describe(request)}\n`);
    });
  }

  async close(): Promise<void> {
    await this.fake.close();
  }
}
