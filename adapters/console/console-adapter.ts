import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { OutgoingPayload, SendResult } from '../../src/model/chat.js';
import { activePrompt, type PromptLine, setActivePrompt, writeAroundPrompt } from '../../src/prompt-line.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';
import { digestToText, replyToText } from '../../src/render/text.js';
import type { ChatAdapter, CommandHandler } from '../chat-adapter.js';
import { chartDirFor, saveReplyImage } from './save-image.js';

export interface ConsoleAdapterOptions {
  /** Where typed commands come from; omit for an output-only adapter. */
  input?: Readable;
  output: Writable;
  /** The channel id commands typed here act on (subscriptions, mutes). */
  channel: string;
  onCommand: CommandHandler;
  /** Called when input ends (Ctrl-D); the demo exits then, the service keeps running. */
  onInputEnd?: () => void;
  /** Show a prompt; on when the input is a terminal. */
  prompt?: boolean;
  /** Where chart images are saved (their path is printed); default: the temp folder. */
  imageDir?: string;
}

const PROMPT = 'ree> ';

/** The terminal as a chat platform: alerts are printed, `/ree …` lines typed on stdin are answered. */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console' as const;
  private readline: Interface | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Whether "ree> " is the terminal's current line (not while a command is being answered). */
  private promptShowing = false;
  /**
   * The prompt, stepped around by everything else written to the terminal (alerts here, log lines on
   * stderr): wiped with a carriage return and erase-line, redrawn after. What was typed but not yet
   * entered stays in the terminal's line buffer and is still sent with Enter.
   */
  private readonly promptLine: PromptLine = {
    hide: () => {
      if (this.promptShowing) this.options.output.write('\r\x1b[K');
    },
    show: () => {
      if (this.promptShowing) this.options.output.write(PROMPT);
    },
  };

  constructor(private readonly options: ConsoleAdapterOptions) {}

  async start(): Promise<void> {
    const { input, output } = this.options;
    if (!input) return;
    const readline = createInterface({ input, output, terminal: false });
    this.readline = readline;
    const showPrompt = () => {
      if (!this.options.prompt) return;
      output.write(PROMPT);
      this.promptShowing = true;
    };
    readline.on('line', (line) => {
      // Enter moved the terminal to a new line: the prompt is gone until the answer is printed.
      this.promptShowing = false;
      // Answer in the order typed, even when a command is slow.
      this.queue = this.queue.then(() => this.answer(line)).then(showPrompt);
    });
    readline.on('close', () => {
      this.promptShowing = false;
      void this.queue.then(() => this.options.onInputEnd?.());
    });
    if (this.options.prompt) setActivePrompt(this.promptLine);
    showPrompt();
  }

  async stop(): Promise<void> {
    if (activePrompt() === this.promptLine) setActivePrompt(undefined);
    this.readline?.close();
    this.readline = undefined;
    await this.queue;
  }

  /** Waits until every command typed so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  renderDigest(digest: AlertDigest): OutgoingPayload[] {
    return [{ text: digestToText(digest) }];
  }

  async send(channel: string, payload: OutgoingPayload): Promise<SendResult> {
    const text = typeof payload.text === 'string' ? payload.text : JSON.stringify(payload);
    writeAroundPrompt(() => this.options.output.write(`\n── #${channel} ──\n${text}\n`));
    return { ok: true };
  }

  private async answer(line: string): Promise<void> {
    const text = line
      .trim()
      .replace(/^\/ree\b/i, '')
      .trim();
    if (line.trim() === '') return;
    const reply = await this.options.onCommand({
      platform: 'console',
      channelId: this.options.channel,
      userId: 'console',
      userName: 'console',
      input: { text },
      // Whoever has the terminal runs the service.
      canManageChannel: true,
    });
    const imagePath = saveReplyImage(reply, this.options.imageDir ?? chartDirFor(':memory:'));
    this.options.output.write(`${replyToText(reply, imagePath)}\n\n`);
  }
}
