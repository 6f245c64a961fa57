/**
 * Storage port of agreements, their versions and approvals. The ticket pipeline relies on `getVersion` and
 * `pinningCandidates` (SPEC section 4: a ticket is governed by the version in force when it was opened).
 */
import type { DataScope } from '../access/principal.ts';

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
  readonly activatedAt: number | null;
  readonly endedAt: number | null;
  readonly appliesToOpenTickets: boolean;
}

export interface AgreementRepository {
  get(scope: DataScope, id: string): Promise<AgreementRecord | null>;
  /** A version by id within the workspace (no customer scoping: for internal use by the ticket pipeline). */
  getVersion(workspaceId: string, versionId: string): Promise<AgreementVersionRecord | null>;
  /** Every version of an agreement that has ever been active, for version pinning. */
  pinningCandidates(workspaceId: string, agreementId: string): Promise<PinningCandidate[]>;
}
