import type { CommandServices } from './command.js';

/** The repositories a command reads and writes: the Storage provides every one of them. */
export type CommandRepositories = Pick<
  CommandServices,
  | 'subscriptions'
  | 'mutes'
  | 'sourceHealth'
  | 'alerts'
  | 'ruleSkips'
  | 'deliveryStatus'
  | 'tradeHistory'
  | 'tradeCoverage'
  | 'notices'
>;

/** What every command is given: the process's facts, and only the repositories commands use. */
export function commandServices(
  repositories: CommandRepositories,
  facts: Omit<CommandServices, keyof CommandRepositories>,
): CommandServices {
  return {
    ...facts,
    subscriptions: repositories.subscriptions,
    mutes: repositories.mutes,
    sourceHealth: repositories.sourceHealth,
    alerts: repositories.alerts,
    ruleSkips: repositories.ruleSkips,
    deliveryStatus: repositories.deliveryStatus,
    tradeHistory: repositories.tradeHistory,
    tradeCoverage: repositories.tradeCoverage,
    notices: repositories.notices,
  };
}
