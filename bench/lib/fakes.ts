// The one place the benchmarks import the loopback Slack and Discord from, so moving the fakes
// means changing these lines only.
export { FakeDiscordServer } from '../../tests/helpers/fake-discord-server.js';
export { FakeSlackServer } from '../../tests/helpers/fake-slack-server.js';
export type { RateWindow } from '../../tests/helpers/rate-windows.js';
