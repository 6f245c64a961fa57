/** "When is this due?": a start in the calendar's zone plus business hours and minutes, answered by the server. */
import { type FormEvent, useState } from 'react';
import { calendarsApi } from '../../api/calendars-api.ts';
import type { DueAnswer } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { formatInstant, formatMinutes, viewerTimeZone } from '../../components/time-format.ts';
import { isoToWallTime, wallTimeToIso } from '../../components/zoned-time.ts';

export function DueCalculator({ calendarId, timezone }: { calendarId: string; timezone: string }) {
  const [start, setStart] = useState(() => isoToWallTime(Date.now(), timezone));
  const [hours, setHours] = useState('8');
  const [minutes, setMinutes] = useState('0');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<DueAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const startIso = wallTimeToIso(start, timezone);
    if (!startIso) found.start = 'Give the start date and time.';
    const total = Number(hours || 0) * 60 + Number(minutes || 0);
    if (!Number.isFinite(total) || total < 0 || Number(hours) < 0 || Number(minutes) < 0)
      found.duration = 'Give a duration of zero or more.';
    setProblems(found);
    if (Object.keys(found).length > 0 || !startIso) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await calendarsApi.due(calendarId, startIso, total));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const viewer = viewerTimeZone();
  return (
    <section className="card" aria-labelledby="due-heading">
      <h2 id="due-heading">When is it due?</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={`Start (${timezone})`} error={problems.start}>
            <input type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} />
          </Field>
          <Field label="Business hours" error={problems.duration}>
            <input type="number" min={0} value={hours} onChange={(event) => setHours(event.target.value)} />
          </Field>
          <Field label="and minutes">
            <input
              type="number"
              min={0}
              max={59}
              value={minutes}
              onChange={(event) => setMinutes(event.target.value)}
            />
          </Field>
        </div>
        <div>
          <Button type="submit" busy={busy}>
            Calculate
          </Button>
        </div>
      </form>
      <FormError error={error} />
      {answer && (
        <div aria-live="polite">
          {answer.due === null ? (
            <Notice tone="warning">The calendar never opens again after this start: nothing is ever due.</Notice>
          ) : (
            <Notice tone="success" title={`Due ${formatInstant(answer.due, answer.timezone)}`}>
              <p>
                {formatMinutes(answer.minutes, 'business')} after {formatInstant(answer.start, answer.timezone)}
                {viewer !== answer.timezone && <> · your time: {formatInstant(answer.due, viewer)}</>}
              </p>
            </Notice>
          )}
        </div>
      )}
    </section>
  );
}
