/**
 * The periods a compliance report looks at besides its own (decision 0014): the period before it, of the same kind
 * (the month, quarter, ISO week, day or year before; for a range of instants, the range of the same length that ends
 * where it starts), and the twelve months of its trend, ending with the month in which the period ends.
 */
import { civilFromDays, daysFromCivil } from '../../core/time/civil-date.ts';
import { isoWeeksInYear } from '../facts/period-label.ts';
import { monthIndex, monthLabelAt, type ResultsPeriod, type ResultsPeriodRequest } from '../results/results-period.ts';

export const TREND_MONTHS = 12;

/** The request for the period before `period`. */
export function previousPeriodRequest(period: ResultsPeriod): ResultsPeriodRequest {
  if (period.kind === 'range' || period.label === null) {
    return { from: period.from - (period.to - period.from), to: period.from };
  }
  const label = period.label;
  switch (period.kind) {
    case 'year':
      return { period: String(Number(label) - 1).padStart(4, '0') };
    case 'quarter': {
      const [year, quarter] = label.split('-Q').map(Number) as [number, number];
      return { period: quarter === 1 ? `${pad(year - 1, 4)}-Q4` : `${pad(year, 4)}-Q${quarter - 1}` };
    }
    case 'month': {
      const index = monthIndex(label) - 1;
      return { period: `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}` };
    }
    case 'week': {
      const [year, week] = label.split('-W').map(Number) as [number, number];
      return {
        period:
          week === 1
            ? `${pad(year - 1, 4)}-W${pad(isoWeeksInYear(year - 1), 2)}`
            : `${pad(year, 4)}-W${pad(week - 1, 2)}`,
      };
    }
    case 'day': {
      const [year, month, day] = label.split('-').map(Number) as [number, number, number];
      const previous = civilFromDays(daysFromCivil(year, month, day) - 1);
      return { period: `${pad(previous.year, 4)}-${pad(previous.month, 2)}-${pad(previous.day, 2)}` };
    }
  }
}

/** The month label of the trend's last month: the month (in the period's zone) in which the period ends. */
export function trendEndMonth(period: ResultsPeriod, now: number): string {
  return monthLabelAt(period.timeZone, Math.min(period.to, now) - 1).label;
}

/** The labels of the `count` months ending with `last`, oldest first. */
export function monthLabelsEndingWith(last: string, count: number): string[] {
  const end = monthIndex(last);
  return Array.from({ length: count }, (_, offset) => {
    const index = end - count + 1 + offset;
    return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
  });
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
