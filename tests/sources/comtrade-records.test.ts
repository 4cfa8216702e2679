import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecord, recordSchema } from '../../src/sources/comtrade-records.js';
import { monthlyRecord } from '../helpers/comtrade-answers.js';

const fixture = JSON.parse(
  readFileSync(
    new URL('../fixtures/comtrade/data-v1-get_C-A-HS_reporter156_2010.json', import.meta.url),
    'utf8',
  ),
) as { data: unknown[] };

const good = () => monthlyRecord({ month: '2025-04', usd: 1_238, kg: 96 });

describe('parseRecord (the fast path of the Comtrade record schema)', () => {
  it('reads real and generated records exactly as the zod schema does', () => {
    const rows = [
      ...fixture.data,
      good(),
      { ...good(), netWgt: null, partner2Code: null },
      { ...good(), period: 202504 },
    ];
    const { motCode: _dropped, ...withoutMot } = good();
    rows.push(withoutMot);
    for (const row of rows) {
      const parsed = parseRecord(row);
      expect(parsed).toEqual({ success: true, data: recordSchema.parse(row) });
    }
  });

  it('refuses every row the schema refuses, with the schema’s message', () => {
    const { primaryValue: _missing, ...noValue } = good();
    const bad: unknown[] = [
      null,
      'a string',
      [good()],
      noValue,
      { ...good(), primaryValue: '1238' },
      { ...good(), refMonth: 4.5 },
      { ...good(), reporterCode: 2 ** 60 },
      { ...good(), cmdCode: 850511 },
      { ...good(), netWgt: 'heavy' },
      { ...good(), isNetWgtEstimated: 'no' },
      { ...good(), customsCode: 0 },
      { ...good(), period: true },
    ];
    for (const row of bad) {
      const zod = recordSchema.safeParse(row);
      expect(zod.success).toBe(false);
      expect(parseRecord(row)).toEqual({ success: false, message: zod.error?.issues[0]?.message });
    }
  });
});
