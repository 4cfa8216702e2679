import {
  type AnsweredStep,
  type FakeAnswer,
  type FakeSlackOptions,
  FakeSlackServer,
} from '../../src/demo/fakes/fake-slack-server.js';

export type { AnsweredStep, FakeAnswer } from '../../src/demo/fakes/fake-slack-server.js';

/**
 * The demo's loopback Slack, plus what only tests need: canned answers for the next calls of a step
 * (an error, a 429 with Retry-After, a hang), a policy for every chat.postMessage (an outage), and a
 * failing auth.test.
 */
export class TestSlackServer extends FakeSlackServer {
  private readonly answers = new Map<AnsweredStep, FakeAnswer[]>();
  private postPolicy: (() => FakeAnswer | undefined) | undefined;
  private authError: string | undefined;

  static override start(options: FakeSlackOptions = {}): Promise<TestSlackServer> {
    return FakeSlackServer.listen(options, (server, resolved) => new TestSlackServer(server, resolved));
  }

  /** Answers the next chat.postMessage calls with these, in order, instead of success. */
  answerNextPosts(...answers: FakeAnswer[]): void {
    this.answerNext('chat.postMessage', ...answers);
  }

  /** Answers the next calls of one step (a method, or the upload URL) with these, in order. */
  answerNext(step: AnsweredStep, ...answers: FakeAnswer[]): void {
    this.answers.set(step, [...(this.answers.get(step) ?? []), ...answers]);
  }

  /**
   * Answers every chat.postMessage (after any queued `answerNextPosts`) with what `policy` returns at
   * that moment; undefined means success. An outage is a policy that depends on the time.
   */
  answerPostsWith(policy: (() => FakeAnswer | undefined) | undefined): void {
    this.postPolicy = policy;
  }

  /** Makes auth.test (and so start-up) fail with this Slack error code. */
  failAuth(error: string): void {
    this.authError = error;
  }

  protected override cannedAnswer(step: AnsweredStep): FakeAnswer | undefined {
    return this.answers.get(step)?.shift() ?? (step === 'chat.postMessage' ? this.postPolicy?.() : undefined);
  }

  protected override authFailure(): string | undefined {
    return this.authError;
  }
}
