/**
 * The loopback Slack and Discord fakes, imported in one place: they live in src/demo/fakes (the demo uses them too);
 * if they move again only these lines change.
 */
export { FakeDiscordServer, IDS, PERMISSIONS } from '../../../src/demo/fakes/fake-discord-server.js';
export { FakeSlackServer } from '../../../src/demo/fakes/fake-slack-server.js';
