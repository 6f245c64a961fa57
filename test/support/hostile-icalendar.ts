/** iCalendar texts that cost a naive reader a lot, shared by the importer, HTTP and load tests (issue 19, finding 1). */

export const icalendarOf = (events: readonly string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');

export const eventOf = (uid: string, ...lines: string[]) =>
  ['BEGIN:VEVENT', `UID:${uid}`, ...lines, 'END:VEVENT'].join('\r\n');

/** The report's 10.8 KB file: 100 events of RRULE:FREQ=DAILY;COUNT=100000 (16 s to refuse a customer before). */
export const hundredDailyEvents = icalendarOf(
  Array.from({ length: 100 }, (_, index) =>
    eventOf(`daily-${index}`, 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY;COUNT=100000'),
  ),
);

/** The report's 150-byte event spanning 1900-9999 (stored 2.96 million dates before). */
export const eventOverEightMillennia = icalendarOf([
  eventOf('forever', 'DTSTART;VALUE=DATE:19000101', 'DTEND;VALUE=DATE:99991231'),
]);

/** A rule whose parts never match: ical.js looks for its second occurrence forever. */
export const neverEndingRule = icalendarOf([
  eventOf('never', 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'),
]);
