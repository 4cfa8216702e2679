import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/redact.js';
import { capturingLogger } from './helpers/capture.js';

const SECRETS = [
  'xoxb-1111-2222-SECRETBOT',
  '8f742231b10e8888abcd99yyyzzz85a5',
  'comtrade-key-ABCDEF',
] as const;

describe('logger', () => {
  it('keeps every configured secret out of log output, wherever it appears', () => {
    const { logger, output } = capturingLogger(SECRETS);
    logger.info({ botToken: SECRETS[0] }, 'object field');
    logger.debug({ nested: { signingSecret: SECRETS[1] } }, 'nested field');
    logger.error({ err: new Error(`request failed with key ${SECRETS[2]}`) }, 'error message');
    logger.warn(`interpolated ${SECRETS[0]} and ${encodeURIComponent(SECRETS[2])}`);
    logger.info({ url: `https://comtradeapi.un.org/data?subscription-key=${SECRETS[2]}` }, 'url');
    const text = output.text;
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    expect(text).toContain('[REDACTED]');
  });

  it('censors credential fields even when their value is not a known secret', () => {
    const { logger, output } = capturingLogger([]);
    logger.info({ headers: { authorization: 'Bot some-token-value' } }, 'request');
    expect(output.text).not.toContain('some-token-value');
  });
});

describe('redactUrl', () => {
  it('replaces credential query values and userinfo but keeps the rest readable', () => {
    expect(
      redactUrl('https://api.census.gov/data/timeseries/intltrade/exports/hs?get=ALL_VAL_MO&key=abc123'),
    ).toBe('https://api.census.gov/data/timeseries/intltrade/exports/hs?get=ALL_VAL_MO&key=[REDACTED]');
    expect(redactUrl('https://user:pw@example.com/feed?token=t&x=1')).toBe(
      'https://[REDACTED]@example.com/feed?token=[REDACTED]&x=1',
    );
    expect(redactUrl('not a url?api_key=zzz')).toBe('not a url?api_key=[REDACTED]');
  });
});
