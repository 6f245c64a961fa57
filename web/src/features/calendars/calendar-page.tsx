/**
 * A business calendar: weekly hours (split and overnight shifts), holidays from regions, dates or an iCalendar file,
 * date overrides; then the open hours ahead and a due-date calculator. Saving a changed calendar rebuilds the clocks
 * of open tickets that use it (the server says how many).
 */
import { type FormEvent, useState } from 'react';
import { calendarsApi } from '../../api/calendars-api.ts';
import { ApiError } from '../../api/client.ts';
import type { Calendar } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { ErrorNotice, FormError, Loading, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { browserTimeZone } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { knownTimeZones } from '../../components/zoned-time.ts';
import { Link, useNavigate } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { type CalendarForm, checkCalendarForm, definitionOf, emptyCalendarForm, formOf } from './calendar-model.ts';
import { CalendarPreview } from './calendar-preview.tsx';
import { DueCalculator } from './due-calculator.tsx';
import { HolidaysEditor } from './holidays-editor.tsx';
import { OverridesEditor } from './overrides-editor.tsx';
import { WeeklyHoursEditor } from './weekly-hours-editor.tsx';

export function CalendarPage({ id }: { id: string | null }) {
  const calendar = useResource(async () => (id ? (await calendarsApi.get(id)).body : null), [id]);
  if (calendar.status === 'error')
    return (
      <>
        <PageHeader title="Calendar" />
        <ErrorNotice error={calendar.error} onRetry={calendar.reload} what="the calendar" />
      </>
    );
  if (calendar.data === undefined) return <Loading label="Loading the calendar…" />;
  return (
    <CalendarEditor
      key={`${calendar.data?.id}-${calendar.data?.revision}`}
      calendar={calendar.data}
      onSaved={calendar.reload}
    />
  );
}

function CalendarEditor({ calendar, onSaved }: { calendar: Calendar | null; onSaved: () => void }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const editable = can('calendars.write');
  const [name, setName] = useState(calendar?.name ?? '');
  const [slug, setSlug] = useState(calendar?.slug ?? '');
  const [form, setForm] = useState<CalendarForm>(() =>
    calendar ? formOf(calendar.definition, browserTimeZone()) : emptyCalendarForm(browserTimeZone()),
  );
  const [icalendar, setIcalendar] = useState<{ name: string; text: string } | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<CalendarForm>) => setForm((previous) => ({ ...previous, ...changes }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkCalendarForm(form);
    if (!name.trim()) found.name = 'Name the calendar.';
    if (!calendar && !/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(slug))
      found.slug = 'Lower-case letters, digits and hyphens.';
    setProblems(found);
    setError(null);
    setSaved(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const definition = definitionOf(form);
      if (calendar) {
        const result = await calendarsApi.update(
          calendar.id,
          { name: name.trim(), definition, ...(icalendar ? { icalendar: icalendar.text } : {}) },
          `"${calendar.revision}"`,
        );
        const rebuild = result.clockRebuild as { tickets?: number } | null;
        setSaved(`Saved.${rebuild?.tickets ? ` The clocks of ${rebuild.tickets} open ticket(s) were rebuilt.` : ''}`);
        onSaved();
      } else {
        const created = await calendarsApi.create({
          slug,
          name: name.trim(),
          definition,
          ...(icalendar ? { icalendar: icalendar.text } : {}),
        });
        navigate(`/calendars/${created.id}`);
      }
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.details.issues) {
        setProblems(
          Object.fromEntries(
            failure.details.issues.map((issue) => [issue.path.replace(/^definition\./, ''), issue.message]),
          ),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const disabled = !editable;
  return (
    <>
      <p className="small">
        <Link to="/calendars">← Calendars</Link>
      </p>
      <PageHeader
        title={calendar ? calendar.name : 'New calendar'}
        description={
          calendar ? `${calendar.slug} · revision ${calendar.revision}` : 'Agreements refer to it by its id.'
        }
      />
      <div className="split">
        <form className="stack" onSubmit={save} noValidate aria-label="Calendar">
          <FormError error={error} />
          {saved && (
            <Notice tone="success" role="status">
              {saved}
            </Notice>
          )}
          <fieldset disabled={disabled}>
            <legend>Calendar</legend>
            <div className="form-grid">
              <Field label="Name" error={problems.name}>
                <input value={name} onChange={(event) => setName(event.target.value)} />
              </Field>
              {!calendar && (
                <Field label="Id" hint="Agreements use it: calendar: { use: <id> }" error={problems.slug}>
                  <input value={slug} onChange={(event) => setSlug(event.target.value.toLowerCase())} />
                </Field>
              )}
              <Field label="Time zone" error={problems.timezone}>
                <input
                  list="time-zones"
                  value={form.timezone}
                  onChange={(event) => set({ timezone: event.target.value })}
                />
              </Field>
            </div>
            <datalist id="time-zones">
              {knownTimeZones().map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <label className="check" style={{ marginTop: '0.75rem' }}>
              <input
                type="checkbox"
                checked={form.always}
                onChange={(event) => set({ always: event.target.checked })}
              />
              Open around the clock (24x7, no holidays)
            </label>
          </fieldset>
          {!form.always && (
            <>
              <fieldset disabled={disabled}>
                <legend>Weekly hours</legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={form.weeklyAlways}
                    onChange={(event) => set({ weeklyAlways: event.target.checked })}
                  />
                  Every hour of the week (holidays and overrides still apply)
                </label>
                {!form.weeklyAlways && (
                  <WeeklyHoursEditor
                    shifts={form.shifts}
                    problems={problems}
                    disabled={disabled}
                    onChange={(shifts) => set({ shifts })}
                  />
                )}
              </fieldset>
              <HolidaysEditor
                regions={form.regions}
                dates={form.dates}
                icalendarName={icalendar?.name ?? null}
                problems={problems}
                disabled={disabled}
                onRegions={(regions) => set({ regions })}
                onDates={(dates) => set({ dates })}
                onIcalendar={setIcalendar}
              />
              <OverridesEditor
                overrides={form.overrides}
                problems={problems}
                disabled={disabled}
                onChange={(overrides) => set({ overrides })}
              />
            </>
          )}
          {editable && (
            <div>
              <Button type="submit" busy={busy}>
                {calendar ? 'Save the calendar' : 'Create the calendar'}
              </Button>
            </div>
          )}
        </form>
        <div>
          {calendar ? (
            <>
              <CalendarPreview calendarId={calendar.id} revision={calendar.revision} />
              <DueCalculator
                calendarId={calendar.id}
                timezone={calendar.definition === '24x7' ? 'UTC' : calendar.definition.timezone}
              />
            </>
          ) : (
            <Notice>The preview of open hours and the due-date calculator appear once the calendar is created.</Notice>
          )}
        </div>
      </div>
    </>
  );
}
