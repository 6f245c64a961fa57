/**
 * Storage port of agreements, their versions and approvals. The ticket pipeline relies on `get`, `getVersion` and
 * `pinningCandidates` (docs/semantics.md#which-agreement-version-governs-a-ticket).
 */
import type { LintFinding } from '../../core/agreement/index.ts';
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export type VersionStatus =
  | 'draft'
  | 'in_review'
  | 'approved_by_provider'
  | 'approved_by_customer'
  | 'approved'
  | 'active'
  | 'superseded'
  | 'expired'
  | 'terminated';

export interface AgreementRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly slug: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface AgreementVersionRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  readonly number: number;
  readonly status: VersionStatus;
  /** The normalised agreement (core/agreement `Agreement`) as JSON. */
  readonly content: unknown;
  readonly sourceText: string;
  readonly sourceFormat: 'yaml' | 'json';
  readonly contentHash: string;
  readonly lint: unknown;
  /** The zone the version's dates are read in (its term's): where its effective date begins. */
  readonly timezone: string;
  readonly effectiveFrom: number | null;
  readonly appliesToOpenTickets: boolean;
  readonly revision: number;
  readonly activatedAt: number | null;
  readonly endedAt: number | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What version pinning needs to know of each version of an agreement. */
export interface PinningCandidate {
  readonly versionId: string;
  readonly number: number;
  readonly status: VersionStatus;
  /** From when it is in force (set at the latest when it is put in force; see docs/decisions/0025). */
  readonly effectiveFrom: number | null;
  readonly activatedAt: number | null;
  readonly endedAt: number | null;
  readonly appliesToOpenTickets: boolean;
}

/** A version without its content: what lists and summaries show. */
export interface AgreementVersionSummary {
  readonly id: string;
  readonly agreementId: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly revision: number;
  /** The zone the version's dates are read in (its term's): where its effective date begins. */
  readonly timezone: string;
  readonly effectiveFrom: number | null;
  readonly appliesToOpenTickets: boolean;
  readonly activatedAt: number | null;
  readonly endedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An agreement with its customer's id and its versions (those the caller may see), oldest first. */
export interface AgreementOverview extends AgreementRecord {
  readonly customerSlug: string;
  readonly versions: readonly AgreementVersionSummary[];
}

export interface AgreementListFilter {
  /** A customer id (UUID) or slug. */
  readonly customer?: string | undefined;
  /** Status of the latest version the caller may see. */
  readonly status?: VersionStatus | undefined;
  /** Part of the id (slug) or the title. */
  readonly search?: string | undefined;
  readonly sort?: 'slug' | '-slug' | 'title' | '-title' | 'created' | '-created' | 'updated' | '-updated' | undefined;
  /** Statuses the caller may not see (customers do not see drafts): versions in them are left out everywhere. */
  readonly hiddenStatuses: readonly VersionStatus[];
}

export interface NewAgreementVersion {
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  readonly number: number;
  readonly content: unknown;
  readonly sourceText: string;
  readonly sourceFormat: 'yaml' | 'json';
  readonly contentHash: string;
  readonly lint: readonly LintFinding[];
  /** Null: an amendment without an effective date, in force from its activation (set then). */
  readonly effectiveFrom: number | null;
  readonly appliesToOpenTickets: boolean;
  readonly createdBy: string | null;
}

/** What a change of a version may set; every change bumps its revision. */
export type AgreementVersionChanges = Partial<{
  status: VersionStatus;
  content: unknown;
  sourceText: string;
  sourceFormat: 'yaml' | 'json';
  contentHash: string;
  lint: readonly LintFinding[];
  effectiveFrom: number | null;
  appliesToOpenTickets: boolean;
  activatedAt: number | null;
  endedAt: number | null;
}>;

/** One party's approval of one exact content, by a person. */
export interface ApprovalRecord {
  readonly id: string;
  readonly versionId: string;
  readonly party: 'provider' | 'customer';
  readonly userId: string;
  readonly userEmail: string;
  readonly contentHash: string;
  readonly approvedAt: number;
}

export interface AgreementRepository {
  get(scope: DataScope, id: string): Promise<AgreementRecord | null>;
  /** A version by id within the workspace (no customer scoping: for internal use by the ticket pipeline). */
  getVersion(workspaceId: string, versionId: string): Promise<AgreementVersionRecord | null>;
  /** Every version of an agreement that has ever been active, for version pinning. */
  pinningCandidates(workspaceId: string, agreementId: string): Promise<PinningCandidate[]>;

  /** Null when the workspace already has an agreement with the slug. */
  create(input: {
    workspaceId: string;
    customerId: string;
    slug: string;
    title: string;
  }): Promise<AgreementRecord | null>;
  findBySlug(workspaceId: string, slug: string): Promise<AgreementRecord | null>;
  /** Locks the agreement row until the transaction ends (new versions and activations of one agreement queue). */
  lock(workspaceId: string, id: string): Promise<AgreementRecord | null>;
  update(workspaceId: string, id: string, changes: { title: string }): Promise<AgreementRecord | null>;
  /** Agreements in the scope; those with no version outside `hiddenStatuses` are left out. */
  list(scope: DataScope, page: PageRequest, filter: AgreementListFilter): Promise<Page<AgreementOverview>>;
  /** Summaries of the agreement's versions outside `hiddenStatuses`, oldest first. */
  listVersions(
    workspaceId: string,
    agreementId: string,
    hiddenStatuses: readonly VersionStatus[],
  ): Promise<AgreementVersionSummary[]>;
  createVersion(input: NewAgreementVersion): Promise<AgreementVersionRecord>;
  /** Locks a version of the agreement until the transaction ends. */
  lockVersion(workspaceId: string, agreementId: string, versionId: string): Promise<AgreementVersionRecord | null>;
  updateVersion(
    workspaceId: string,
    versionId: string,
    changes: AgreementVersionChanges,
  ): Promise<AgreementVersionRecord>;
  listApprovals(workspaceId: string, versionIds: readonly string[]): Promise<ApprovalRecord[]>;
  addApproval(input: {
    workspaceId: string;
    customerId: string;
    versionId: string;
    party: 'provider' | 'customer';
    userId: string;
    userEmail: string;
    contentHash: string;
    approvedAt: number;
  }): Promise<ApprovalRecord>;
  /** Drops the approvals of a version (it went back to draft: they were for content that may change). */
  deleteApprovals(workspaceId: string, versionId: string): Promise<void>;
  /** The agreements of the workspace with a version that refers to the workspace calendar. */
  usingCalendar(workspaceId: string, calendarSlug: string): Promise<string[]>;
}
