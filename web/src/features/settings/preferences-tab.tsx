/** The time zone the UI shows instants in, and which notifications reach the user, by which channel. */
import { type FormEvent, useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import type { NotificationPreferences } from '../../api/monitoring-types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { browserTimeZone, isTimeZone, setViewerTimeZone, viewerTimeZone } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { knownTimeZones } from '../../components/zoned-time.ts';

export function PreferencesTab() {
  const preferences = useResource(() => monitoringApi.preferences(), []);
  return (
    <div className="stack">
      <DisplayZone />
      <section className="card" aria-labelledby="notification-preferences">
        <h2 id="notification-preferences">Notifications</h2>
        <AsyncView resource={preferences} what="your notification preferences">
          {(data) => <PreferencesForm initial={data} onSaved={preferences.reload} />}
        </AsyncView>
      </section>
    </div>
  );
}

function DisplayZone() {
  const [zone, setZone] = useState(viewerTimeZone());
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!isTimeZone(zone)) {
      setError('Use an IANA time zone such as Europe/Warsaw.');
      return;
    }
    setError(null);
    setViewerTimeZone(zone === browserTimeZone() ? null : zone);
    setSaved(true);
  };
  return (
    <section className="card" aria-labelledby="display-zone">
      <h2 id="display-zone">Time zone of this browser's screens</h2>
      <form className="row" onSubmit={save} noValidate>
        <Field label="Show times in" hint={`This browser's own zone is ${browserTimeZone()}.`} error={error}>
          <input list="zones" value={zone} onChange={(event) => setZone(event.target.value)} />
        </Field>
        <datalist id="zones">
          {knownTimeZones().map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <Button type="submit" variant="secondary">
          Use this zone
        </Button>
      </form>
      {saved && (
        <Notice tone="success" role="status">
          Saved for this browser; screens opened from now on use it.
        </Notice>
      )}
    </section>
  );
}

const kindLabels = {
  warning: 'Warnings (a clock crossed a warning threshold)',
  escalation: 'Escalations',
  breach: 'Breaches',
  report: 'Reports ready',
} as const;

function PreferencesForm({ initial, onSaved }: { initial: NotificationPreferences; onSaved: () => void }) {
  const [form, setForm] = useState(initial);
  const [zoneError, setZoneError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (form.timeZone && !isTimeZone(form.timeZone)) {
      setZoneError('Use an IANA time zone such as Europe/Warsaw, or leave it empty.');
      return;
    }
    setZoneError(null);
    setBusy(true);
    setError(null);
    try {
      await monitoringApi.savePreferences({ ...form, timeZone: form.timeZone || null });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormError error={error} />
      {saved && (
        <Notice tone="success" role="status">
          Preferences saved.
        </Notice>
      )}
      <fieldset>
        <legend>Channels</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.checked })}
          />
          By e-mail
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.inApp}
            onChange={(event) => setForm({ ...form, inApp: event.target.checked })}
          />
          In Covenant (the Notifications tab)
        </label>
      </fieldset>
      <fieldset>
        <legend>What to be told about</legend>
        {(Object.keys(kindLabels) as (keyof typeof kindLabels)[]).map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={form.kinds[kind]}
              onChange={(event) => setForm({ ...form, kinds: { ...form.kinds, [kind]: event.target.checked } })}
            />
            {kindLabels[kind]}
          </label>
        ))}
      </fieldset>
      <Field label="Time zone of e-mailed times" hint="Empty: your own zone, else the agreement's." error={zoneError}>
        <input
          value={form.timeZone ?? ''}
          list="zones"
          onChange={(event) => setForm({ ...form, timeZone: event.target.value })}
        />
      </Field>
      <div>
        <Button type="submit" busy={busy}>
          Save preferences
        </Button>
      </div>
    </form>
  );
}
