/** The preview's days: open intervals grouped by the local date (in the calendar's zone) they start on. */
import type { CalendarPreview as Preview } from '../../api/types.ts';

export interface Day {
  readonly date: string;
  readonly label: string;
  readonly intervals: { start: string; end: string; startMinute: number; endMinute: number; nextDay: boolean }[];
  readonly minutes: number;
}

/** Groups intervals by the local date they start on ("2026-11-23T08:00:00+01:00" -> 2026-11-23, 480). */
export function daysOf(preview: Preview, count: number): Day[] {
  const first = preview.from.slice(0, 10);
  const [year, month, day] = first.split('-').map(Number) as [number, number, number];
  const days: Day[] = [];
  for (let offset = 0; offset < count; offset++) {
    const date = new Date(Date.UTC(year, month - 1, day + offset));
    const iso = date.toISOString().slice(0, 10);
    const label = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      weekday: 'short',
      day: '2-digit',
      month: 'short',
    }).format(date);
    const intervals = preview.intervals
      .filter((interval) => interval.start.slice(0, 10) === iso)
      .map((interval) => {
        const minuteOf = (text: string) => Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16));
        const nextDay = interval.end.slice(0, 10) !== iso;
        return {
          start: interval.start.slice(11, 16),
          end: interval.end.slice(11, 16),
          startMinute: minuteOf(interval.start),
          endMinute: nextDay ? 1440 : minuteOf(interval.end),
          nextDay,
        };
      });
    const minutes = preview.intervals
      .filter((interval) => interval.start.slice(0, 10) === iso)
      .reduce((sum, interval) => sum + interval.minutes, 0);
    days.push({ date: iso, label, intervals, minutes });
  }
  return days;
}
