/**
 * Weekly working hours as rows of (days, start, end). Two rows on the same day make a split shift; a row whose end is
 * before its start runs overnight into the next day.
 */
import type { Weekday } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { isOvernight, rowId, type Shift, weekdayNames, weekdays } from './calendar-model.ts';

export function WeeklyHoursEditor({
  shifts,
  problems,
  disabled,
  onChange,
}: {
  shifts: Shift[];
  problems: Record<string, string>;
  disabled: boolean;
  onChange: (shifts: Shift[]) => void;
}) {
  const update = (index: number, changes: Partial<Shift>) =>
    onChange(shifts.map((shift, position) => (position === index ? { ...shift, ...changes } : shift)));
  const toggleDay = (index: number, day: Weekday) => {
    const days = shifts[index]!.days;
    update(index, {
      days: days.includes(day)
        ? days.filter((entry) => entry !== day)
        : weekdays.filter((entry) => entry === day || days.includes(entry)),
    });
  };
  return (
    <div className="stack">
      {problems.weekly && <p className="field-error">{problems.weekly}</p>}
      {shifts.map((shift, index) => {
        const label = `Interval ${index + 1}`;
        return (
          <fieldset key={shift.id} disabled={disabled}>
            <legend>{label}</legend>
            <fieldset className="row" style={{ border: 'none', padding: 0 }}>
              <legend className="visually-hidden">{`Days of ${label}`}</legend>
              {weekdays.map((day) => (
                <label key={day} className="check">
                  <input type="checkbox" checked={shift.days.includes(day)} onChange={() => toggleDay(index, day)} />
                  <span title={weekdayNames[day]}>{day.charAt(0).toUpperCase() + day.slice(1)}</span>
                </label>
              ))}
            </fieldset>
            {problems[`weekly.${index}.days`] && <p className="field-error">{problems[`weekly.${index}.days`]}</p>}
            <div className="row" style={{ marginTop: '0.5rem' }}>
              <label className="field">
                <span className="label">From</span>
                <input
                  type="time"
                  value={shift.start}
                  aria-invalid={Boolean(problems[`weekly.${index}.start`]) || undefined}
                  onChange={(event) => update(index, { start: event.target.value })}
                />
              </label>
              <label className="field">
                <span className="label">To</span>
                <input
                  type="time"
                  value={shift.end}
                  aria-invalid={Boolean(problems[`weekly.${index}.end`]) || undefined}
                  onChange={(event) => update(index, { end: event.target.value })}
                />
              </label>
              {isOvernight(shift) && (
                <span className="small">
                  {shift.end === '00:00' ? 'until midnight' : `overnight: ends at ${shift.end} the next day`}
                </span>
              )}
              <Button
                variant="link"
                onClick={() => onChange(shifts.filter((_, position) => position !== index))}
                aria-label={`Remove ${label}`}
              >
                Remove
              </Button>
            </div>
            {[`weekly.${index}.start`, `weekly.${index}.end`].map(
              (key) =>
                problems[key] && (
                  <p key={key} className="field-error">
                    {problems[key]}
                  </p>
                ),
            )}
          </fieldset>
        );
      })}
      {!disabled && (
        <div className="row">
          <Button
            variant="secondary"
            onClick={() =>
              onChange([
                ...shifts,
                { id: rowId(), days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '13:00', end: '17:00' },
              ])
            }
          >
            Add an interval (split shift)
          </Button>
          <Button
            variant="secondary"
            onClick={() =>
              onChange([
                ...shifts,
                { id: rowId(), days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '06:00' },
              ])
            }
          >
            Add a night shift
          </Button>
        </div>
      )}
    </div>
  );
}
