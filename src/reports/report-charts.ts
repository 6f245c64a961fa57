/**
 * The charts of a printed report as SVG (pdfmake draws SVG with the document's embedded font, so labels stay text):
 * the attainment trend (one line per percent target over twelve months, with its goal as a dashed line) and the SLAM
 * chart (one row per target, one cell per month, coloured by RAG).
 */
import type { RagStatus } from '../core/measure/index.ts';

export const ragColours: Record<RagStatus, string> = {
  green: '#2e7d32',
  amber: '#f0a202',
  red: '#c62828',
  grey: '#9e9e9e',
};

const lineColours = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#2e7d32', '#ad1457', '#4e342e', '#37474f'];

export interface ChartSeries {
  readonly id: string;
  /** One per month; null where there is no value. */
  readonly values: readonly (number | null)[];
  readonly goal: number | null;
}

export interface SlamRow {
  readonly id: string;
  /** One per month; null where the target was not part of the agreement. */
  readonly statuses: readonly (RagStatus | null)[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fixed = (value: number) => Number(value.toFixed(2));

/** Percent values over months: the y axis spans from a floor below the lowest value (or goal) to 100 %. */
export function trendChartSvg(
  months: readonly string[],
  series: readonly ChartSeries[],
  width = 515,
  height = 220,
): string {
  const left = 36;
  const right = 110;
  const top = 10;
  const bottom = 28;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const values = series
    .flatMap((entry) => [...entry.values, entry.goal])
    .filter((value): value is number => value !== null);
  const lowest = values.length === 0 ? 90 : Math.min(...values);
  const floor = Math.max(0, Math.min(90, Math.floor(lowest / 10) * 10));
  const y = (value: number) => fixed(top + plotHeight - ((value - floor) / (100 - floor)) * plotHeight);
  const x = (index: number) =>
    fixed(left + (months.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (months.length - 1)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="#fafafa" stroke="#bdbdbd" stroke-width="0.5"/>`,
  ];
  for (let step = 0; step <= 4; step++) {
    const value = floor + ((100 - floor) * step) / 4;
    parts.push(
      `<line x1="${left}" y1="${y(value)}" x2="${left + plotWidth}" y2="${y(value)}" stroke="#e0e0e0" stroke-width="0.5"/>`,
      `<text x="${left - 4}" y="${y(value) + 3}" font-size="7" text-anchor="end" fill="#616161">${fixed(value)} %</text>`,
    );
  }
  months.forEach((month, index) => {
    parts.push(
      `<text x="${x(index)}" y="${height - bottom + 12}" font-size="6.5" text-anchor="middle" fill="#616161">${escapeXml(month)}</text>`,
    );
  });
  series.forEach((entry, index) => {
    const colour = lineColours[index % lineColours.length]!;
    if (entry.goal !== null) {
      parts.push(
        `<line x1="${left}" y1="${y(entry.goal)}" x2="${left + plotWidth}" y2="${y(entry.goal)}" stroke="${colour}" stroke-width="0.6" stroke-dasharray="3,2"/>`,
      );
    }
    // Consecutive months with a value are joined; a month without one breaks the line.
    let path: string[] = [];
    const flush = () => {
      if (path.length > 1) {
        parts.push(`<polyline points="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.4"/>`);
      }
      path = [];
    };
    entry.values.forEach((value, month) => {
      if (value === null) {
        flush();
        return;
      }
      path.push(`${x(month)},${y(Math.max(value, floor))}`);
      parts.push(`<circle cx="${x(month)}" cy="${y(Math.max(value, floor))}" r="1.8" fill="${colour}"/>`);
    });
    flush();
    const legendY = top + 8 + index * 11;
    parts.push(
      `<rect x="${width - right + 8}" y="${legendY - 5}" width="8" height="3" fill="${colour}"/>`,
      `<text x="${width - right + 20}" y="${legendY}" font-size="7" fill="#212121">${escapeXml(entry.id)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The SLAM chart: targets down, months across, each cell in its RAG colour (blank: not a target that month). */
export function slamChartSvg(months: readonly string[], rows: readonly SlamRow[], width = 515): string {
  const labelWidth = 105;
  const cell = Math.min(34, (width - labelWidth) / Math.max(1, months.length));
  const rowHeight = 13;
  const height = 16 + rows.length * rowHeight + 4;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  ];
  months.forEach((month, index) => {
    parts.push(
      `<text x="${fixed(labelWidth + index * cell + cell / 2)}" y="10" font-size="6.5" text-anchor="middle" fill="#616161">${escapeXml(month)}</text>`,
    );
  });
  rows.forEach((row, rowIndex) => {
    const y = 16 + rowIndex * rowHeight;
    parts.push(`<text x="0" y="${y + 9}" font-size="7.5" fill="#212121">${escapeXml(row.id)}</text>`);
    row.statuses.forEach((status, index) => {
      const x = fixed(labelWidth + index * cell + 1);
      parts.push(
        status === null
          ? `<rect x="${x}" y="${y}" width="${fixed(cell - 2)}" height="${rowHeight - 2}" fill="#ffffff" stroke="#e0e0e0" stroke-width="0.5"/>`
          : `<rect x="${x}" y="${y}" width="${fixed(cell - 2)}" height="${rowHeight - 2}" fill="${ragColours[status]}"/>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
