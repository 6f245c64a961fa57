/**
 * A customer's own fields: name, id (chosen once, at creation), time zone and e-mail domains. The server's refusals
 * are shown at the field they concern, in its words.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { CustomerInput } from '../../api/customers-api.ts';
import type { Customer } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { knownTimeZones } from '../../components/zoned-time.ts';
import { DomainChipInput } from './domain-chip-input.tsx';

const FIELDS = ['slug', 'name', 'timezone', 'emailDomains'];

/** "ACME Manufacturing S.A." -> "acme-manufacturing-s-a": a first suggestion for the id. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export function CustomerForm({
  customer,
  onSave,
}: {
  customer: Customer | null;
  onSave: (input: CustomerInput) => Promise<void>;
}) {
  const [form, setForm] = useState({
    name: customer?.name ?? '',
    slug: customer?.slug ?? '',
    timezone: customer?.timezone ?? '',
    emailDomains: [...(customer?.emailDomains ?? [])],
  });
  const [slugTouched, setSlugTouched] = useState(Boolean(customer));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => {
    const all = knownTimeZones();
    return all.includes('UTC') ? all : ['UTC', ...all];
  }, []);
  const server = fieldErrorsOf(error, FIELDS);
  const chipProblems = { ...server.byField };
  // A domain another customer holds: the server names it; mark its chip.
  const taken = error instanceof ApiError && typeof error.details.domain === 'string' ? error.details.domain : null;
  const takenIndex = taken ? form.emailDomains.indexOf(taken) : -1;
  if (takenIndex >= 0 && server.byField.emailDomains)
    chipProblems[`emailDomains.${takenIndex}`] = server.byField.emailDomains;
  const problem = (field: string) => local[field] ?? server.byField[field];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (form.name.trim() === '') found.name = 'Give the customer a name.';
    if (!customer && !/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(form.slug))
      found.slug = 'Use lower-case letters, digits and single hyphens, e.g. "acme".';
    setLocal(found);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({
        slug: form.slug,
        name: form.name.trim(),
        timezone: form.timezone || null,
        emailDomains: form.emailDomains,
      });
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={customer ? 'Customer details' : 'New customer'}>
      <FormError error={server.other} />
      {saved && customer && (
        <Notice tone="success" role="status">
          Saved.
        </Notice>
      )}
      <div className="form-grid">
        <Field label="Name" error={problem('name')}>
          <input
            value={form.name}
            maxLength={200}
            onChange={(event) => {
              const name = event.target.value;
              setForm((previous) => ({ ...previous, name, ...(slugTouched ? {} : { slug: slugOf(name) }) }));
            }}
          />
        </Field>
        {customer ? (
          <Field label="Id" hint="Chosen when the customer was created; agreements refer to it.">
            <input value={form.slug} readOnly className="mono" />
          </Field>
        ) : (
          <Field label="Id" hint="Lower case, digits and hyphens; agreements refer to it." error={problem('slug')}>
            <input
              value={form.slug}
              maxLength={64}
              className="mono"
              onChange={(event) => {
                setSlugTouched(true);
                setForm((previous) => ({ ...previous, slug: event.target.value }));
              }}
            />
          </Field>
        )}
        <Field
          label="Time zone"
          hint="The zone the customer's people live in: acknowledgements name times in it."
          error={problem('timezone')}
        >
          <select value={form.timezone} onChange={(event) => setForm({ ...form, timezone: event.target.value })}>
            <option value="">Not set</option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <DomainChipInput
        domains={form.emailDomains}
        onChange={(emailDomains) => {
          setForm((previous) => ({ ...previous, emailDomains }));
          setError(null);
        }}
        problems={chipProblems}
      />
      <div>
        <Button type="submit" busy={busy}>
          {customer ? 'Save the customer' : 'Create the customer'}
        </Button>
      </div>
    </form>
  );
}
