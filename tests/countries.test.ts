import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryByComtradeCode, resolveCountry, WORLD } from '../src/countries/index.js';
import { LOCAL_NAMES } from '../src/countries/local-names.js';
import { loadWatchlists } from '../src/watchlists/load.js';

describe('resolveCountry', () => {
  it.each([
    ['india', 'IN'],
    ['IN', 'IN'],
    ['IND', 'IN'],
    ['356', 'IN'],
    ['699', 'IN'],
    ['Republic of India', 'IN'],
    ['  INDIA ', 'IN'],
    ['CN', 'CN'],
    ['China', 'CN'],
    ["People's Republic of China", 'CN'],
    ['156', 'CN'],
    ['us', 'US'],
    ['USA', 'US'],
    ['United States of America', 'US'],
    ['842', 'US'],
    ['840', 'US'],
    ['japan', 'JP'],
    ['392', 'JP'],
    ['South Korea', 'KR'],
    ['korea', 'KR'],
    ['UK', 'GB'],
    ['cote divoire', 'CI'],
    ["Côte d'Ivoire", 'CI'],
    ['Türkiye', 'TR'],
    ['turkey', 'TR'],
    ['490', 'TW'],
    ['world', 'WORLD'],
    ['0', 'WORLD'],
  ])('%j → %s', (input, code) => {
    expect(resolveCountry(input)?.code).toBe(code);
  });

  it.each(['', 'atlantis', '999', 'xx', 'in dia'])('%j is not a country', (input) => {
    expect(resolveCountry(input)).toBeUndefined();
  });

  it('maps Comtrade reporter/partner codes back, including World = 0', () => {
    expect(countryByComtradeCode(0)).toBe(WORLD);
    expect(countryByComtradeCode(699)?.name).toBe('India');
    expect(countryByComtradeCode(251)?.code).toBe('FR');
  });

  it('has one row per ISO country with unique codes', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(COUNTRIES.map((country) => country.comtradeCode)).size).toBe(codes.length);
    expect(codes.length).toBe(251);
  });
});

describe('country names in Chinese, Hindi and Japanese', () => {
  it.each([
    ['印度', 'IN'],
    ['भारत', 'IN'],
    ['インド', 'IN'],
    ['中国', 'CN'],
    ['中國', 'CN'],
    ['चीन', 'CN'],
    ['日本', 'JP'],
    ['जापान', 'JP'],
    ['美国', 'US'],
    ['अमेरिका', 'US'],
    ['米国', 'US'],
    ['韓国', 'KR'],
    ['दक्षिण  कोरिया', 'KR'],
    ['ドイツ', 'DE'],
    ['世界', 'WORLD'],
    ['缅甸', 'MM'],
    // The nukta is often left out when typing Hindi; full-width letters come from CJK input methods.
    ['फ्रांस', 'FR'],
    ['फ़्रांस', 'FR'],
    ['ＵＳＡ', 'US'],
  ])('%j → %s', (input, code) => {
    expect(resolveCountry(input)?.code).toBe(code);
  });

  it('names every country of the default watchlists in each of the three languages', () => {
    const codes = new Set(
      loadWatchlists('config/watchlists.yaml').flatMap((watchlist) =>
        watchlist.kind === 'trade' ? [watchlist.reporter, watchlist.partner] : [],
      ),
    );
    expect(codes.size).toBeGreaterThanOrEqual(4);
    for (const code of codes) {
      const names = LOCAL_NAMES[code];
      expect(names, code).toBeDefined();
      expect(
        [names?.zh.length, names?.hi.length, names?.ja.length].every((count) => (count ?? 0) > 0),
        code,
      ).toBe(true);
    }
  });

  it('finds each name’s own country: no name is taken by another', () => {
    for (const [code, names] of Object.entries(LOCAL_NAMES))
      for (const name of [...names.zh, ...names.hi, ...names.ja])
        expect(resolveCountry(name)?.code, `${name} should be ${code}`).toBe(code);
  });
});
