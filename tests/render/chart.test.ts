import { describe, expect, it } from 'vitest';
import { type ChartSpec, chartSvg, compactNumber, renderChartPng } from '../../src/render/chart.js';

const periods = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
const spec: ChartSpec = {
  title: 'China → India <magnets> & "more"',
  subtitle: 'HS 850511, USD',
  unit: 'USD',
  lines: [
    {
      label: 'China → India',
      style: 'series',
      points: periods.map((period, i) => ({ period, value: i === 2 ? null : 10e6 - i * 1e6 })),
    },
    {
      label: 'previous month',
      style: 'baseline',
      points: periods.map((period, i) => ({ period, value: i === 0 ? null : 11e6 - i * 1e6 })),
    },
    {
      label: 'threshold (−20 %)',
      style: 'threshold',
      points: periods.map((period, i) => ({ period, value: i === 0 ? null : 8.8e6 - i * 0.8e6 })),
    },
  ],
  alertPeriods: ['2025-05'],
};

describe('chartSvg', () => {
  it('escapes titles so data can never become markup', () => {
    const svg = chartSvg(spec);
    expect(svg).toContain('China → India &#60;magnets&#62; &#38; &#34;more&#34;');
    expect(svg).not.toContain('<magnets>');
  });

  it('draws the threshold dashed in red, the baseline dotted, and marks the alert month', () => {
    const svg = chartSvg(spec);
    expect(svg).toMatch(/<polyline [^>]*stroke="#cf222e"[^>]*stroke-dasharray="8 5"/);
    expect(svg).toMatch(/<polyline [^>]*stroke="#6e7781"[^>]*stroke-dasharray="2 4"/);
    expect(svg.match(/<circle [^>]*r="6" fill="none" stroke="#cf222e"/g)).toHaveLength(1);
    expect(svg).toContain('alert fired');
  });

  it('leaves a gap at a missing month instead of drawing through it', () => {
    const series = chartSvg({ ...spec, lines: spec.lines.slice(0, 1) });
    // Two runs: Jan–Feb and Apr–Jun.
    expect(series.match(/<polyline /g)).toHaveLength(2);
  });

  it('says so when there is nothing to draw', () => {
    expect(chartSvg({ title: 'x', unit: 'USD', lines: [] })).toContain('No figures stored for this period');
  });
});

describe('renderChartPng', () => {
  it('renders a 900×420 PNG without a browser', () => {
    const png = renderChartPng(spec);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([900, 420]);
    expect(png.byteLength).toBeGreaterThan(5_000);
  });
});

describe('compactNumber', () => {
  it.each([
    [950, '950'],
    [12_500, '12.5k'],
    [12_500_000, '12.5M'],
    [12_960_000, '13M'],
    [2_500_000, '2.5M'],
    [1_200_000_000, '1.2B'],
  ])('%d → %s', (value, text) => {
    expect(compactNumber(value)).toBe(text);
  });
});
