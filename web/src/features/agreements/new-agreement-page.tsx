/** A new agreement: from a template for the chosen customer, edited in the form or YAML view, saved as a draft. */
import { useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { identityApi } from '../../api/identity-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Button } from '../../components/button.tsx';
import { FormError } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link, useNavigate } from '../../routes/router.tsx';
import { useSignedIn } from '../auth/session-context.tsx';
import { AgreementEditor, type EditorFindings } from './agreement-editor.tsx';
import { agreementTemplate } from './agreement-template.ts';
import { findingsOfError } from './findings-of-error.ts';

export function NewAgreementPage() {
  const session = useSignedIn();
  const navigate = useNavigate();
  const customers = useResource(() => identityApi.listCustomers(), []);
  const [text, setText] = useState<string | null>(null);
  const [findings, setFindings] = useState<EditorFindings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    if (text === null) return;
    setBusy(true);
    setError(null);
    try {
      const created = await agreementsApi.create(text);
      navigate(`/agreements/${created.agreement.id}?version=${created.version.id}&tab=document&created=1`);
    } catch (failure) {
      const placed = findingsOfError(failure);
      if (placed) setFindings({ findings: placed, source: 'the server refused the document' });
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="small">
        <Link to="/agreements">← Agreements</Link>
      </p>
      <PageHeader title="New agreement" description="Start from a template; it is saved as a draft (version 1)." />
      <AsyncView
        resource={customers}
        what="customers"
        isEmpty={(page) => page.data.length === 0}
        empty="Create a customer first."
      >
        {(page) =>
          text === null ? (
            <div className="card stack">
              <Field label="Customer" hint="The template names this customer and uses its time zone.">
                <select
                  defaultValue=""
                  onChange={(event) => {
                    const customer = page.data.find((entry) => entry.id === event.target.value);
                    if (customer)
                      setText(
                        agreementTemplate({
                          customerSlug: customer.slug,
                          customerName: customer.name,
                          providerSignatory: session.label,
                          timezone: customer.timezone ?? 'UTC',
                        }),
                      );
                  }}
                >
                  <option value="" disabled>
                    Choose the customer…
                  </option>
                  {page.data.map((customer) => (
                    <option key={customer.id} value={customer.id}>
                      {customer.name}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          ) : (
            <>
              <FormError error={error} />
              <AgreementEditor
                text={text}
                onTextChange={setText}
                findings={findings}
                customers={page.data}
                readOnly={false}
                actions={
                  <Button busy={busy} onClick={() => void create()}>
                    Create the draft
                  </Button>
                }
              />
            </>
          )
        }
      </AsyncView>
    </>
  );
}
