import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../helpers/service-process.js';

const running: ServiceProcess[] = [];
afterEach(() => {
  for (const demo of running.splice(0)) demo.kill('SIGKILL');
});

/** Every JSON payload printed under a `── <title> ──` line whose title matches, parsed. */
function payloads(output: string, title: RegExp): unknown[] {
  const found: unknown[] = [];
  const lines = output.split('\n');
  lines.forEach((line, index) => {
    if (!line.startsWith('── ') || !title.test(line)) return;
    const end = lines.findIndex((candidate, at) => at > index && candidate === '}');
    found.push(JSON.parse(lines.slice(index + 1, end + 1).join('\n')));
  });
  return found;
}

async function runDemo(flag: string, stdin: string) {
  const demo = ServiceProcess.spawn(['demo', flag], { LOG_LEVEL: 'warn' });
  running.push(demo);
  demo.child.stdin.end(stdin);
  const { code } = await demo.exited;
  expect(code, demo.stderr).toBe(0);
  // Nothing queued is left behind when the demo clock jumps (no "gave up on a message" warning).
  expect(demo.stderr).toBe('');
  return demo.stdout;
}

interface SlackMessage {
  channel: string;
  text: string;
  response_type?: string;
  blocks: { type: string; text?: { text: string } }[];
}

describe('ree-watch demo --slack / --discord (real adapters against the loopback fakes)', () => {
  it('--slack prints each chat.postMessage and the /ree answer exactly as Slack received them', {
    timeout: 60_000,
  }, async () => {
    const out = await runDemo('--slack', '/ree india\n/ree chart china-india-magnets\n');

    const posts = payloads(out, /POST \/api\/chat\.postMessage/) as SlackMessage[];
    expect(posts).toHaveLength(7);
    expect(posts.every((post) => post.channel === 'C0REEDEMO')).toBe(true);
    const april = posts[1];
    expect(april?.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Rare-earth watch: 4 series fell', emoji: false },
    });
    expect(april?.blocks.map((block) => block.text?.text ?? '')).toContain(
      "▼ China → India rare-earth magnet exports fell to 198 t in April 2025, -52% on March's 412 t\n-52% m/m (412 t) ▼ · -46% y/y (365 t) ▼ · -53% vs 6-month average (420 t) ▼",
    );
    // April's drop alerts are followed by their charts, through Slack's external upload flow.
    const shared = payloads(out, /POST \/api\/files\.completeUploadExternal/) as {
      channel_id: string;
      files: { id: string; title: string }[];
    }[];
    expect(shared.length).toBeGreaterThanOrEqual(7);
    expect(shared[0]).toMatchObject({
      channel_id: 'C0REEDEMO',
      files: [{ id: 'F0CHART001', title: 'China → India rare-earth magnet exports, 2023-05 to 2025-04' }],
    });
    expect(out).toMatch(/── Slack: POST to the upload_url it returned: the file's \d+ bytes/);
    const [answer, chartAnswer] = payloads(out, /response_url/) as SlackMessage[];
    expect(answer?.response_type).toBe('ephemeral');
    expect(answer?.text).toBe('India (IN): rare-earth trade and notices');
    expect(answer?.blocks[0]?.type).toBe('header');
    // /ree chart shares its PNG in the channel: the upload is printed before the answer that says so.
    const commands = out.slice(out.indexOf('End with Ctrl-D.'));
    const chartCommand = commands.slice(commands.indexOf('/api/files.getUploadURLExternal'));
    expect(chartCommand).toMatch(/── Slack: POST to the upload_url it returned: the file's \d+ bytes/);
    const [completed] = payloads(chartCommand, /POST \/api\/files\.completeUploadExternal/) as {
      files: { title: string }[];
    }[];
    expect(completed?.files[0]?.title).toMatch(/^China → India rare-earth magnet exports, /);
    expect(chartCommand.indexOf('completeUploadExternal')).toBeLessThan(chartCommand.indexOf('response_url'));
    expect(chartAnswer?.text).toBe('Chart of china-india-magnets, 2023-10 to 2025-09');
  });

  it('--discord prints each channel message and the interaction answer, typed options and all', {
    timeout: 60_000,
  }, async () => {
    const out = await runDemo('--discord', '/ree notices "rare earth" --days 90\n');

    const messages = payloads(out, /POST \/api\/v10\/channels\/\d+\/messages/) as {
      embeds: { title: string; url?: string; author?: { name: string }; description?: string }[];
      allowed_mentions: unknown;
    }[];
    // Seven digests, each one message, then the charts of the series that fell.
    const digests = messages.filter((message) => message.embeds[0]?.author);
    expect(digests).toHaveLength(7);
    const april = digests.find(
      (message) => message.embeds[0]?.author?.name === 'Rare-earth watch: 4 series fell',
    );
    expect(april?.embeds[0]?.title).toContain(
      'China → India rare-earth magnet exports fell to 198 t in April 2025',
    );
    // Discord shows only the first of several embeds sharing a URL: every embed links its own, or none.
    for (const message of messages) {
      const urls = message.embeds.flatMap((embed) => (embed.url ? [embed.url] : []));
      expect(new Set(urls).size).toBe(urls.length);
    }
    expect(messages.every((message) => JSON.stringify(message.allowed_mentions) === '{"parse":[]}')).toBe(
      true,
    );
    // Drop alerts are followed by their charts, a message of their own with the PNG attached.
    expect(out).toMatch(
      /\(multipart: payload_json below, files: china-india-magnets-24m\.png \(\d+ bytes\)\)/,
    );
    expect(out).toContain('(Discord: /ree notices keyword:rare earth days:90)');
    const [answer] = payloads(out, /\/interactions\/\d+\/[^/]+\/callback/) as {
      type: number;
      data: { embeds: { title: string; description: string }[] };
    }[];
    expect(answer?.type).toBe(4);
    expect(answer?.data.embeds[0]?.title).toBe('Notices mentioning "rare earth" in the last 90 days');
    expect(answer?.data.embeds[0]?.description).toContain('rare earth magnet exports dip 6.1% in September');
  });
});
