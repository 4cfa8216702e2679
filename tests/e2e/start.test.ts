import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const running: ServiceProcess[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
});

describe('ree-watch start (real process)', { timeout: 60_000 }, () => {
  it('starts with no configuration, serves /healthz and /metrics, answers /ree help on stdin, and stops on SIGINT', async () => {
    const dir = tempDir();
    const service = ServiceProcess.spawn(['start'], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'db', 'ree.db'),
      REPLICA_ID: 'replica-a',
      // A key meant for ree-watch but mistyped is ignored, and the log says so.
      DISCROD_TOKEN: 'not-a-real-token',
    });
    running.push(service);
    const port = await service.port();
    expect(service.stderr).toContain(join(dir, 'db', 'ree.db'));
    expect(service.stderr).toContain(
      '"msg":"DISCROD_TOKEN: not a setting ree-watch reads, so it is ignored (did you mean DISCORD_TOKEN?)"',
    );
    expect(service.stderr).not.toContain('not-a-real-token');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // The first poll starts at once and its sources are unreachable here, so "degraded" may come first.
    expect(await health.json()).toMatchObject({
      status: expect.stringMatching(/^(ok|degraded)$/),
      database: { ok: true, schemaVersion: expect.any(Number) },
      // Which replica answered; no gateway here (the console), and only the first poll's ticks, if any.
      replica: { id: 'replica-a', holds: { gateway: false } },
    });

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(/^# HELP ree_polls_total /m);
    expect(text).toMatch(/^ree_outbox_depth\{replica="replica-a"\} 0$/m);
    expect(service.stderr).toMatch(/"replica":"replica-a".*"msg":"scheduler started"/);

    service.child.stdin.write('/ree help\n');
    await service.waitFor(/ree-watch commands/, 'stdout');

    const stopAt = Date.now();
    service.kill('SIGINT');
    const exit = await service.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5_000);
    expect(service.stderr).toContain('"msg":"stopped"');
  });

  it('refuses to start on bad configuration: one line per key, exit 2', async () => {
    const service = ServiceProcess.spawn(['start'], {
      PORT: 'abc',
      LOG_LEVEL: 'chatty',
      DATABASE_PATH: join(tempDir(), 'ree.db'),
    });
    running.push(service);
    const exit = await service.exited;
    expect(exit.code).toBe(2);
    expect(service.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^PORT: "abc" is not valid/),
      expect.stringMatching(/^LOG_LEVEL: "chatty" is not valid; expected fatal, error, warn, info/),
    ]);
  });
});
