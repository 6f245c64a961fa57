/**
 * Timestamps of imported files: ISO-8601, or a day-first/month-first pattern such as `DD/MM/YYYY HH:mm`. A pattern is
 * compiled once into a regular expression (never `Date.parse`, which guesses month first and uses the host's zone);
 * the local date-time is converted in the mapping's zone with the core's fast local-time conversion, except when the
 * value carries its own offset (`Z`, `+02:00`, `+0200`): an explicit offset in the data wins.
 */
import { daysFromCivil, isCivilDateTime, MS_PER_DAY } from '../time/civil-date.ts';
import { instantOfLocalTime } from '../time/local-time.ts';

/** Epoch milliseconds of one cell, or undefined when it is not a timestamp of the format. */
export type TimestampReader = (text: string) => number | undefined;

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

/** Pattern tokens, longest first so `MM` is not read as two `M`. One-letter tokens accept one or two digits. */
const tokens: readonly { token: string; field: Field; regex: string }[] = [
  { token: 'YYYY', field: 'year', regex: '(\\d{4})' },
  { token: 'SSS', field: 'millisecond', regex: '(\\d{3})' },
  { token: 'MM', field: 'month', regex: '(\\d{2})' },
  { token: 'DD', field: 'day', regex: '(\\d{2})' },
  { token: 'HH', field: 'hour', regex: '(\\d{2})' },
  { token: 'mm', field: 'minute', regex: '(\\d{2})' },
  { token: 'ss', field: 'second', regex: '(\\d{2})' },
  { token: 'M', field: 'month', regex: '(\\d{1,2})' },
  { token: 'D', field: 'day', regex: '(\\d{1,2})' },
  { token: 'H', field: 'hour', regex: '(\\d{1,2})' },
];

const OFFSET = '(?:\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?))?';
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

interface CompiledPattern {
  readonly regex: RegExp;
  /** The capture group of each field (1-based), or 0 when the pattern lacks it (it is then 0, or 1 for day/month). */
  readonly groups: Readonly<Record<Field, number>>;
  readonly offsetGroup: number;
}

/** Compiles a format; returns a message saying what is wrong with it instead when it cannot be used. */
export function compileTimestampFormat(format: string, zone: string): TimestampReader | { error: string } {
  const pattern = format === 'iso' ? isoPattern() : compilePattern(format);
  if ('error' in pattern) return pattern;
  return createReader(pattern, zone);
}

function isoPattern(): CompiledPattern {
  return {
    regex: ISO,
    groups: { year: 1, month: 2, day: 3, hour: 4, minute: 5, second: 6, millisecond: 7 },
    offsetGroup: 8,
  };
}

function compilePattern(format: string): CompiledPattern | { error: string } {
  const groups: Record<Field, number> = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
  let source = '^';
  let group = 0;
  let index = 0;
  while (index < format.length) {
    const match = tokens.find((candidate) => format.startsWith(candidate.token, index));
    if (match !== undefined) {
      if (groups[match.field] !== 0) return { error: `the pattern names the ${match.field} twice` };
      group++;
      groups[match.field] = group;
      source += match.regex;
      index += match.token.length;
      continue;
    }
    const character = format[index]!;
    if (/[A-Za-z]/.test(character) && character !== 'T') {
      return {
        error: `unknown pattern letter "${character}" at position ${index + 1} (tokens: YYYY MM M DD D HH H mm ss SSS)`,
      };
    }
    source += /\s/.test(character) ? '\\s+' : escapeRegex(character);
    index++;
  }
  for (const field of ['year', 'month', 'day'] as const) {
    if (groups[field] === 0) return { error: `the pattern has no ${field} (YYYY, MM or M, DD or D)` };
  }
  return { regex: new RegExp(`${source}${OFFSET}$`), groups, offsetGroup: group + 1 };
}

function escapeRegex(character: string): string {
  return character.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function createReader(pattern: CompiledPattern, zone: string): TimestampReader {
  const { regex, groups, offsetGroup } = pattern;
  // Consecutive rows often repeat a timestamp (an event log's opened-at column repeats on every row of a case).
  let lastText = '';
  let lastInstant: number | undefined;
  return (text) => {
    if (text === lastText) return lastInstant;
    const match = regex.exec(text.trim());
    if (match === null) return undefined;
    const number = (group: number, absent: number) =>
      group === 0 || match[group] === undefined ? absent : Number(match[group]);
    const year = number(groups.year, 0);
    const month = number(groups.month, 1);
    const day = number(groups.day, 1);
    const hour = number(groups.hour, 0);
    const minute = number(groups.minute, 0);
    const second = number(groups.second, 0);
    const fraction = groups.millisecond === 0 ? undefined : match[groups.millisecond];
    const millisecond = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
    if (!isCivilDateTime(year, month, day, hour, minute, second)) return undefined;
    const localMs =
      daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
    const offset = match[offsetGroup];
    const instant = offset === undefined ? instantOfLocalTime(zone, localMs) : localMs - offsetMs(offset);
    lastText = text;
    lastInstant = instant;
    return instant;
  };
}

function offsetMs(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
