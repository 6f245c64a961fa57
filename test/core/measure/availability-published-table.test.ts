import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { measureAvailability, type Outage, roundHalfAwayFromZero } from '../../../src/core/measure/index.ts';
import { compileCalendar, MS_PER_DAY, MS_PER_MINUTE, parseInstant } from '../../../src/core/time/index.ts';

/**
 * Real data: daily partial and major outage minutes of eight public LLM services (ICPE 2025 artifact), and the
 * authors' published availability table. Each day is measured through `measureAvailability` on a 24x7 calendar with
 * partial outages weighted 0.3: the day's major minutes become one full outage from 00:00 UTC and its partial minutes
 * one partial outage right after it (the data give minutes per day, not instants; a status page shows one state per
 * minute, so the two never overlap and their placement within the day does not change the day's figure). The
 * statistics over the days (min, max, mean, median, shares of days above thresholds) must equal the published table
 * to its printed precision. The whole span of each service is also measured as one period, which must give the mean.
 */
const dataDir = new URL('../../../../shared/data/llm-service-outages-icpe25/', import.meta.url);
const present = existsSync(fileURLToPath(dataDir));
const title = 'daily availability reproduces the published ICPE 2025 availability table';

/** Service names of the outage file -> rows of the published table. */
const tableRowOf: Record<string, string> = {
  api: 'API-OpenAI',
  chatgpt: 'ChatGPT',
  labs: 'DALL·E',
  playground: 'Playground',
  'api.anthropic.com': 'API-Anthropic',
  'claude.ai': 'Claude',
  'console.anthropic.com': 'Console',
  'character.ai': 'Character.AI',
};

const columns = ['Min', 'Max', 'Mean', 'Median', '=100%', '>=99.999%', '>=99.99%', '>=99.9%', '>=99%', '>=90%', '<90%'];

interface DayRow {
  Date: string;
  Service: string;
  partial_outage_minutes: string;
  major_outage_minutes: string;
}

function outagesOfDay(dayStart: number, row: DayRow): Outage[] {
  const major = Number(row.major_outage_minutes) * MS_PER_MINUTE;
  const partial = Number(row.partial_outage_minutes) * MS_PER_MINUTE;
  expect(major + partial).toBeLessThanOrEqual(MS_PER_DAY);
  return [
    { from: dayStart, to: dayStart + major, severity: 'full' },
    { from: dayStart + major, to: dayStart + major + partial, severity: 'partial' },
  ];
}

const measure = (period: { from: number; to: number }, outages: Outage[]) =>
  measureAvailability({
    calendar: compileCalendar('24x7'),
    period,
    outages,
    maintenancePolicy: { mode: 'excluded', noticeHours: 0 },
    partialWeight: 0.3,
  });

describe('availability on real status-page data (../shared/data/llm-service-outages-icpe25)', () => {
  it.skipIf(!present)(present ? title : `${title} (skipped: ../shared/data not present)`, () => {
    const rows: DayRow[] = parse(readFileSync(new URL('clean/outage/2024-08-31/outage_unexploded.csv', dataDir)), {
      columns: true,
      skip_empty_lines: true,
    });
    const published: Record<string, string>[] = parse(
      readFileSync(new URL('published_table_service_availability.csv', dataDir)),
      { columns: true, skip_empty_lines: true, bom: true },
    );
    expect(rows).toHaveLength(5243);

    const days = new Map<string, { start: number; percent: number; outages: Outage[] }[]>();
    for (const row of rows) {
      const start = parseInstant(`${row.Date}T00:00:00Z`);
      const outages = outagesOfDay(start, row);
      const result = measure({ from: start, to: start + MS_PER_DAY }, outages);
      expect(result.trace.agreedServiceMs).toBe(MS_PER_DAY);
      const list = days.get(row.Service) ?? [];
      list.push({ start, percent: result.percent!, outages });
      days.set(row.Service, list);
    }
    expect([...days.keys()].sort()).toEqual(Object.keys(tableRowOf).sort());

    const mismatches: string[] = [];
    for (const [service, list] of days) {
      list.sort((a, b) => a.start - b.start);
      const expected = published.find((row) => row.Service === tableRowOf[service]);
      expect(expected, service).toBeDefined();
      const percents = list.map((day) => day.percent);
      const sorted = [...percents].sort((a, b) => a - b);
      const count = percents.length;
      const share = (predicate: (percent: number) => boolean) => (percents.filter(predicate).length / count) * 100;
      const middle = Math.floor(count / 2);
      const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;

      // The days of each service are contiguous, so the whole span as one period has the mean daily availability.
      const first = list[0]!.start;
      const last = list[count - 1]!.start;
      expect((last - first) / MS_PER_DAY + 1, `${service} days are contiguous`).toBe(count);
      const whole = measure(
        { from: first, to: last + MS_PER_DAY },
        list.flatMap((day) => day.outages),
      );
      expect(whole.trace.agreedServiceMs).toBe(count * MS_PER_DAY);

      const actual: Record<string, number> = {
        Min: sorted[0]!,
        Max: sorted[count - 1]!,
        Mean: whole.percent!,
        Median: median,
        '=100%': share((p) => p === 100),
        '>=99.999%': share((p) => p >= 99.999),
        '>=99.99%': share((p) => p >= 99.99),
        '>=99.9%': share((p) => p >= 99.9),
        '>=99%': share((p) => p >= 99),
        '>=90%': share((p) => p >= 90),
        '<90%': share((p) => p < 90),
      };
      for (const column of columns) {
        const printed = Number(expected![column]!.replace('%', ''));
        const ours = roundHalfAwayFromZero(actual[column]!, 2);
        if (ours !== printed)
          mismatches.push(`${tableRowOf[service]} ${column}: published ${printed}, ours ${ours} (${actual[column]})`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
