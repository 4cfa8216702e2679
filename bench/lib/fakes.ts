// The one place the benchmarks import the loopback Slack and Discord from, so moving the fakes
// means changing these lines only.
export { FakeDiscordServer } from '../../src/demo/fakes/fake-discord-server.js';
export { FakeSlackServer } from '../../src/demo/fakes/fake-slack-server.js';
export type { RateWindow } from '../../src/demo/fakes/rate-windows.js';
