import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryByComtradeCode, resolveCountry, WORLD } from '../src/countries/index.js';

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
