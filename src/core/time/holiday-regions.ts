/**
 * Public holidays of a region (`US`, `PL`, `DE-BY`, `TR`), resolved with `date-holidays` and cached per region and
 * year. Only holidays of type `public` count: banks, schools and observances do not close a service desk.
 */
import Holidays from 'date-holidays';
import { MS_PER_DAY, parseIsoDate } from './civil-date.ts';

const regionCatalogue = new Holidays();
const resolvers = new Map<string, Holidays>();
const yearCache = new Map<string, readonly number[]>();

/** Splits `DE-BY` into the parts date-holidays expects; returns undefined for an unknown country, state or region. */
export function parseHolidayRegion(code: string): { country: string; state?: string; region?: string } | undefined {
  const [country, state, region, ...rest] = code.trim().toUpperCase().split('-');
  if (!country || rest.length > 0) return undefined;
  if (!regionCatalogue.getCountries()?.[country]) return undefined;
  if (state === undefined) return { country };
  if (!regionCatalogue.getStates(country)?.[state]) return undefined;
  if (region === undefined) return { country, state };
  if (!regionCatalogue.getRegions(country, state)?.[region]) return undefined;
  return { country, state, region };
}

/** Day numbers of the public holidays of `code` that start in `year` (multi-day holidays give every day). */
export function publicHolidayDays(code: string, year: number): readonly number[] {
  const cacheKey = `${code}|${year}`;
  const cached = yearCache.get(cacheKey);
  if (cached) return cached;
  const resolver = holidayResolver(code);
  const days: number[] = [];
  for (const holiday of resolver.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const firstDay = parseIsoDate(holiday.date.slice(0, 10));
    if (firstDay === undefined) continue;
    // Multi-day holidays (e.g. Kurban Bayrami) span several days; a DST day may make the span 23 or 25 hours long,
    // and Islamic holidays may start the evening before (a half day), so count whole days with a small tolerance.
    const spanDays = Math.max(1, Math.floor((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY + 0.1));
    for (let offset = 0; offset < spanDays; offset++) days.push(firstDay + offset);
  }
  yearCache.set(cacheKey, days);
  return days;
}

function holidayResolver(code: string): Holidays {
  let resolver = resolvers.get(code);
  if (!resolver) {
    const parsed = parseHolidayRegion(code);
    if (!parsed) throw new Error(`unknown holiday region ${code}`);
    const options = { types: ['public' as const] };
    if (parsed.region && parsed.state) resolver = new Holidays(parsed.country, parsed.state, parsed.region, options);
    else if (parsed.state) resolver = new Holidays(parsed.country, parsed.state, options);
    else resolver = new Holidays(parsed.country, options);
    resolvers.set(code, resolver);
  }
  return resolver;
}
