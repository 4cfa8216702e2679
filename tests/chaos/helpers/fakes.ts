/**
 * The loopback Slack and Discord fakes, imported in one place: they moved to src/fakes (the demo uses them too);
 * if they move again only these lines change.
 */
export { FakeDiscordServer, IDS, PERMISSIONS } from '../../../src/fakes/fake-discord-server.js';
export { FakeSlackServer } from '../../../src/fakes/fake-slack-server.js';
