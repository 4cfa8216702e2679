import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/capture.js';

describe('ree-watch slack manifest', () => {
  it('prints a manifest for HTTP mode with /ree, only the scopes used, and the request URL', async () => {
    const { code, stdout, stderr } = await runCli(
      ['slack', 'manifest', '--url', 'https://ree.example.org/'],
      {},
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const manifest = parse(stdout);
    expect(manifest.features.slash_commands).toEqual([
      {
        command: '/ree',
        url: 'https://ree.example.org/slack/events',
        description: expect.any(String),
        usage_hint: expect.stringContaining('help'),
        should_escape: false,
      },
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(['chat:write', 'commands', 'files:write']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });

  it('uses a placeholder request URL when none is given', async () => {
    const { stdout } = await runCli(['slack', 'manifest'], {});
    expect(parse(stdout).features.slash_commands[0].url).toBe('https://YOUR-PUBLIC-HOST/slack/events');
  });

  it('prints a Socket Mode manifest without any URL', async () => {
    const { code, stdout } = await runCli(['slack', 'manifest', '--socket-mode'], {});
    expect(code).toBe(0);
    const manifest = parse(stdout);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(stdout).not.toMatch(/https?:\/\//);
  });

  it('rejects a wrong subcommand or a non-https URL with one line and exit 2', async () => {
    const wrong = await runCli(['slack', 'manifesto'], {});
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'ree-watch: usage: ree-watch slack manifest [--url https://your-host] [--socket-mode]\n',
    );
    const insecure = await runCli(['slack', 'manifest', '--url', 'http://ree.example.org'], {});
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toMatch(/^ree-watch: --url must be the service's public https URL/);
  });
});
