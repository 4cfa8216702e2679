import { describe, expect, it } from 'vitest';
import { SourceHealthStore } from '../../src/store/source-health.js';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const at = (iso: string) => Date.parse(iso);

describe('/ree status', () => {
  it('reports each source: healthy or failing, last success, the last error in words, and the next poll', async () => {
    const cli = session();
    cli.withDb((db) => {
      const health = new SourceHealthStore(db);
      health.recordSuccess('comtrade', at('2025-07-15T10:00:00Z'), 240, at('2025-07-15T16:00:00Z'));
      health.recordSuccess('mofcom', at('2025-07-14T09:00:00Z'), 12);
      health.recordFailure(
        'mofcom',
        at('2025-07-15T10:00:00Z'),
        'mofcom: HTTP 503 from the announcement list (https://www.mofcom.gov.cn/…)',
      );
      health.recordFailure(
        'mofcom',
        at('2025-07-15T11:00:00Z'),
        'mofcom: the page no longer lists announcements (https://www.mofcom.gov.cn/…)',
        at('2025-07-15T13:00:00Z'),
      );
    });
    const result = await cli.ask('/ree status');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ree-watch status: 1 source failing');
    expect(result.stdout).toContain(
      'comtrade (UN Comtrade): healthy · last success 2h ago · next poll in 4h',
    );
    expect(result.stdout).toContain(
      'mofcom (China MOFCOM): FAILING, 2 failed attempts in a row · last success 1d 3h ago · last error: mofcom: the page no longer lists announcements (https://www.mofcom.gov.cn/…) · next poll in 1h',
    );
    expect(result.stdout).toContain('census (US Census Bureau): not polled yet');
  });

  it('shows the version, uptime and how much is configured', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets china-us-magnets');
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain('ree-watch status: no source polled yet');
    expect(result.stdout).toMatch(/ree-watch \d+\.\d+\.\d+\S*, up 0s \(since 2025-07-15 12:00 UTC\)/);
    expect(result.stdout).toContain('8 watchlists loaded, 2 subscriptions across all channels');
    expect(result.stdout).toContain('Delivery to this channel');
  });

  it('names an option it does not take instead of ignoring it silently', async () => {
    const cli = session();
    const result = await cli.ask('/ree status --verbose');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ignored --verbose: /ree status takes no --options.');
  });
});
