/**
 * The approval flow of a version for both parties: where it stands, who approved which content hash and when, and
 * the steps the viewer may take now. An approval sends the content hash shown here, so a person approves exactly the
 * text they read; the server refuses it if the version changed meanwhile.
 */
import { useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import type { AgreementDetail, AgreementVersion } from '../../api/types.ts';
import { Badge, StateBadge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useSession, useSignedIn } from '../auth/session-context.tsx';
import { ApprovalSteps, RejectForm } from './approval-steps.tsx';
import { FindingList } from './finding-list.tsx';

type Party = 'provider' | 'customer';

export function ApprovalsPanel({
  agreement,
  version,
  onChanged,
}: {
  agreement: AgreementDetail;
  version: AgreementVersion;
  onChanged: (next?: AgreementVersion) => void;
}) {
  const session = useSignedIn();
  const { can } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<Party | null>(null);
  const signatories = version.content.spec?.signatories ?? {};
  const approvedBy = (party: Party) => version.approvals.find((approval) => approval.party === party);
  const awaiting = ['in_review', 'approved_by_provider', 'approved_by_customer'].includes(version.status);
  const me = session.label.toLowerCase();

  const run = async (name: string, message: string, action: () => Promise<AgreementVersion>) => {
    setBusy(name);
    setError(null);
    setDone(null);
    try {
      const next = await action();
      setDone(message);
      setRejecting(null);
      onChanged(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const partyCan = (party: Party) =>
    awaiting &&
    !approvedBy(party) &&
    can(party === 'provider' ? 'agreements.approve_provider' : 'agreements.approve_customer');
  const notNamed = (party: Party) => {
    const named = (signatories[party] ?? []).map((email) => email.toLowerCase());
    return named.length > 0 && !named.includes(me);
  };
  const lintErrors = version.lint.filter((finding) => finding.severity === 'error');

  return (
    <div className="stack">
      <ApprovalSteps version={version} />
      <FormError error={error} />
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      <section className="card" aria-labelledby="approval-facts">
        <h2 id="approval-facts">Version {version.number}</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StateBadge state={version.status} />
          </dd>
          <dt>Content hash</dt>
          <dd className="hash">{version.contentHash}</dd>
          <dt>In force from</dt>
          <dd>
            {version.effectiveFrom
              ? formatInstant(version.effectiveFrom, version.timezone)
              : 'when it is put in force (it names no effective date)'}
          </dd>
          <dt>Provider signatories</dt>
          <dd>{signatories.provider?.length ? signatories.provider.join(', ') : 'anyone with the right role'}</dd>
          <dt>Customer signatories</dt>
          <dd>{signatories.customer?.length ? signatories.customer.join(', ') : 'anyone with the right role'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="approval-list">
        <h2 id="approval-list">Approvals</h2>
        {version.approvals.length === 0 ? (
          <p className="muted">No approvals yet.</p>
        ) : (
          <TableScroll label="Approvals of this version">
            <table>
              <thead>
                <tr>
                  <th scope="col">Party</th>
                  <th scope="col">Approved by</th>
                  <th scope="col">Content hash approved</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {version.approvals.map((approval) => (
                  <tr key={`${approval.party}-${approval.userId}`}>
                    <td>{approval.party}</td>
                    <td>{approval.email}</td>
                    <td className="hash">
                      {approval.contentHash}
                      {approval.contentHash === version.contentHash ? (
                        <div>
                          <Badge tone="green">matches this content</Badge>
                        </div>
                      ) : (
                        <div>
                          <Badge tone="red">differs from this content</Badge>
                        </div>
                      )}
                    </td>
                    <td>{formatInstant(approval.approvedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="card stack" aria-labelledby="approval-actions">
        <h2 id="approval-actions">What you can do</h2>
        {version.status === 'draft' && can('agreements.write') && (
          <>
            {lintErrors.length > 0 && (
              <>
                <Notice tone="error" title="Lint errors block the submission">
                  Fix them on the Document tab first.
                </Notice>
                <FindingList findings={lintErrors} />
              </>
            )}
            <div>
              <Button
                busy={busy === 'submit'}
                onClick={() =>
                  void run('submit', 'Sent for approval.', () => agreementsApi.submit(agreement.id, version.id))
                }
              >
                Send for approval
              </Button>
            </div>
          </>
        )}
        {(['provider', 'customer'] as const).map(
          (party) =>
            partyCan(party) && (
              <div key={party} className="stack">
                <p>
                  Approving for the <strong>{party}</strong> records that you, {session.label}, approve the content with
                  hash <span className="hash">{version.contentHash.slice(0, 16)}…</span>.
                </p>
                {notNamed(party) && (
                  <Notice tone="warning">
                    {`You are not among the ${party} signatories named in this version; the server will refuse your approval.`}
                  </Notice>
                )}
                <div className="row">
                  <Button
                    busy={busy === `approve-${party}`}
                    onClick={() =>
                      void run(`approve-${party}`, `Approved for the ${party}.`, () =>
                        agreementsApi.approve(agreement.id, version.id, party, version.contentHash),
                      )
                    }
                  >
                    {`Approve for the ${party}`}
                  </Button>
                  <Button variant="secondary" onClick={() => setRejecting(party)}>
                    Reject…
                  </Button>
                </div>
                {rejecting === party && (
                  <RejectForm
                    busy={busy === `reject-${party}`}
                    onCancel={() => setRejecting(null)}
                    onReject={(reason) =>
                      void run(`reject-${party}`, 'Rejected: the version is a draft again.', () =>
                        agreementsApi.reject(agreement.id, version.id, party, reason),
                      )
                    }
                  />
                )}
              </div>
            ),
        )}
        {version.status === 'approved' && can('agreements.activate') && (
          <div>
            <Button
              busy={busy === 'activate'}
              onClick={() =>
                void run('activate', 'The version is in force (from its effective date).', () =>
                  agreementsApi.activate(agreement.id, version.id),
                )
              }
            >
              Put in force
            </Button>
          </div>
        )}
        {version.status === 'approved' && !can('agreements.activate') && (
          <p className="muted">Approved by both parties; the provider puts it in force from its effective date.</p>
        )}
        {version.status === 'draft' && !can('agreements.write') && (
          <p className="muted">The provider is still drafting this version.</p>
        )}
        {!awaiting && !['draft', 'approved'].includes(version.status) && (
          <p className="muted">Nothing to approve in this version.</p>
        )}
        {awaiting && !partyCan('provider') && !partyCan('customer') && (
          <p className="muted">Waiting for the other party's approval.</p>
        )}
      </section>
    </div>
  );
}
