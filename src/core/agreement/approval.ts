/**
 * The life of one agreement version (docs/semantics.md#agreements-as-code): draft -> in_review -> approved_by_provider
 * / approved_by_customer (either order) -> approved -> active (from its effective date) -> superseded / expired /
 * terminated. Pure: the caller loads the state, applies an action, stores the result. Each approval records who, when
 * and the content hash it approved; once both parties have approved, the content is locked and an amendment is a new
 * version.
 */
import { DomainError } from '../errors.ts';
import { parseIsoDate } from '../time/civil-date.ts';
import { instantOfLocalTime, MS_PER_DAY } from '../time/index.ts';
import type { Agreement } from './agreement-schema.ts';
import { agreementContentHash } from './canonical-agreement.ts';
import type { LintFinding } from './lint-types.ts';

export const versionStatuses = [
  'draft',
  'in_review',
  'approved_by_provider',
  'approved_by_customer',
  'approved',
  'active',
  'superseded',
  'expired',
  'terminated',
] as const;
export type VersionStatus = (typeof versionStatuses)[number];
export type Party = 'provider' | 'customer';

/** One party's approval of one exact content. */
export interface Approval {
  readonly party: Party;
  readonly by: string;
  readonly at: number;
  readonly contentHash: string;
}

/** The approval state of a version, as stored beside its content. Instants are epoch milliseconds. */
export interface VersionState {
  readonly agreementId: string;
  readonly status: VersionStatus;
  readonly contentHash: string;
  /**
   * The instant from which the version is in force once it is put in force (docs/decisions/0025): 00:00 of its
   * effective date in the agreement's zone; for a version without one, the term start if it is the agreement's first
   * version put in force, else undefined: an amendment without a date takes effect when it is put in force.
   */
  readonly effectiveFrom?: number | undefined;
  /** 00:00 of the day after the term's last day, when the term has an end. */
  readonly termEndsAt?: number | undefined;
  readonly appliesToOpenTickets: boolean;
  readonly signatories: { readonly provider: readonly string[]; readonly customer: readonly string[] };
  readonly approvals: readonly Approval[];
  readonly submittedAt?: number | undefined;
  readonly rejection?: { readonly party: Party; readonly by: string; readonly at: number; readonly reason: string };
  readonly activatedAt?: number | undefined;
  readonly endedAt?: number | undefined;
  readonly endReason?: string | undefined;
}

export type VersionAction =
  | { readonly type: 'edit'; readonly agreement: Agreement }
  | { readonly type: 'submit'; readonly at: number; readonly findings: readonly LintFinding[] }
  | {
      readonly type: 'approve';
      readonly party: Party;
      readonly by: string;
      readonly at: number;
      readonly contentHash: string;
    }
  | {
      readonly type: 'reject';
      readonly party: Party;
      readonly by: string;
      readonly at: number;
      readonly reason: string;
    }
  | { readonly type: 'activate'; readonly at: number }
  | { readonly type: 'supersede'; readonly at: number }
  | { readonly type: 'expire'; readonly at: number }
  | { readonly type: 'terminate'; readonly at: number; readonly reason: string };

export type VersionActionType = VersionAction['type'];

const allowed: Readonly<Record<VersionStatus, readonly VersionActionType[]>> = {
  draft: ['edit', 'submit'],
  in_review: ['edit', 'approve', 'reject'],
  approved_by_provider: ['edit', 'approve', 'reject'],
  approved_by_customer: ['edit', 'approve', 'reject'],
  approved: ['activate', 'supersede'],
  active: ['supersede', 'expire', 'terminate'],
  superseded: [],
  expired: [],
  terminated: [],
};

const locked = new Set<VersionStatus>(['approved', 'active', 'superseded', 'expired', 'terminated']);

/**
 * A new draft version of the agreement; `amendment`: another version of the agreement has been put in force before
 * (then a version without an effective date takes effect when it is put in force).
 */
export function newVersionState(
  agreement: Agreement,
  options: { amendment: boolean } = { amendment: false },
): VersionState {
  return {
    ...contentFacts(agreement),
    effectiveFrom: agreementEffectiveFrom(agreement, options),
    agreementId: agreement.metadata.id,
    status: 'draft',
    approvals: [],
  };
}

/** The actions the state accepts (an action may still be refused for its content, e.g. a wrong hash). */
export function allowedVersionActions(state: VersionState): readonly VersionActionType[] {
  return allowed[state.status];
}

/** Applies an action; throws a DomainError when the state does not allow it. */
export function transitionVersion(state: VersionState, action: VersionAction): VersionState {
  if (!allowed[state.status].includes(action.type)) {
    if (action.type === 'edit' && locked.has(state.status)) {
      throw new DomainError('AGREEMENT_VERSION_LOCKED', `this version is ${state.status}; amend it as a new version`, {
        status: state.status,
      });
    }
    throw refused(state, action.type, `a version that is ${state.status} cannot be ${pastTense(action.type)}`);
  }
  switch (action.type) {
    case 'edit':
      return edit(state, action.agreement);
    case 'submit': {
      const errors = action.findings.filter((finding) => finding.severity === 'error');
      if (errors.length > 0) {
        throw new DomainError('LINT_ERRORS_BLOCK_SUBMISSION', `fix ${errors.length} lint error(s) before submitting`, {
          findings: errors,
        });
      }
      return { ...state, status: 'in_review', submittedAt: action.at, rejection: undefined };
    }
    case 'approve':
      return approve(state, action);
    case 'reject':
      return {
        ...state,
        status: 'draft',
        approvals: [],
        submittedAt: undefined,
        rejection: { party: action.party, by: action.by, at: action.at, reason: action.reason },
      };
    case 'activate':
      if (state.effectiveFrom !== undefined && action.at < state.effectiveFrom) {
        throw new DomainError('AGREEMENT_NOT_YET_EFFECTIVE', 'the version cannot be active before its effective date', {
          effectiveFrom: state.effectiveFrom,
          at: action.at,
        });
      }
      if (state.termEndsAt !== undefined && action.at >= state.termEndsAt) {
        throw refused(state, action.type, 'the term of this version has already ended');
      }
      return { ...state, status: 'active', activatedAt: action.at, effectiveFrom: state.effectiveFrom ?? action.at };
    case 'expire':
      if (state.termEndsAt === undefined || action.at < state.termEndsAt) {
        throw refused(state, action.type, 'a version expires only at the end of its term');
      }
      return { ...state, status: 'expired', endedAt: action.at };
    case 'supersede':
      return { ...state, status: 'superseded', endedAt: action.at };
    case 'terminate':
      return { ...state, status: 'terminated', endedAt: action.at, endReason: action.reason };
  }
}

function edit(state: VersionState, agreement: Agreement): VersionState {
  if (agreement.metadata.id !== state.agreementId) {
    throw refused(state, 'edit', `an edit cannot change the agreement id (${state.agreementId})`);
  }
  // Changing the text withdraws it from review: approvals given so far were for the old content.
  return { ...state, ...contentFacts(agreement), status: 'draft', approvals: [], submittedAt: undefined };
}

function approve(state: VersionState, action: Extract<VersionAction, { type: 'approve' }>): VersionState {
  if (action.contentHash !== state.contentHash) {
    throw new DomainError('APPROVAL_HASH_MISMATCH', 'the approval is for other content than this version', {
      expected: state.contentHash,
      given: action.contentHash,
    });
  }
  if (state.approvals.some((approval) => approval.party === action.party)) {
    throw new DomainError('APPROVAL_ALREADY_GIVEN', `the ${action.party} has already approved this version`, {
      party: action.party,
    });
  }
  const signatories = state.signatories[action.party];
  const by = action.by.trim().toLowerCase();
  if (signatories.length > 0 && !signatories.some((name) => name.toLowerCase() === by)) {
    throw new DomainError('APPROVER_NOT_SIGNATORY', `${action.by} is not a ${action.party} signatory`, {
      party: action.party,
      signatories,
    });
  }
  if (state.approvals.some((approval) => approval.by.trim().toLowerCase() === by)) {
    throw new DomainError('APPROVER_NOT_SIGNATORY', `${action.by} has already approved for the other party`, {
      party: action.party,
    });
  }
  const approvals = [
    ...state.approvals,
    { party: action.party, by: action.by, at: action.at, contentHash: action.contentHash },
  ];
  const status: VersionStatus = approvals.length === 2 ? 'approved' : `approved_by_${action.party}`;
  return { ...state, status, approvals };
}

/** What the content decides; the effective instant also depends on the versions put in force before (the caller's). */
function contentFacts(agreement: Agreement) {
  return {
    contentHash: agreementContentHash(agreement),
    termEndsAt: agreementTermEndsAt(agreement),
    appliesToOpenTickets: agreement.spec.version.appliesToOpenTickets,
    signatories: agreement.spec.signatories,
  };
}

/**
 * The instant from which a version is in force once put in force: 00:00 of its effective date in the agreement's
 * zone; without a date, the term start for the agreement's first version put in force, and undefined for an
 * amendment (`amendment`: another version has been put in force before), which then takes effect at its activation.
 */
export function agreementEffectiveFrom(agreement: Agreement, options: { amendment: boolean }): number | undefined {
  const written = agreement.spec.version.effective;
  if (written !== undefined) return startOfLocalDate(written, agreement.spec.term.timezone, 0);
  return options.amendment ? undefined : startOfLocalDate(agreement.spec.term.start, agreement.spec.term.timezone, 0);
}

/** The instant after the term's last day, in the agreement's zone; undefined for an open-ended term. */
export function agreementTermEndsAt(agreement: Agreement): number | undefined {
  const end = agreement.spec.term.end;
  return end === undefined ? undefined : startOfLocalDate(end, agreement.spec.term.timezone, 1);
}

function startOfLocalDate(date: string, timeZone: string, plusDays: number): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new DomainError('AGREEMENT_INVALID', `"${date}" is not a date`);
  return instantOfLocalTime(timeZone, (day + plusDays) * MS_PER_DAY);
}

function refused(state: VersionState, action: VersionActionType, message: string): DomainError {
  return new DomainError('AGREEMENT_TRANSITION_INVALID', message, { status: state.status, action });
}

function pastTense(action: VersionActionType): string {
  const words: Record<VersionActionType, string> = {
    edit: 'edited',
    submit: 'submitted',
    approve: 'approved',
    reject: 'rejected',
    activate: 'activated',
    supersede: 'superseded',
    expire: 'expired',
    terminate: 'terminated',
  };
  return words[action];
}
