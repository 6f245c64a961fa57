/**
 * A ticket opened by phone: who called, when, for how long and what was said, with the ticket's title and priority.
 * The call's start is the ticket's opening (its clocks count from it), and the call is logged on it.
 */
import { type FormEvent, useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { customersApi } from '../../api/customers-api.ts';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Agreement, AgreementVersion } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Button } from '../../components/button.tsx';
import { FormError } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { viewerTimeZone } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { wallTimeToIso } from '../../components/zoned-time.ts';
import { Link, useNavigate } from '../../routes/router.tsx';
import { CallFields, callProblems } from './composer.tsx';
import { type CallDraft, checkCall } from './composer-rules.ts';

interface InForce {
  readonly agreement: Agreement;
  readonly version: AgreementVersion;
}

async function agreementsInForce(customerId: string): Promise<InForce[]> {
  if (!customerId) return [];
  const page = await agreementsApi.list({ customer: customerId, limit: 100 });
  return Promise.all(
    page.data
      .filter((agreement) => agreement.activeVersion)
      .map(async (agreement) => ({
        agreement,
        version: (await agreementsApi.version(agreement.id, agreement.activeVersion!.id)).body,
      })),
  );
}

export function NewPhoneTicketPage() {
  const navigate = useNavigate();
  const zone = viewerTimeZone();
  const customers = useResource(() => customersApi.list({ limit: 500, sort: 'name' }), []);
  const [customerId, setCustomerId] = useState('');
  const agreements = useResource(() => agreementsInForce(customerId), [customerId]);
  const [agreementId, setAgreementId] = useState('');
  const [call, setCall] = useState<CallDraft>(() => ({
    caller: '',
    start: '',
    duration: '',
    summary: '',
  }));
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => `ui:${crypto.randomUUID()}`);
  const inForce = agreements.data ?? [];
  const chosen = inForce.find((entry) => entry.agreement.id === agreementId) ?? inForce[0];
  const levels = chosen?.version.content.spec?.priorities?.levels ?? [];
  const server = fieldErrorsOf(error, ['customerId', 'agreementId', 'title', 'priority', 'call']);
  const problem = (field: string) => local[field] ?? server.byField[field];
  const setCallField = (changes: Partial<CallDraft>) => setCall((previous) => ({ ...previous, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkCall(call, (wall) => wallTimeToIso(wall, zone), Date.now());
    const found: Record<string, string> = { ...check.problems };
    if (!customerId) found.customerId = 'Choose the customer who called.';
    if (title.trim().length < 3) found.title = 'Name the problem in a few words (at least 3 characters).';
    setLocal(found);
    if (Object.keys(found).length > 0 || !check.call) return;
    setBusy(true);
    setError(null);
    try {
      const ticket = await ticketsApi.open(
        {
          customerId,
          ...(chosen ? { agreementId: chosen.agreement.id } : {}),
          title: title.trim(),
          description: check.call.summary,
          channel: 'phone',
          ...(priority ? { priority } : {}),
          call: check.call,
        },
        key,
      );
      navigate(`/tickets/${ticket.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <>
      <p className="small">
        <Link to="/tickets">← Tickets</Link>
      </p>
      <PageHeader
        title="New ticket by phone"
        description="The call's start is the ticket's opening: its clocks count from when the customer called."
      />
      <AsyncView
        resource={customers}
        what="customers"
        isEmpty={(page) => page.data.length === 0}
        empty="Add a customer first."
      >
        {(page) => (
          <form className="card stack" onSubmit={submit} noValidate aria-label="New ticket by phone">
            <FormError error={server.other} />
            <div className="form-grid">
              <Field label="Customer" error={problem('customerId')}>
                <select
                  value={customerId}
                  onChange={(event) => {
                    setCustomerId(event.target.value);
                    setAgreementId('');
                    setPriority('');
                  }}
                >
                  <option value="">Choose…</option>
                  {page.data.map((customer) => (
                    <option key={customer.id} value={customer.id}>
                      {customer.name}
                    </option>
                  ))}
                </select>
              </Field>
              {inForce.length > 1 && (
                <Field label="Agreement" error={problem('agreementId')}>
                  <select value={chosen?.agreement.id ?? ''} onChange={(event) => setAgreementId(event.target.value)}>
                    {inForce.map((entry) => (
                      <option key={entry.agreement.id} value={entry.agreement.id}>
                        {entry.agreement.title}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <Field
                label="Priority"
                hint={
                  customerId && inForce.length === 0 && agreements.status === 'ready'
                    ? 'No agreement in force: the ticket is not measured.'
                    : undefined
                }
                error={problem('priority')}
              >
                <select
                  value={priority}
                  onChange={(event) => setPriority(event.target.value)}
                  disabled={levels.length === 0}
                >
                  <option value="">{levels.length === 0 ? 'None' : 'Choose…'}</option>
                  {levels.map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field label="Title" error={problem('title')}>
              <input
                value={title}
                maxLength={300}
                onChange={(event) => setTitle(event.target.value)}
                placeholder="What is wrong, in a few words"
              />
            </Field>
            <fieldset className="stack">
              <legend>The call</legend>
              <CallFields
                draft={call}
                set={setCallField}
                zone={zone}
                problems={{ ...callProblems(server.byField), ...local }}
              />
            </fieldset>
            <div>
              <Button type="submit" busy={busy}>
                Open the ticket
              </Button>
            </div>
          </form>
        )}
      </AsyncView>
    </>
  );
}
