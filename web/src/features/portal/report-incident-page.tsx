/**
 * The customer reports an incident: what happened, the service and category, impact and urgency. Before sending,
 * the form shows the priority the agreement gives that impact and urgency, and the response and resolution times
 * that come with it. The request carries an idempotency key, so a double submit opens one ticket.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Agreement, AgreementVersion } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import { useNavigate } from '../../routes/router.tsx';
import { matrixChoices, priorityOf, promisesFor } from './priority-matrix.ts';

interface InForce {
  readonly agreement: Agreement;
  readonly version: AgreementVersion;
}

async function loadAgreementsInForce(): Promise<InForce[]> {
  const page = await agreementsApi.list({ limit: 100 });
  return Promise.all(
    page.data
      .filter((agreement) => agreement.activeVersion)
      .map(async (agreement) => ({
        agreement,
        version: (await agreementsApi.version(agreement.id, agreement.activeVersion!.id)).body,
      })),
  );
}

export function ReportIncidentPage() {
  const agreements = useResource(loadAgreementsInForce, []);
  return (
    <>
      <PageHeader
        title="Report an incident"
        description="Tell us what is wrong; you see the priority and the promised times before you send."
      />
      <AsyncView
        resource={agreements}
        what="your agreements"
        isEmpty={(list) => list.length === 0}
        empty="You have no agreement in force, so incidents cannot be reported here. Contact your provider."
      >
        {(list) => <IncidentForm agreements={list} />}
      </AsyncView>
    </>
  );
}

function IncidentForm({ agreements }: { agreements: readonly InForce[] }) {
  const navigate = useNavigate();
  const [agreementId, setAgreementId] = useState(agreements[0]!.agreement.id);
  const chosen = agreements.find((entry) => entry.agreement.id === agreementId) ?? agreements[0]!;
  const content = chosen.version.content;
  const services = content.spec?.services ?? [];
  const choices = useMemo(() => matrixChoices(content), [content]);
  const [form, setForm] = useState({ title: '', description: '', service: '', category: '', impact: '', urgency: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof typeof form, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => `portal:${crypto.randomUUID()}`);
  const categories = services.find((service) => service.id === form.service)?.environment?.incidentCategories ?? [];
  const priority = form.impact && form.urgency ? priorityOf(content, form.impact, form.urgency) : null;
  const promises = priority ? promisesFor(content, priority) : [];
  const set = (changes: Partial<typeof form>) => setForm((previous) => ({ ...previous, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (form.title.trim().length < 3) found.title = 'Describe the incident in a few words (at least 3 characters).';
    if (services.length > 0 && !form.service) found.service = 'Choose the affected service.';
    if (!form.impact) found.impact = 'Choose how widely the incident affects you.';
    if (!form.urgency) found.urgency = 'Choose how urgent it is.';
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const ticket = await ticketsApi.open(
        {
          agreementId,
          title: form.title.trim(),
          description: form.description.trim() || undefined,
          service: form.service || undefined,
          category: form.category || undefined,
          channel: 'portal',
          impact: form.impact,
          urgency: form.urgency,
        },
        key,
      );
      navigate(`/tickets/${ticket.id}?reported=1`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="split" onSubmit={submit} noValidate aria-label="Report an incident">
      <div className="card stack">
        <FormError error={failure} />
        {agreements.length > 1 && (
          <Field label="Agreement">
            <select value={agreementId} onChange={(event) => setAgreementId(event.target.value)}>
              {agreements.map((entry) => (
                <option key={entry.agreement.id} value={entry.agreement.id}>
                  {entry.agreement.title}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="What is wrong?" error={errors.title}>
          <input value={form.title} maxLength={500} onChange={(event) => set({ title: event.target.value })} />
        </Field>
        <Field label="Details (optional)" hint="What you see, since when, who is affected, what you tried.">
          <textarea
            rows={5}
            value={form.description}
            maxLength={20000}
            onChange={(event) => set({ description: event.target.value })}
          />
        </Field>
        {services.length > 0 && (
          <div className="form-grid">
            <Field label="Service" error={errors.service}>
              <select value={form.service} onChange={(event) => set({ service: event.target.value, category: '' })}>
                <option value="">Choose…</option>
                {services.map((service) => (
                  <option key={service.id} value={service.id}>
                    {service.name ?? service.id}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Category (optional)">
              <select
                value={form.category}
                disabled={categories.length === 0}
                onChange={(event) => set({ category: event.target.value })}
              >
                <option value="">{categories.length === 0 ? 'No categories' : 'Choose…'}</option>
                {categories.map((category) => (
                  <option key={category} value={category}>
                    {category}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        <div className="form-grid">
          <Field label="Impact" hint="How widely does it affect you?" error={errors.impact}>
            <select value={form.impact} onChange={(event) => set({ impact: event.target.value })}>
              <option value="">Choose…</option>
              {choices.impacts.map((impact) => (
                <option key={impact} value={impact}>
                  {impact}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Urgency" hint="How soon must it be fixed?" error={errors.urgency}>
            <select value={form.urgency} onChange={(event) => set({ urgency: event.target.value })}>
              <option value="">Choose…</option>
              {choices.urgencies.map((urgency) => (
                <option key={urgency} value={urgency}>
                  {urgency}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div>
          <Button type="submit" busy={busy}>
            Send the incident
          </Button>
        </div>
      </div>
      <section className="card" aria-labelledby="what-you-get" aria-live="polite">
        <h2 id="what-you-get">Priority and promised times</h2>
        {!priority ? (
          <p className="muted">Choose the impact and the urgency to see the priority and what the provider promises.</p>
        ) : (
          <>
            <p>
              Priority <Badge tone="blue">{priority}</Badge> under {chosen.agreement.title} (version{' '}
              {chosen.version.number}).
            </p>
            {promises.length === 0 ? (
              <Notice tone="warning">The agreement sets no response or resolution time for {priority}.</Notice>
            ) : (
              <TableScroll label={`Targets for priority ${priority}`}>
                <table>
                  <caption className="visually-hidden">{`Targets for priority ${priority}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Promise</th>
                      <th scope="col">Time</th>
                      <th scope="col">Counted during</th>
                      <th scope="col">Goal</th>
                    </tr>
                  </thead>
                  <tbody>
                    {promises.map((promise) => (
                      <tr key={promise.targetId}>
                        <td>{promise.what}</td>
                        <td>{promise.within}</td>
                        <td>{promise.hours}</td>
                        <td>{promise.goal ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        )}
      </section>
    </form>
  );
}
