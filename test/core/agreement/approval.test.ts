import { describe, expect, it } from 'vitest';
import {
  agreementContentHash,
  allowedVersionActions,
  type LintFinding,
  newVersionState,
  transitionVersion,
  type VersionAction,
  type VersionState,
  type VersionStatus,
} from '../../../src/core/agreement/index.ts';
import { DomainError } from '../../../src/core/errors.ts';
import { parseInstant } from '../../../src/core/time/index.ts';
import { agreementWith, at } from './agreement-fixtures.ts';

const agreement = agreementWith();
const hash = agreementContentHash(agreement);
const effective = parseInstant('2026-01-01T00:00:00+01:00'); // Europe/Warsaw, the calendars' zone
const termEnd = parseInstant('2027-01-01T00:00:00+01:00');
const day = 86_400_000;

const provider = { party: 'provider', by: 'sla@provider.example' } as const;
const customer = { party: 'customer', by: 'cio@acme.example' } as const;
const warning: LintFinding = {
  path: 'x',
  rule: 'signatories-missing',
  severity: 'warning',
  message: 'm',
  suggestion: 's',
};
const error: LintFinding = { ...warning, rule: 'credits-without-cap', severity: 'error' };

function run(state: VersionState, ...actions: VersionAction[]): VersionState {
  return actions.reduce(transitionVersion, state);
}

const submit: VersionAction = { type: 'submit', at: effective - 30 * day, findings: [warning] };
const approveBy = (who: { party: 'provider' | 'customer'; by: string }, contentHash = hash): VersionAction => ({
  type: 'approve',
  ...who,
  at: effective - 20 * day,
  contentHash,
});

function codeOf(runAction: () => unknown): string {
  try {
    runAction();
  } catch (caught) {
    if (caught instanceof DomainError) return caught.code;
    throw caught;
  }
  return 'accepted';
}

describe('a version from draft to active', () => {
  it('starts as a draft with its content hash, effective instant and term end', () => {
    expect(newVersionState(agreement)).toEqual({
      agreementId: 'acme-support',
      status: 'draft',
      contentHash: hash,
      effectiveFrom: effective,
      termEndsAt: termEnd,
      appliesToOpenTickets: false,
      signatories: { provider: ['sla@provider.example'], customer: ['cio@acme.example'] },
      approvals: [],
    });
  });

  it('is approved by provider then customer, or customer then provider, recording who, when and what', () => {
    const byProviderFirst = run(newVersionState(agreement), submit, approveBy(provider));
    expect(byProviderFirst.status).toBe('approved_by_provider');
    const approved = transitionVersion(byProviderFirst, approveBy(customer));
    expect(approved.status).toBe('approved');
    expect(approved.approvals).toEqual([
      { ...provider, at: effective - 20 * day, contentHash: hash },
      { ...customer, at: effective - 20 * day, contentHash: hash },
    ]);
    const byCustomerFirst = run(newVersionState(agreement), submit, approveBy(customer));
    expect(byCustomerFirst.status).toBe('approved_by_customer');
    expect(transitionVersion(byCustomerFirst, approveBy(provider)).status).toBe('approved');
  });

  it('becomes active on its effective date and then superseded, expired or terminated', () => {
    const approved = run(newVersionState(agreement), submit, approveBy(provider), approveBy(customer));
    expect(allowedVersionActions(approved)).toEqual(['activate', 'supersede']);
    const active = transitionVersion(approved, { type: 'activate', at: effective });
    expect(active).toMatchObject({ status: 'active', activatedAt: effective });
    expect(transitionVersion(active, { type: 'supersede', at: effective + 90 * day })).toMatchObject({
      status: 'superseded',
      endedAt: effective + 90 * day,
    });
    expect(transitionVersion(active, { type: 'expire', at: termEnd })).toMatchObject({
      status: 'expired',
      endedAt: termEnd,
    });
    expect(
      transitionVersion(active, { type: 'terminate', at: effective + day, reason: 'P1 missed 3 months' }),
    ).toMatchObject({
      status: 'terminated',
      endReason: 'P1 missed 3 months',
    });
    expect(transitionVersion(approved, { type: 'supersede', at: effective }).status).toBe('superseded');
  });

  it('accepts warnings but refuses submission with lint errors', () => {
    expect(codeOf(() => transitionVersion(newVersionState(agreement), { ...submit, findings: [warning, error] }))).toBe(
      'LINT_ERRORS_BLOCK_SUBMISSION',
    );
  });

  it('takes edits in draft, and an edit in review withdraws it and drops the approvals', () => {
    const edited = agreementWith((_d, s) => (at(s, 'targets', 0).goal = '97%'));
    const draft = transitionVersion(newVersionState(agreement), { type: 'edit', agreement: edited });
    expect(draft).toMatchObject({ status: 'draft', contentHash: agreementContentHash(edited) });
    const halfApproved = run(newVersionState(agreement), submit, approveBy(provider));
    const withdrawn = transitionVersion(halfApproved, { type: 'edit', agreement: edited });
    expect(withdrawn).toMatchObject({ status: 'draft', approvals: [], contentHash: agreementContentHash(edited) });
    expect(withdrawn.submittedAt).toBeUndefined();
  });

  it('goes back to draft when a party rejects it', () => {
    const rejected = run(newVersionState(agreement), submit, approveBy(provider), {
      type: 'reject',
      ...customer,
      at: effective - 10 * day,
      reason: 'P2 resolution of 16 hours is too long',
    });
    expect(rejected).toMatchObject({ status: 'draft', approvals: [], rejection: { party: 'customer' } });
  });
});

describe('refused actions', () => {
  const edit: VersionAction = { type: 'edit', agreement };
  const activate: VersionAction = { type: 'activate', at: effective };
  const states: Record<VersionStatus, VersionState> = (() => {
    const draft = newVersionState(agreement);
    const inReview = transitionVersion(draft, submit);
    const approved = run(inReview, approveBy(provider), approveBy(customer));
    const active = transitionVersion(approved, activate);
    return {
      draft,
      in_review: inReview,
      approved_by_provider: transitionVersion(inReview, approveBy(provider)),
      approved_by_customer: transitionVersion(inReview, approveBy(customer)),
      approved,
      active,
      superseded: transitionVersion(active, { type: 'supersede', at: effective + day }),
      expired: transitionVersion(active, { type: 'expire', at: termEnd }),
      terminated: transitionVersion(active, { type: 'terminate', at: effective + day, reason: 'r' }),
    };
  })();

  const table: [VersionStatus, string, VersionAction, string][] = [
    ['draft', 'approve before review', approveBy(provider), 'AGREEMENT_TRANSITION_INVALID'],
    ['draft', 'activate', activate, 'AGREEMENT_TRANSITION_INVALID'],
    ['in_review', 'submit twice', submit, 'AGREEMENT_TRANSITION_INVALID'],
    ['in_review', 'approve other content', approveBy(provider, 'f'.repeat(64)), 'APPROVAL_HASH_MISMATCH'],
    [
      'in_review',
      'approve by a non-signatory',
      approveBy({ party: 'customer', by: 'intern@acme.example' }),
      'APPROVER_NOT_SIGNATORY',
    ],
    ['in_review', 'activate before approval', activate, 'AGREEMENT_TRANSITION_INVALID'],
    ['approved_by_provider', 'provider approves twice', approveBy(provider), 'APPROVAL_ALREADY_GIVEN'],
    [
      'approved_by_provider',
      'the same person approves for the customer',
      approveBy({ party: 'customer', by: 'SLA@provider.example' }),
      'APPROVER_NOT_SIGNATORY',
    ],
    ['approved_by_customer', 'customer approves twice', approveBy(customer), 'APPROVAL_ALREADY_GIVEN'],
    ['approved', 'edit', edit, 'AGREEMENT_VERSION_LOCKED'],
    ['approved', 'approve again', approveBy(provider), 'AGREEMENT_TRANSITION_INVALID'],
    [
      'approved',
      'activate before the effective date',
      { type: 'activate', at: effective - 1 },
      'AGREEMENT_NOT_YET_EFFECTIVE',
    ],
    ['approved', 'activate after the term', { type: 'activate', at: termEnd }, 'AGREEMENT_TRANSITION_INVALID'],
    ['approved', 'expire', { type: 'expire', at: termEnd }, 'AGREEMENT_TRANSITION_INVALID'],
    ['active', 'edit', edit, 'AGREEMENT_VERSION_LOCKED'],
    ['active', 'reject', { type: 'reject', ...customer, at: effective, reason: 'r' }, 'AGREEMENT_TRANSITION_INVALID'],
    [
      'active',
      'expire before the end of the term',
      { type: 'expire', at: termEnd - 1 },
      'AGREEMENT_TRANSITION_INVALID',
    ],
    ['active', 'activate again', activate, 'AGREEMENT_TRANSITION_INVALID'],
    ['superseded', 'edit', edit, 'AGREEMENT_VERSION_LOCKED'],
    ['superseded', 'activate', activate, 'AGREEMENT_TRANSITION_INVALID'],
    ['expired', 'edit', edit, 'AGREEMENT_VERSION_LOCKED'],
    ['expired', 'terminate', { type: 'terminate', at: termEnd, reason: 'r' }, 'AGREEMENT_TRANSITION_INVALID'],
    ['terminated', 'edit', edit, 'AGREEMENT_VERSION_LOCKED'],
    ['terminated', 'supersede', { type: 'supersede', at: termEnd }, 'AGREEMENT_TRANSITION_INVALID'],
  ];
  it.each(table)('%s: %s -> %s', (status, _name, action, code) => {
    expect(codeOf(() => transitionVersion(states[status], action))).toBe(code);
  });

  it('lets anyone approve for a party without named signatories, but not one person for both parties', () => {
    const unnamed = newVersionState(agreementWith((_d, s) => delete s.signatories));
    const manager = (party: 'provider' | 'customer') => ({ party, by: 'manager@provider.example' }) as const;
    const half = run(unnamed, submit, approveBy(manager('provider'), unnamed.contentHash));
    expect(half.status).toBe('approved_by_provider');
    expect(codeOf(() => transitionVersion(half, approveBy(manager('customer'), unnamed.contentHash)))).toBe(
      'APPROVER_NOT_SIGNATORY',
    );
  });

  it('puts an amendment without an effective date in force from its activation, and a dated one from its date', () => {
    const undated = newVersionState(agreement, { amendment: true });
    expect(undated.effectiveFrom).toBeUndefined();
    const approved = run(undated, submit, approveBy(provider), approveBy(customer));
    const activatedAt = effective + 40 * day;
    expect(transitionVersion(approved, { type: 'activate', at: activatedAt })).toMatchObject({
      status: 'active',
      activatedAt,
      effectiveFrom: activatedAt,
    });
    const dated = agreementWith((_d, s) => (s.version = { effective: '2026-02-01' }));
    const datedState = newVersionState(dated, { amendment: true });
    expect(datedState.effectiveFrom).toBe(parseInstant('2026-02-01T00:00:00+01:00'));
    const datedApproved = run(
      datedState,
      submit,
      approveBy(provider, datedState.contentHash),
      approveBy(customer, datedState.contentHash),
    );
    // Approved after its effective date: it is in force from that date, not from the click.
    expect(transitionVersion(datedApproved, { type: 'activate', at: activatedAt + 30 * day })).toMatchObject({
      activatedAt: activatedAt + 30 * day,
      effectiveFrom: parseInstant('2026-02-01T00:00:00+01:00'),
    });
  });

  it('refuses an edit that changes the agreement id', () => {
    const other = agreementWith((d) => (at(d, 'metadata').id = 'other-agreement'));
    expect(codeOf(() => transitionVersion(states.draft, { type: 'edit', agreement: other }))).toBe(
      'AGREEMENT_TRANSITION_INVALID',
    );
  });

  it('refuses every action outside the allowed lists', () => {
    const all: VersionAction[] = [
      edit,
      submit,
      approveBy(provider),
      { type: 'reject', ...provider, at: 0, reason: 'r' },
      activate,
      { type: 'supersede', at: effective + day },
      { type: 'expire', at: termEnd },
      { type: 'terminate', at: effective + day, reason: 'r' },
    ];
    for (const [status, state] of Object.entries(states)) {
      for (const action of all) {
        if (allowedVersionActions(state).includes(action.type)) continue;
        expect(
          codeOf(() => transitionVersion(state, action)),
          `${status} ${action.type}`,
        ).toMatch(/^(AGREEMENT_TRANSITION_INVALID|AGREEMENT_VERSION_LOCKED)$/);
      }
    }
  });
});
