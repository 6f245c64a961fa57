/** Business calendars and business-time arithmetic: the public surface of `core/time`. */
export {
  addBusinessMinutes,
  addBusinessMs,
  CompiledCalendar,
  compileCalendar,
  compileDefinition,
  elapsedBusinessMinutes,
  elapsedBusinessMs,
  isOpen,
  nextOpening,
  openIntervals,
  type TimeSpan,
} from './business-time.ts';
export {
  type CalendarDefinition,
  type CalendarInput,
  calendarInputSchema,
  defineCalendar,
  hasAnyWorkingTime,
  type MinuteInterval,
} from './calendar-definition.ts';
export { MS_PER_DAY, MS_PER_MINUTE } from './civil-date.ts';
export { type DurationKind, formatDuration } from './duration-text.ts';
export { formatInstant, formatInstantUtc, parseInstant } from './instant.ts';
export { instantOfLocalDateTime, instantOfLocalTime } from './local-time.ts';
export { canonicalTimeZone } from './time-zone.ts';
