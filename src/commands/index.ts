import { chartCommand } from './chart.js';
import { countryCommand } from './country.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { muteCommand } from './mute.js';
import { noticesCommand } from './notices.js';
import { CommandRegistry } from './registry.js';
import { statusCommand } from './status.js';
import { subscribeCommand } from './subscribe.js';
import { subscriptionsCommand } from './subscriptions.js';
import { unmuteCommand } from './unmute.js';
import { unsubscribeCommand } from './unsubscribe.js';
import { watchlistsCommand } from './watchlists.js';

/** Every slash subcommand, in the order `/ree help` lists them. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry()
    .register(helpCommand)
    .register(countryCommand)
    .register(noticesCommand)
    .register(watchlistsCommand)
    .register(subscribeCommand)
    .register(unsubscribeCommand)
    .register(subscriptionsCommand)
    .register(muteCommand)
    .register(unmuteCommand)
    .register(historyCommand)
    .register(chartCommand)
    .register(statusCommand)
    .setFallback('country');
}
