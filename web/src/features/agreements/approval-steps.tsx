/** The steps of a version's approval, where each stands, and the form for a rejection with its reason. */
import { type FormEvent, useState } from 'react';
import type { AgreementVersion } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Field } from '../../components/field.tsx';

const steps = [
  { id: 'draft', label: 'Draft' },
  { id: 'in_review', label: 'In review' },
  { id: 'provider', label: 'Provider approval' },
  { id: 'customer', label: 'Customer approval' },
  { id: 'approved', label: 'Approved' },
  { id: 'active', label: 'In force' },
];

export function ApprovalSteps({ version }: { version: AgreementVersion }) {
  return (
    <ol className="row" aria-label="Approval steps" style={{ listStyle: 'none', padding: 0 }}>
      {steps.map((step) => {
        const state = stepState(step.id, version);
        return (
          <li key={step.id}>
            <Badge tone={state === 'done' ? 'green' : state === 'current' ? 'blue' : 'grey'}>
              {state === 'done' ? '✓ ' : ''}
              {step.label}
              <span className="visually-hidden">{` (${state})`}</span>
            </Badge>
          </li>
        );
      })}
    </ol>
  );
}

const rankOf: Record<string, number> = {
  draft: 0,
  in_review: 1,
  approved_by_provider: 1,
  approved_by_customer: 1,
  approved: 2,
  active: 3,
  superseded: 4,
  expired: 4,
  terminated: 4,
};

/** Where a step stands for a version: each step is done once the version is past it. */
function stepState(step: string, version: AgreementVersion): 'done' | 'current' | 'pending' {
  const rank = rankOf[version.status] ?? 0;
  const stepRank = { draft: 0, in_review: 1, provider: 1, customer: 1, approved: 2, active: 3 }[step] ?? 0;
  const partyDone =
    (step === 'provider' || step === 'customer') && version.approvals.some((approval) => approval.party === step);
  if (rank > stepRank || partyDone) return 'done';
  return rank === stepRank ? 'current' : 'pending';
}

export function RejectForm({
  busy,
  onCancel,
  onReject,
}: {
  busy: boolean;
  onCancel: () => void;
  onReject: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length === 0) {
      setError('Say why, for the record.');
      return;
    }
    onReject(reason.trim());
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label="Reason for the rejection" error={error}>
        <textarea rows={3} value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <div className="row">
        <Button type="submit" variant="danger" busy={busy}>
          Reject the version
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
