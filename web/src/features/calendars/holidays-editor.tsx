/**
 * Holidays: public holidays of one or more regions (codes of the date-holidays package, e.g. PL or DE-HE), explicit
 * local dates, and the dates of an iCalendar file's events (read by the server when the calendar is saved).
 */
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Field } from '../../components/field.tsx';

export function HolidaysEditor({
  regions,
  dates,
  icalendarName,
  problems,
  disabled,
  onRegions,
  onDates,
  onIcalendar,
}: {
  regions: string;
  dates: string[];
  icalendarName: string | null;
  problems: Record<string, string>;
  disabled: boolean;
  onRegions: (regions: string) => void;
  onDates: (dates: string[]) => void;
  onIcalendar: (file: { name: string; text: string } | null) => void;
}) {
  const [date, setDate] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  return (
    <fieldset disabled={disabled}>
      <legend>Holidays</legend>
      <div className="stack">
        <Field
          label="Public holidays of the regions"
          hint="Country or region codes, separated by commas, e.g. PL or DE-HE, US-NY."
          error={problems['holidays.region']}
        >
          <input value={regions} onChange={(event) => onRegions(event.target.value.toUpperCase())} />
        </Field>
        <div>
          <span className="label">Other closed dates</span>
          {dates.length === 0 ? (
            <p className="small muted">None.</p>
          ) : (
            <ul className="row" style={{ listStyle: 'none', padding: 0 }}>
              {dates.map((entry) => (
                <li key={entry} className="badge">
                  {entry}{' '}
                  <Button
                    variant="link"
                    aria-label={`Remove ${entry}`}
                    onClick={() => onDates(dates.filter((other) => other !== entry))}
                  >
                    ×
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <Field label="Add a date">
              <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
            </Field>
            <Button
              variant="secondary"
              disabled={!date}
              onClick={() => {
                if (date && !dates.includes(date)) onDates([...dates, date].sort());
                setDate('');
              }}
            >
              Add
            </Button>
          </div>
        </div>
        <Field
          label="Closures from an iCalendar file (.ics)"
          hint={
            icalendarName
              ? `${icalendarName}: its event dates are added to the holidays when you save.`
              : 'The dates of its events become holidays when you save.'
          }
          error={fileError}
        >
          <input
            type="file"
            accept=".ics,text/calendar"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              setFileError(null);
              if (!file) return onIcalendar(null);
              if (file.size > 900_000) {
                setFileError('The file is too large (at most 900 kB).');
                return onIcalendar(null);
              }
              const text = await file.text();
              if (!text.includes('BEGIN:VCALENDAR')) {
                setFileError('This is not an iCalendar file (no BEGIN:VCALENDAR).');
                return onIcalendar(null);
              }
              onIcalendar({ name: file.name, text });
            }}
          />
        </Field>
      </div>
    </fieldset>
  );
}
