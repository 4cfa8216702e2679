import { type Clock, uptimeMs } from '../clock.js';
import type { Metrics } from '../metrics.js';
import type { ChatConnection } from '../model/chat.js';
import type { SourceHealth } from '../model/source.js';
import { GATEWAY_LOCK, SCHEDULER_LOCKS } from '../replica.js';
import type { RequestListener } from './server.js';

export interface HealthDeps {
  /** The database: whether it answers, and the schema version it was opened at. */
  database: { ping(): Promise<void>; readonly migration: { version: number } };
  sourceHealth: { list(): Promise<SourceHealth[]> };
  clock: Clock;
  startedAt: number;
  version: string;
  /** Which source runs on which schedule, when the app polls any. */
  schedules?: () => readonly { source: string; kind: string; cron: string }[];
  /** Each chat platform's connection: reachable, token taken or refused. */
  chat?: () => readonly ChatConnection[];
  /** This replica: its id and the locks it holds now (a scheduled tick, the Discord gateway). */
  replica?: { id: string; locks: { list(): string[]; has(prefix: string): boolean } };
}

/**
 * GET /healthz: 200 with database, per-source and per-chat-platform status ("degraded" while a source
 * fails or a platform is not connected); 503 when the database cannot be read.
 */
export function healthHandler(deps: HealthDeps): RequestListener {
  return async (_req, res) => {
    let body: Record<string, unknown>;
    let status = 200;
    try {
      await deps.database.ping();
      const version = deps.database.migration.version;
      const sources = (await deps.sourceHealth.list()).map((health) => ({
        source: health.source,
        healthy: health.healthy,
        lastSuccessAt: iso(health.lastSuccessAt),
        lastErrorAt: iso(health.lastErrorAt),
        lastError: health.lastError,
        consecutiveFailures: health.consecutiveFailures,
        nextAttemptAt: iso(health.nextAttemptAt),
      }));
      const chat = (deps.chat?.() ?? []).map((connection) => ({
        ...connection,
        since: iso(connection.since),
      }));
      const healthy =
        sources.every((source) => source.healthy) &&
        chat.every((connection) => connection.state === 'connected');
      body = {
        status: healthy ? 'ok' : 'degraded',
        version: deps.version,
        uptimeSeconds: Math.round(uptimeMs(deps.clock, deps.startedAt) / 1000),
        database: { ok: true, schemaVersion: version },
        sources,
        chat,
        ...(deps.schedules ? { schedules: deps.schedules() } : {}),
        ...(deps.replica ? { replica: replicaBody(deps.replica) } : {}),
      };
    } catch (error) {
      status = 503;
      body = {
        status: 'down',
        version: deps.version,
        database: { ok: false, error: error instanceof Error ? error.message : String(error) },
        ...(deps.replica ? { replica: replicaBody(deps.replica) } : {}),
      };
    }
    res
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  };
}

export function metricsHandler(metrics: Metrics): RequestListener {
  return async (_req, res) => {
    const text = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
  };
}

function replicaBody(replica: NonNullable<HealthDeps['replica']>) {
  return {
    id: replica.id,
    holds: { scheduler: replica.locks.has(SCHEDULER_LOCKS), gateway: replica.locks.has(GATEWAY_LOCK) },
    locks: replica.locks.list(),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
