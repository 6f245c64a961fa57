/**
 * Reads a calendar from a JSON or YAML file (or the word `24x7`). A calendar file may name iCalendar files under
 * `holidays.ical` (paths relative to the calendar file); their dates are merged into `holidays.dates` here, so the
 * core only ever sees local dates.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { holidayDatesFromIcal } from '../importers/icalendar-holidays.ts';
import { CliError } from './cli-io.ts';

const ICAL_YEARS = { fromYear: 1990, toYear: 2100 };

export function loadCalendarFile(pathOrKeyword: string, cwd: string): unknown {
  if (pathOrKeyword === '24x7') return '24x7';
  const path = resolve(cwd, pathOrKeyword);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError('FILE_NOT_READABLE', `cannot read calendar file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new CliError('CALENDAR_FILE_INVALID', `${path} is neither JSON nor YAML: ${(error as Error).message}`);
  }
  return resolveIcalHolidays(document, dirname(path));
}

/** Replaces `holidays.ical` (a path or a list of paths) with the dates found in those files. */
export function resolveIcalHolidays(calendar: unknown, baseDirectory: string): unknown {
  if (typeof calendar !== 'object' || calendar === null) return calendar;
  const holidays = (calendar as { holidays?: unknown }).holidays;
  if (typeof holidays !== 'object' || holidays === null || Array.isArray(holidays) || !('ical' in holidays)) {
    return calendar;
  }
  const { ical, ...rest } = holidays as { ical: unknown; dates?: unknown };
  const files = Array.isArray(ical) ? ical : [ical];
  const dates = Array.isArray(rest.dates) ? [...rest.dates] : [];
  for (const file of files) {
    if (typeof file !== 'string') throw new CliError('CALENDAR_FILE_INVALID', 'holidays.ical must be a file path');
    const path = resolve(baseDirectory, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError('FILE_NOT_READABLE', `cannot read iCalendar file ${path}: ${(error as Error).message}`);
    }
    try {
      dates.push(...holidayDatesFromIcal(text, ICAL_YEARS));
    } catch (error) {
      throw new CliError('ICALENDAR_INVALID', `${path}: ${(error as Error).message}`);
    }
  }
  return { ...calendar, holidays: { ...rest, dates } };
}
