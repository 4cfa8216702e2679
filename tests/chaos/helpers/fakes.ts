/**
 * The loopback Slack and Discord fakes, imported in one place: the demo's (src/demo/fakes) with the
 * fault injection of tests/helpers; if they move again only these lines change.
 */

export {
  IDS,
  PERMISSIONS,
  TestDiscordServer as FakeDiscordServer,
} from '../../helpers/test-discord-server.js';
export { TestSlackServer as FakeSlackServer } from '../../helpers/test-slack-server.js';
