/**
 * Business-time benchmark: Covenant against dayjs-business-time and moment-business-time, in one run, on the same
 * calendar (America/New_York, Mon-Fri 09:00-17:00, US public holidays), for 8-hour and 2,000-hour deadlines and for
 * elapsed business time over a month and a year. Prints ops/s side by side and the ratios; with --json the last line
 * is one JSON object of the figures.
 *
 *   npm run bench:clock [-- --json] [-- --seconds 1.5]
 *
 * The peers work in the host's local time zone, so the host zone is set to America/New_York before they load;
 * Covenant takes the zone from its calendar and is unaffected by it.
 */
process.env.TZ = 'America/New_York';

import { performance } from 'node:perf_hooks';
import Holidays from 'date-holidays';
import dayjs from 'dayjs';
import dayjsBusinessTime from 'dayjs-business-time';
import moment from 'moment';
import 'moment-business-time';
import {
  addBusinessMinutes,
  compileCalendar,
  elapsedBusinessMinutes,
  formatInstant,
  parseInstant,
} from '../src/core/time/index.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const secondsArg = args.indexOf('--seconds');
const secondsPerCase = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 1.5;

const ZONE = 'America/New_York';
const HOUR = 60;
const DAY_MS = 86_400_000;

// --- the same calendar in three libraries -------------------------------------------------------------------------
const usHolidays = new Holidays('US');
const holidayDates: string[] = [];
for (let year = 2023; year <= 2028; year++) {
  for (const holiday of usHolidays.getHolidays(year)) {
    if (holiday.type === 'public') holidayDates.push(holiday.date.slice(0, 10));
  }
}

const covenantCalendar = compileCalendar({
  timezone: ZONE,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
  holidays: { region: 'US' },
});

dayjs.extend(dayjsBusinessTime);
const dayjsWithBusinessTime = dayjs as unknown as {
  setHolidays(dates: string[]): void;
  setBusinessTime(map: Record<string, { start: string; end: string }[] | null>): void;
};
const office = [{ start: '09:00:00', end: '17:00:00' }];
dayjsWithBusinessTime.setHolidays(holidayDates);
dayjsWithBusinessTime.setBusinessTime({
  sunday: null,
  monday: office,
  tuesday: office,
  wednesday: office,
  thursday: office,
  friday: office,
  saturday: null,
});

moment.updateLocale('en', {
  workinghours: {
    0: null,
    1: ['09:00:00', '17:00:00'],
    2: ['09:00:00', '17:00:00'],
    3: ['09:00:00', '17:00:00'],
    4: ['09:00:00', '17:00:00'],
    5: ['09:00:00', '17:00:00'],
    6: null,
  },
  holidays: holidayDates,
} as moment.LocaleSpecification);

interface BusinessDayjs {
  addBusinessMinutes(minutes: number): { valueOf(): number };
  businessMinutesDiff(other: unknown): number;
}
interface BusinessMoment {
  addWorkingTime(amount: number, unit: string): { valueOf(): number };
  workingDiff(other: unknown, unit: string): number;
}

// --- inputs: fixed pseudo-random starts over 2024-2025 --------------------------------------------------------------
let seed = 20261123;
function random(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const baseStart = parseInstant('2024-01-01T00:00:00-05:00');
const starts = Array.from({ length: 4096 }, () => baseStart + Math.floor(random() * 700 * 24 * 60) * 60_000);

type Library = 'covenant' | 'dayjs-business-time' | 'moment-business-time';
type CaseName = 'add8h' | 'add2000h' | 'elapsedMonth' | 'elapsedYear';

const operations: Record<Library, Record<CaseName, (start: number) => number>> = {
  covenant: {
    add8h: (start) => addBusinessMinutes(covenantCalendar, start, 8 * HOUR) ?? 0,
    add2000h: (start) => addBusinessMinutes(covenantCalendar, start, 2000 * HOUR) ?? 0,
    elapsedMonth: (start) => elapsedBusinessMinutes(covenantCalendar, start, start + 30 * DAY_MS),
    elapsedYear: (start) => elapsedBusinessMinutes(covenantCalendar, start, start + 365 * DAY_MS),
  },
  'dayjs-business-time': {
    add8h: (start) => (dayjs(start) as unknown as BusinessDayjs).addBusinessMinutes(8 * HOUR).valueOf(),
    add2000h: (start) => (dayjs(start) as unknown as BusinessDayjs).addBusinessMinutes(2000 * HOUR).valueOf(),
    // dayjs-business-time's diff runs the other way round: a.businessMinutesDiff(b) is the time from a to b.
    elapsedMonth: (start) => (dayjs(start) as unknown as BusinessDayjs).businessMinutesDiff(dayjs(start + 30 * DAY_MS)),
    elapsedYear: (start) => (dayjs(start) as unknown as BusinessDayjs).businessMinutesDiff(dayjs(start + 365 * DAY_MS)),
  },
  'moment-business-time': {
    add8h: (start) => (moment(start) as unknown as BusinessMoment).addWorkingTime(8 * HOUR, 'minutes').valueOf(),
    add2000h: (start) => (moment(start) as unknown as BusinessMoment).addWorkingTime(2000 * HOUR, 'minutes').valueOf(),
    elapsedMonth: (start) =>
      (moment(start + 30 * DAY_MS) as unknown as BusinessMoment).workingDiff(moment(start), 'minutes'),
    elapsedYear: (start) =>
      (moment(start + 365 * DAY_MS) as unknown as BusinessMoment).workingDiff(moment(start), 'minutes'),
  },
};

/** Covenant with ISO strings in and out (the cost a caller pays at the edge), for the table only. */
const covenantIso = (start: string) =>
  formatInstant(addBusinessMinutes(covenantCalendar, parseInstant(start), 8 * HOUR) ?? 0, ZONE);

function measure(operation: (start: number) => unknown): number {
  // Warm up (JIT, and for Covenant the one-time compilation of the years touched), then time whole batches.
  const warmUntil = performance.now() + Math.min(300, secondsPerCase * 200);
  let index = 0;
  while (performance.now() < warmUntil) operation(starts[index++ & 4095]!);
  let operations = 0;
  let sink = 0;
  const begin = performance.now();
  const deadline = begin + secondsPerCase * 1000;
  let now = begin;
  let batch = 1;
  while (now < deadline) {
    for (let i = 0; i < batch; i++) sink += Number(operation(starts[(operations + i) & 4095]!)) > 0 ? 1 : 0;
    operations += batch;
    now = performance.now();
    if (now - begin < 50) batch *= 2;
  }
  if (sink < 0) throw new Error('unreachable: keeps the results alive');
  return operations / ((now - begin) / 1000);
}

const cases: CaseName[] = ['add8h', 'add2000h', 'elapsedMonth', 'elapsedYear'];
const libraries: Library[] = ['covenant', 'dayjs-business-time', 'moment-business-time'];
const results = Object.fromEntries(libraries.map((library) => [library, {}])) as Record<
  Library,
  Record<CaseName, number>
>;

const compileStarted = performance.now();
const coldCalendar = compileCalendar({
  timezone: ZONE,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
  holidays: { region: 'US', dates: ['1999-12-31'] },
});
addBusinessMinutes(coldCalendar, baseStart, 8 * HOUR);
const coldMs = performance.now() - compileStarted;

for (const caseName of cases) {
  for (const library of libraries) {
    process.stderr.write(`measuring ${library} ${caseName}...\n`);
    results[library][caseName] = measure(operations[library][caseName]);
  }
}
const isoStarts = starts.map((start) => formatInstant(start, ZONE));
let isoIndex = 0;
const covenantIsoRate = measure(() => covenantIso(isoStarts[isoIndex++ & 4095]!).length);

// --- agreement on results: how often the peers give Covenant's answer on the same inputs ---------------------------
function agreement(library: Library, caseName: CaseName): string {
  const sample = starts.slice(0, caseName === 'add2000h' || caseName === 'elapsedYear' ? 20 : 400);
  const same = sample.filter(
    (start) => operations[library][caseName](start) === operations.covenant[caseName](start),
  ).length;
  return `${Math.round((100 * same) / sample.length)}%`;
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');
const lines: string[] = [];
lines.push(`Business-time benchmark: ${ZONE}, Mon-Fri 09:00-17:00, US public holidays; ${secondsPerCase}s per case`);
lines.push(`node ${process.version}; ops/s on one core (higher is better)`);
lines.push('');
lines.push(
  `${'case'.padEnd(14)}${'covenant'.padStart(14)}${'dayjs-b-t'.padStart(14)}${'moment-b-t'.padStart(14)}${'x dayjs'.padStart(12)}${'x moment'.padStart(12)}${'same as covenant (dayjs/moment)'.padStart(34)}`,
);
for (const caseName of cases) {
  const ours = results.covenant[caseName];
  const dayjsRate = results['dayjs-business-time'][caseName];
  const momentRate = results['moment-business-time'][caseName];
  lines.push(
    `${caseName.padEnd(14)}${format(ours).padStart(14)}${format(dayjsRate).padStart(14)}${format(momentRate).padStart(14)}${`${format(ours / dayjsRate)}x`.padStart(12)}${`${format(ours / momentRate)}x`.padStart(12)}${`${agreement('dayjs-business-time', caseName)} / ${agreement('moment-business-time', caseName)}`.padStart(34)}`,
  );
}
lines.push('');
lines.push(`covenant add8h with ISO strings parsed and formatted per call: ${format(covenantIsoRate)} ops/s`);
lines.push(`covenant one-time compile of a new calendar (first query, one year): ${coldMs.toFixed(1)} ms`);
lines.push(
  `bars: add8h >= 1,000,000 ops/s: ${results.covenant.add8h >= 1_000_000 ? 'met' : 'NOT MET'}; add2000h >= 500,000 ops/s: ${results.covenant.add2000h >= 500_000 ? 'met' : 'NOT MET'}`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (asJson) {
  const rounded = Object.fromEntries(
    libraries.map((library) => [
      library,
      Object.fromEntries(cases.map((caseName) => [caseName, Math.round(results[library][caseName])])),
    ]),
  );
  process.stdout.write(`${JSON.stringify(rounded)}\n`);
}
