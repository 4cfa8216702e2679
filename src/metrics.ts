import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Every Prometheus metric ree-watch exposes on /metrics; one registry per process (or per test). */
export class Metrics {
  readonly registry = new Registry();

  readonly polls = new Counter({
    name: 'ree_polls_total',
    help: 'Source fetches, by source and outcome (ok, unchanged, failed)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly alerts = new Counter({
    name: 'ree_alerts_total',
    help: 'What channels were told, by watchlist and state (firing: a series entered or changed, or a new notice; repeat: a reminder; resolved: a recovery)',
    labelNames: ['watchlist', 'state'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'ree_deliveries_total',
    help: 'Chat delivery attempts, by platform and outcome (delivered, rate-limited, transient, permanent, expired)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'ree_commands_total',
    help: 'Slash commands answered, by platform and command',
    labelNames: ['platform', 'command'] as const,
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'ree_outbox_depth',
    help: 'Messages waiting in the outbox',
    registers: [this.registry],
  });

  readonly sourceHealthy = new Gauge({
    name: 'ree_source_healthy',
    help: '1 when the last fetch of the source succeeded, 0 otherwise',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly gatewayConnected = new Gauge({
    name: 'ree_discord_gateway_connected',
    help: '1 while the Discord gateway connection is up',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'ree_' });
  }

  /** Values read from the database when Prometheus scrapes, rather than tracked in memory. */
  onScrape(refresh: () => Promise<void>): void {
    this.scrapeHooks.push(refresh);
  }

  async render(): Promise<string> {
    for (const refresh of this.scrapeHooks) await refresh();
    return this.registry.metrics();
  }

  private readonly scrapeHooks: (() => Promise<void>)[] = [];
}
