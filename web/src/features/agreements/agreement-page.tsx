/**
 * One agreement: pick a version, then read or edit its document, compare versions field by field, and follow or
 * take the approval steps. The selected version and tab live in the URL.
 */
import { useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { identityApi } from '../../api/identity-api.ts';
import type { AgreementDetail, AgreementVersion, Customer } from '../../api/types.ts';
import { StateBadge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { ErrorNotice, FormError, Loading, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useNavigate, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { AgreementEditor, type EditorFindings } from './agreement-editor.tsx';
import { ApprovalsPanel } from './approvals-panel.tsx';
import { findingsOfError } from './findings-of-error.ts';
import { VersionHistory } from './version-history.tsx';

export function AgreementPage({ id }: { id: string }) {
  const [params, setParams] = useQueryParams();
  const agreement = useResource(() => agreementsApi.get(id), [id]);
  const customers = useResource(() => identityApi.listCustomers(), []);
  const versions = agreement.data?.versions ?? [];
  const versionId = params.get('version') ?? versions.at(-1)?.id ?? null;
  const tab = params.get('tab') ?? 'document';
  const version = useResource(
    async () => (versionId ? (await agreementsApi.version(id, versionId)).body : null),
    [id, versionId],
  );

  if (agreement.status === 'error' && !agreement.data)
    return (
      <>
        <PageHeader title="Agreement" />
        <ErrorNotice error={agreement.error} onRetry={agreement.reload} what="the agreement" />
      </>
    );
  if (!agreement.data) return <Loading label="Loading the agreement…" />;
  const detail = agreement.data;
  const customer = customers.data?.data.find((entry) => entry.id === detail.customerId);
  const refresh = (next?: AgreementVersion) => {
    agreement.reload();
    if (next && next.id !== versionId) setParams({ version: next.id });
    else version.reload();
  };

  return (
    <>
      <p className="small">
        <Link to="/agreements">← Agreements</Link>
      </p>
      <PageHeader
        title={detail.title}
        description={`${customer?.name ?? detail.customer} · ${detail.slug}`}
        actions={
          <Field label="Version">
            <select value={versionId ?? ''} onChange={(event) => setParams({ version: event.target.value })}>
              {[...versions].reverse().map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {`Version ${entry.number}: ${entry.status.replaceAll('_', ' ')}`}
                </option>
              ))}
            </select>
          </Field>
        }
      />
      {params.get('created') && (
        <Notice tone="success" role="status">
          The draft is saved. Check the findings, then send it for approval on the Approvals tab.
        </Notice>
      )}
      <Tabs
        label="Agreement"
        tabs={[
          { id: 'document', label: 'Document' },
          { id: 'history', label: 'History and differences' },
          { id: 'approvals', label: 'Approvals' },
        ]}
        selected={tab}
        onSelect={(next) => setParams({ tab: next, created: null })}
      >
        {version.status === 'error' && !version.data ? (
          <ErrorNotice error={version.error} onRetry={version.reload} what="the version" />
        ) : !version.data ? (
          <Loading label="Loading the version…" />
        ) : tab === 'history' ? (
          <VersionHistory agreement={detail} selected={version.data} />
        ) : tab === 'approvals' ? (
          <ApprovalsPanel agreement={detail} version={version.data} onChanged={refresh} />
        ) : (
          <DocumentTab
            key={`${version.data.id}-${version.data.revision}`}
            agreement={detail}
            version={version.data}
            customers={customers.data?.data ?? []}
            onChanged={refresh}
          />
        )}
      </Tabs>
    </>
  );
}

function DocumentTab({
  agreement,
  version,
  customers,
  onChanged,
}: {
  agreement: AgreementDetail;
  version: AgreementVersion;
  customers: readonly Customer[];
  onChanged: (next?: AgreementVersion) => void;
}) {
  const { can } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState(version.sourceText);
  const [findings, setFindings] = useState<EditorFindings>({
    findings: version.lint,
    source: `version ${version.number} as saved ${formatInstant(version.updatedAt)}`,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = version.allowedActions.includes('edit') && can('agreements.write');
  const dirty = text !== version.sourceText;
  const openVersion = agreement.versions.find((entry) =>
    ['draft', 'in_review', 'approved_by_provider', 'approved_by_customer', 'approved'].includes(entry.status),
  );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await agreementsApi.saveDraft(agreement.id, version.id, text, `"${version.revision}"`);
      setFindings({ findings: next.lint, source: `version ${next.number} as saved just now` });
      onChanged(next);
    } catch (failure) {
      const placed = findingsOfError(failure);
      if (placed) setFindings({ findings: placed, source: 'the server refused the document' });
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const amend = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await agreementsApi.amend(agreement.id, version.sourceText);
      navigate(`/agreements/${agreement.id}?version=${next.id}&tab=document`);
      onChanged(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <p className="row">
        <StateBadge state={version.status} />
        <span className="small muted">
          content hash <span className="hash">{version.contentHash}</span>
        </span>
      </p>
      {!editable && can('agreements.write') && (
        <Notice>
          This version is {version.status.replaceAll('_', ' ')} and cannot change.{' '}
          {openVersion && openVersion.id !== version.id
            ? `Version ${openVersion.number} is open for changes.`
            : ['active', 'approved'].includes(version.status) && 'Amend it to start a new draft version.'}
        </Notice>
      )}
      <FormError error={error} />
      <AgreementEditor
        text={text}
        onTextChange={setText}
        findings={findings}
        customers={customers}
        readOnly={!editable}
        actions={
          editable ? (
            <>
              <Button busy={busy} disabled={!dirty} onClick={() => void save()}>
                Save the draft
              </Button>
              {dirty && <span className="small muted">Unsaved changes</span>}
            </>
          ) : (
            can('agreements.write') &&
            !openVersion &&
            version.status === 'active' && (
              <Button busy={busy} onClick={() => void amend()}>
                Amend: start version {agreement.versions.length + 1}
              </Button>
            )
          )
        }
      />
    </div>
  );
}
