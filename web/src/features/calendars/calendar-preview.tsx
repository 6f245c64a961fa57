/**
 * The open hours of the next weeks as the server computes them (holidays, overrides and DST applied), one row per
 * local date of the calendar's zone: the intervals in words and a 24-hour bar.
 */
import { useState } from 'react';
import { calendarsApi } from '../../api/calendars-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Field } from '../../components/field.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatMinutes } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { daysOf } from './calendar-days.ts';

export function CalendarPreview({ calendarId, revision }: { calendarId: string; revision: number }) {
  const [weeks, setWeeks] = useState(2);
  const preview = useResource(() => calendarsApi.preview(calendarId, weeks * 7), [calendarId, weeks, revision]);
  return (
    <section className="card" aria-labelledby="preview-heading">
      <div className="page-header">
        <h2 id="preview-heading">Open hours ahead</h2>
        <Field label="Weeks">
          <select value={weeks} onChange={(event) => setWeeks(Number(event.target.value))}>
            {[1, 2, 4, 8].map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <AsyncView resource={preview} what="the open hours">
        {(data) => (
          <>
            <p className="small muted">
              In {data.timezone}; open {formatMinutes(data.openMinutes, 'elapsed')} in all.
            </p>
            <TableScroll label="Open hours per day">
              <table>
                <caption className="visually-hidden">Open hours per day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Open</th>
                    <th scope="col" className="num">
                      Hours
                    </th>
                    <th scope="col" style={{ width: '40%' }}>
                      <span aria-hidden="true">00 — 12 — 24</span>
                      <span className="visually-hidden">Day bar</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {daysOf(data, weeks * 7).map((day) => (
                    <tr key={day.date}>
                      <td>{day.label}</td>
                      <td>
                        {day.intervals.length === 0
                          ? 'closed'
                          : day.intervals
                              .map(
                                (interval) => `${interval.start}–${interval.end}${interval.nextDay ? ' (+1 day)' : ''}`,
                              )
                              .join(', ')}
                      </td>
                      <td className="num">{formatMinutes(day.minutes, 'elapsed')}</td>
                      <td>
                        <div
                          aria-hidden="true"
                          style={{
                            position: 'relative',
                            height: 14,
                            background: '#eef1f5',
                            border: '1px solid #c5ced8',
                          }}
                        >
                          {day.intervals.map((interval) => (
                            <span
                              key={interval.start}
                              style={{
                                position: 'absolute',
                                top: 0,
                                bottom: 0,
                                left: `${(interval.startMinute / 1440) * 100}%`,
                                width: `${((interval.endMinute - interval.startMinute) / 1440) * 100}%`,
                                background: 'var(--clock-run)',
                              }}
                            />
                          ))}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </AsyncView>
    </section>
  );
}
