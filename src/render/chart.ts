import { createRequire } from 'node:module';
import type * as ResvgJs from '@resvg/resvg-js';

/** One line on a chart: a value per month, oldest first; null leaves a gap. */
export interface ChartLine {
  label: string;
  points: readonly { period: string; value: number | null }[];
  style: 'series' | 'baseline' | 'threshold';
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  unit: string;
  lines: readonly ChartLine[];
  /** Months where an alert fired: marked with a red dot on the first series line. */
  alertPeriods?: readonly string[];
}

const WIDTH = 900;
const HEIGHT = 420;
const PAD = { top: 64, right: 24, bottom: 64, left: 88 };
const SERIES_COLOURS = ['#1f6feb', '#8250df', '#1a7f37', '#bf8700'];
const STYLE: Record<ChartLine['style'], { colour?: string; dash?: string; width: number }> = {
  series: { width: 2.5 },
  baseline: { colour: '#6e7781', dash: '2 4', width: 1.5 },
  threshold: { colour: '#cf222e', dash: '8 5', width: 1.5 },
};

// One bundled font, so a chart looks the same on every machine and needs no system fonts.
const require = createRequire(import.meta.url);
const FONT_FILE = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT = 'DejaVu Sans';

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`).replace(/[\p{Cc}]/gu, '');

/** "12.5M", "830k", "950": short enough for an axis label. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) return `${Number((value / size).toFixed(1))}${suffix}`;
  }
  return `${Math.round(value)}`;
}

/** The chart as SVG: months along the bottom, values up the side, one polyline per line. */
export function chartSvg(spec: ChartSpec): string {
  const periods = [...new Set(spec.lines.flatMap((line) => line.points.map((point) => point.period)))].sort();
  const values = spec.lines.flatMap((line) =>
    line.points.map((point) => point.value).filter((value): value is number => value !== null),
  );
  const max = values.length > 0 ? Math.max(...values) : 1;
  const min = Math.min(0, ...values);
  const top = niceCeiling(max === min ? max + 1 : max);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (period: string) =>
    PAD.left + (periods.length <= 1 ? plotW / 2 : (periods.indexOf(period) / (periods.length - 1)) * plotW);
  const y = (value: number) => PAD.top + plotH - ((value - min) / (top - min)) * plotH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="28" font-size="18" font-weight="bold" fill="#1f2328">${escapeXml(spec.title)}</text>`,
  ];
  if (spec.subtitle)
    out.push(`<text x="${PAD.left}" y="48" font-size="13" fill="#57606a">${escapeXml(spec.subtitle)}</text>`);

  for (let step = 0; step <= 4; step++) {
    const value = min + ((top - min) * step) / 4;
    const gy = y(value).toFixed(1);
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${gy}" y2="${gy}" stroke="#d0d7de" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${PAD.left - 8}" y="${gy}" font-size="12" fill="#57606a" text-anchor="end" dominant-baseline="middle">${escapeXml(compactNumber(value))}</text>`,
    );
  }
  out.push(
    `<text x="16" y="${PAD.top + plotH / 2}" font-size="12" fill="#57606a" transform="rotate(-90 16 ${PAD.top + plotH / 2})" text-anchor="middle">${escapeXml(spec.unit)}</text>`,
  );
  const labelEvery = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((period, index) => {
    // Counted from the newest month, so the latest period is always labelled.
    if ((periods.length - 1 - index) % labelEvery !== 0) return;
    out.push(
      `<text x="${x(period).toFixed(1)}" y="${HEIGHT - PAD.bottom + 20}" font-size="11" fill="#57606a" text-anchor="middle">${period}</text>`,
    );
  });

  let seriesIndex = 0;
  const legend: string[] = [];
  for (const line of spec.lines) {
    const style = STYLE[line.style];
    const colour =
      style.colour ?? SERIES_COLOURS[seriesIndex++ % SERIES_COLOURS.length] ?? SERIES_COLOURS[0] ?? '#000';
    for (const run of runsOf(line.points)) {
      const path = run.map((point) => `${x(point.period).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
      if (run.length === 1) {
        const [only] = run;
        if (only)
          out.push(
            `<circle cx="${x(only.period).toFixed(1)}" cy="${y(only.value).toFixed(1)}" r="3" fill="${colour}"/>`,
          );
        continue;
      }
      out.push(
        `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} stroke-linejoin="round"/>`,
      );
    }
    legend.push(`${colour}|${style.dash ?? ''}|${line.label}`);
  }

  const alertLine = spec.lines.find((line) => line.style === 'series');
  for (const period of spec.alertPeriods ?? []) {
    const value = alertLine?.points.find((point) => point.period === period)?.value;
    if (value === null || value === undefined) continue;
    out.push(
      `<circle cx="${x(period).toFixed(1)}" cy="${y(value).toFixed(1)}" r="6" fill="none" stroke="#cf222e" stroke-width="2.5"/>`,
    );
  }

  let lx = PAD.left;
  const ly = HEIGHT - 18;
  for (const entry of [...legend, ...(spec.alertPeriods?.length ? ['#cf222e|alert|alert fired'] : [])]) {
    const [colour, dash, label] = entry.split('|') as [string, string, string];
    if (dash === 'alert')
      out.push(
        `<circle cx="${lx + 10}" cy="${ly - 4}" r="5" fill="none" stroke="${colour}" stroke-width="2.5"/>`,
      );
    else
      out.push(
        `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      );
    const text = escapeXml(label.slice(0, 60));
    out.push(`<text x="${lx + 28}" y="${ly}" font-size="12" fill="#1f2328">${text}</text>`);
    lx += 40 + label.slice(0, 60).length * 7;
  }
  if (values.length === 0)
    out.push(
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" font-size="16" fill="#57606a" text-anchor="middle">No figures stored for this period</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

/** The chart as a PNG, rendered in-process (no browser). */
export function renderChartPng(spec: ChartSpec): Uint8Array {
  // The native renderer is loaded on the first chart, not at start-up (which is benchmarked).
  const { Resvg } = require('@resvg/resvg-js') as typeof ResvgJs;
  const resvg = new Resvg(chartSvg(spec), {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Unbroken stretches of known values, so a missing month leaves a gap instead of a fake slope. */
function runsOf(points: ChartLine['points']): { period: string; value: number }[][] {
  const runs: { period: string; value: number }[][] = [];
  let current: { period: string; value: number }[] = [];
  for (const point of points) {
    if (point.value === null || !Number.isFinite(point.value)) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push({ period: point.period, value: point.value });
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** 1, 2, 2.5, 5 × 10^n at or above `value`, so the axis reads in round numbers. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
