/** Date overrides: a local date whose hours replace the weekly hours (no interval: closed all day). */
import { Button } from '../../components/button.tsx';
import { type Override, rowId } from './calendar-model.ts';

export function OverridesEditor({
  overrides,
  problems,
  disabled,
  onChange,
}: {
  overrides: Override[];
  problems: Record<string, string>;
  disabled: boolean;
  onChange: (overrides: Override[]) => void;
}) {
  const update = (index: number, next: Override) =>
    onChange(overrides.map((override, position) => (position === index ? next : override)));
  return (
    <fieldset disabled={disabled}>
      <legend>Date overrides</legend>
      {overrides.length === 0 && <p className="small muted">None: every date follows the weekly hours.</p>}
      <div className="stack">
        {overrides.map((override, index) => (
          <div key={override.id} className="card stack">
            <div className="row">
              <label className="field">
                <span className="label">Date</span>
                <input
                  type="date"
                  value={override.date}
                  aria-invalid={Boolean(problems[`overrides.${index}.date`]) || undefined}
                  onChange={(event) => update(index, { ...override, date: event.target.value })}
                />
              </label>
              <span className="small">
                {override.intervals.length === 0 ? 'Closed all day' : `${override.intervals.length} interval(s)`}
              </span>
              <Button
                variant="link"
                aria-label={`Remove the override of ${override.date || 'the new date'}`}
                onClick={() => onChange(overrides.filter((_, position) => position !== index))}
              >
                Remove
              </Button>
            </div>
            {problems[`overrides.${index}.date`] && (
              <p className="field-error">{problems[`overrides.${index}.date`]}</p>
            )}
            {override.intervals.map((interval, intervalIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an interval is its position in the list (no identity to keep)
              <div className="row" key={intervalIndex}>
                <label className="field">
                  <span className="label">From</span>
                  <input
                    type="time"
                    value={interval.start}
                    onChange={(event) =>
                      update(index, {
                        ...override,
                        intervals: override.intervals.map((entry, position) =>
                          position === intervalIndex ? { ...entry, start: event.target.value } : entry,
                        ),
                      })
                    }
                  />
                </label>
                <label className="field">
                  <span className="label">To</span>
                  <input
                    type="time"
                    value={interval.end}
                    onChange={(event) =>
                      update(index, {
                        ...override,
                        intervals: override.intervals.map((entry, position) =>
                          position === intervalIndex ? { ...entry, end: event.target.value } : entry,
                        ),
                      })
                    }
                  />
                </label>
                <Button
                  variant="link"
                  onClick={() =>
                    update(index, {
                      ...override,
                      intervals: override.intervals.filter((_, position) => position !== intervalIndex),
                    })
                  }
                >
                  Remove interval
                </Button>
              </div>
            ))}
            <div>
              <Button
                variant="secondary"
                onClick={() =>
                  update(index, { ...override, intervals: [...override.intervals, { start: '10:00', end: '14:00' }] })
                }
              >
                Add open hours on this date
              </Button>
            </div>
          </div>
        ))}
        {!disabled && (
          <div>
            <Button
              variant="secondary"
              onClick={() => onChange([...overrides, { id: rowId(), date: '', intervals: [] }])}
            >
              Add an override
            </Button>
          </div>
        )}
      </div>
    </fieldset>
  );
}
