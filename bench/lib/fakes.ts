// The one place the benchmarks import the loopback Slack and Discord from, so moving the fakes
// means changing these lines only.
export { FakeDiscordServer } from '../../src/fakes/fake-discord-server.js';
export { FakeSlackServer } from '../../src/fakes/fake-slack-server.js';
export type { RateWindow } from '../../src/fakes/rate-windows.js';
