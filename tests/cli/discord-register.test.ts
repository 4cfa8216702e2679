import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/capture.js';
import { IDS, TestDiscordServer } from '../helpers/test-discord-server.js';

let fake: TestDiscordServer;
beforeEach(async () => {
  fake = await TestDiscordServer.start();
});
afterEach(async () => {
  await fake.close();
});

const env = () => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: IDS.application,
  DISCORD_API_URL: fake.apiUrl,
});
const guildCommands = new RegExp(`^/applications/${IDS.application}/guilds/${IDS.guild}/commands$`);

describe('ree-watch discord register-commands', () => {
  it('bulk-overwrites the guild commands with /ree built from the registry, and prints what changed', async () => {
    const result = await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const puts = fake.requestsTo('PUT', guildCommands);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.authorization).toBe(`Bot ${fake.token}`);
    /*
     * REVIEW THIS SNAPSHOT BY HAND whenever it changes (never just run `vitest -u` and commit):
     * it is exactly what Discord will show users. Check that
     *  - there is one command, "ree", and one subcommand (type 1) per registry command, in /ree help order;
     *  - option types: 3 = text, 4 = integer; required options come first;
     *  - watchlist and country options say "autocomplete": true; short fixed lists use "choices";
     *  - every description reads well and fits in 100 characters (Discord cuts nothing; we truncate);
     *  - default_member_permissions is null: everyone can query; channel changes check Manage Channels
     *    when they run, so no subcommand may rely on Discord hiding it.
     * Today the registry has only `help`; the snapshot grows as issue 8's commands land.
     */
    await expect(`${JSON.stringify(puts[0]?.body, null, 2)}\n`).toMatchFileSnapshot(
      '__snapshots__/discord-ree-command.guild.json',
    );
    expect(result.stdout).toContain(
      `Registered 1 command in server ${IDS.guild} (guild commands change instantly).`,
    );
    expect(result.stdout).toContain('  + /ree added with subcommands: help');
    expect(result.stdout).toContain(
      `Invite link (if the bot is not in the server yet): https://discord.com/oauth2/authorize?client_id=${IDS.application}&scope=bot+applications.commands&permissions=19456`,
    );
  });

  it('says nothing changed when Discord already has the same commands', async () => {
    await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    const again = await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  = /ree unchanged');
    expect(again.stdout).toContain('No changes: Discord already had these commands.');
  });

  it('reports added, changed and removed subcommands and commands against what Discord returned', async () => {
    fake.commands.set(IDS.guild, [
      {
        id: '1',
        name: 'ree',
        type: 1,
        description: 'Rare-earth trade and export-licensing alerts',
        default_member_permissions: null,
        options: [
          { type: 1, name: 'help', description: 'Old help text' },
          { type: 1, name: 'legacy', description: 'Gone' },
        ],
      },
      { id: '2', name: 'old-bot-command', type: 1, description: 'x' },
    ]);
    const result = await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  ~ /ree changed',
        '      ~ subcommands changed: help',
        '      - subcommands removed: legacy',
        '  - /old-bot-command removed',
      ]),
    );
  });

  it('registers globally without a guild, limited to servers', async () => {
    const result = await runCli(['discord', 'register-commands'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Registered 1 command globally');
    const [put] = fake.requestsTo('PUT', new RegExp(`^/applications/${IDS.application}/commands$`));
    expect(put?.body).toMatchObject([{ name: 'ree', contexts: [0], integration_types: [0] }]);
  });

  it('uses DISCORD_GUILD_ID when no --guild is given', async () => {
    const result = await runCli(['discord', 'register-commands'], { ...env(), DISCORD_GUILD_ID: IDS.guild });
    expect(result.code).toBe(0);
    expect(fake.requestsTo('PUT', guildCommands)).toHaveLength(1);
  });

  it('explains a rejected token in one line, exit 2, without printing the token', async () => {
    fake.failNext({ path: guildCommands, status: 401 });
    const result = await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN: was rejected by Discord \(401/),
    ]);
    expect(result.stdout + result.stderr).not.toContain(fake.token);
    expect(fake.requestsTo('PUT', guildCommands)).toHaveLength(0);
  });

  it('says how to invite the bot when it is not in the guild', async () => {
    fake.failNext({ path: guildCommands, status: 403, code: 50001 });
    const result = await runCli(['discord', 'register-commands', '--guild', IDS.guild], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot register commands in server \d+: it is not in that server.*Invite it with https:\/\/discord\.com\/oauth2\/authorize\?/,
    );
  });

  it('needs Discord to be configured, and a valid guild id', async () => {
    const missing = await runCli(['discord', 'register-commands'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^DISCORD_TOKEN: is required to register commands/m);
    const badGuild = await runCli(['discord', 'register-commands', '--guild', 'general'], env());
    expect(badGuild.code).toBe(2);
    expect(badGuild.stderr).toContain('--guild "general" is not a Discord server id');
    const unknown = await runCli(['discord', 'manifest'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: ree-watch discord register-commands [--guild ID]');
  });
});
