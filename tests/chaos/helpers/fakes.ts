/**
 * The loopback Slack and Discord fakes, imported in one place: they are moving out of tests/helpers,
 * and when they do only these lines change.
 */
export { FakeDiscordServer, IDS, PERMISSIONS } from '../../helpers/fake-discord-server.js';
export { FakeSlackServer } from '../../helpers/fake-slack-server.js';
