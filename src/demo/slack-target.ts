import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { signSlackRequest } from '../../adapters/slack/signature.js';
import { HttpServer } from '../http/server.js';
import { compactJson } from './compact-json.js';
import { FakeSlackServer } from './fakes/fake-slack-server.js';
import { readCommands } from './read-commands.js';
import type { DemoTarget, TargetDeps } from './target.js';

const CHANNEL = 'C0REEDEMO';
const BOT_TOKEN = 'xoxb-fake-bot-token';
// Not a secret: it signs requests between two loopback servers of this process.
const SIGNING_SECRET = 'ree-watch-demo-signing-secret';

const json = (value: unknown) => compactJson(value);

/**
 * Slack, on loopback: the real Slack adapter (Bolt, Web API client, signed slash commands over
 * HTTP) against the fake Slack the tests use. Prints every chat.postMessage, chart upload and
 * response_url body exactly as Slack would have received it.
 */
export class SlackTarget implements DemoTarget {
  readonly platform = 'slack' as const;
  readonly channel = CHANNEL;
  readonly channelLabel = `Slack channel ${CHANNEL}`;
  private printedCalls = 0;
  private printedUploads = 0;
  private eventsUrl = '';
  /** The service's HTTP server, for /slack/events (slash commands in HTTP mode). */
  private http: HttpServer | undefined;

  private constructor(private readonly fake: FakeSlackServer) {}

  static async start(): Promise<SlackTarget> {
    return new SlackTarget(await FakeSlackServer.start({ botToken: BOT_TOKEN, teamId: 'T0REEDEMO' }));
  }

  get env(): Record<string, string> {
    return {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.fake.apiUrl,
    };
  }

  async createAdapter(deps: TargetDeps): Promise<ChatAdapter> {
    if (!deps.config.slack) throw new Error('the demo did not configure Slack');
    const { SlackAdapter } = await import('../../adapters/slack/slack-adapter.js');
    this.http = new HttpServer(deps.logger);
    const adapter = new SlackAdapter({
      config: deps.config.slack,
      logger: deps.logger,
      clock: deps.clock,
      onCommand: deps.onCommand,
      commands: { http: this.http },
    });
    const port = await this.http.listen(0, '127.0.0.1');
    this.http.ready();
    this.eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    return adapter;
  }

  printDelivered(out: Writable): void {
    // In the order Slack received them: messages, and each chart's three-step external upload.
    for (const call of this.fake.calls.slice(this.printedCalls)) {
      if (call.method === 'chat.postMessage') {
        const blocks = call.form.blocks ? { blocks: JSON.parse(call.form.blocks) as unknown } : {};
        out.write(
          `── Slack Web API: POST /api/chat.postMessage (form fields; blocks as JSON) ──\n${json({ ...call.form, ...blocks })}\n`,
        );
      } else if (call.method === 'files.getUploadURLExternal') {
        out.write(
          `── Slack Web API: POST /api/files.getUploadURLExternal (form fields) ──\n${json(call.form)}\n`,
        );
        const upload = this.fake.uploads[this.printedUploads++];
        if (upload?.bytes)
          out.write(
            `── Slack: POST to the upload_url it returned: the file's ${upload.bytes.length} bytes (${upload.contentType ?? 'no content type'}) ──\n`,
          );
      } else if (call.method === 'files.completeUploadExternal') {
        const files = call.form.files ? { files: JSON.parse(call.form.files) as unknown } : {};
        out.write(
          `── Slack Web API: POST /api/files.completeUploadExternal (form fields; files as JSON) ──\n${json({ ...call.form, ...files })}\n`,
        );
      }
    }
    this.printedCalls = this.fake.calls.length;
  }

  answerCommands(input: Readable, out: Writable, deps: TargetDeps): Promise<void> {
    return readCommands(input, out, async (text) => {
      const before = this.fake.responses.length;
      const fields = this.fake.slashCommand(text, {
        channel_id: CHANNEL,
        channel_name: 'rare-earths',
        user_id: 'U0DEMO',
        user_name: 'demo',
      });
      const body = new URLSearchParams(fields).toString();
      const timestamp = String(Math.floor(deps.clock.now() / 1000));
      const response = await fetch(this.eventsUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signSlackRequest(body, timestamp, SIGNING_SECRET),
        },
        body,
      });
      if (!response.ok) throw new Error(`the Slack adapter answered HTTP ${response.status}`);
      await this.fake.waitFor(() => this.fake.responses.length > before, `the answer to /ree ${text}`);
      // A long reply arrives as several messages; wait until no more come.
      let seen = this.fake.responses.length;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        if (this.fake.responses.length === seen) break;
        seen = this.fake.responses.length;
      }
      // What the command itself posted first, as Slack received it: /ree chart's external upload.
      this.printDelivered(out);
      for (const answer of this.fake.responses.slice(before)) {
        out.write(`── Slack: POST to the command's response_url ──\n${json(answer.body)}\n\n`);
      }
    });
  }

  async close(): Promise<void> {
    await this.http?.close();
    await this.fake.close();
  }
}
