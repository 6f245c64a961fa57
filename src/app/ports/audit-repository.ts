/** Storage port of the hash-chained audit log. */
import type { AuditChainHead, ChainedAuditEntry } from '../../core/audit/audit-chain.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface AuditAppend {
  readonly workspaceId: string;
  readonly at: number;
  readonly actorUserId: string | null;
  readonly actorTokenId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly customerId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditFilter {
  readonly entityType?: string | undefined;
  readonly entityId?: string | undefined;
  readonly action?: string | undefined;
}

export interface AuditRepository {
  /**
   * Appends an entry at the head of the workspace's chain (serialised per workspace), inside the caller's transaction:
   * written when the transaction ends, so that the chain's lock is held only for the commit (decision 0042).
   */
  append(entry: AuditAppend): Promise<void>;
  list(workspaceId: string, page: PageRequest, filter: AuditFilter): Promise<Page<ChainedAuditEntry>>;
  /** Every entry of the workspace in sequence order, streamed in batches. */
  scan(workspaceId: string): AsyncIterable<ChainedAuditEntry>;
  /** The head stored with the workspace (sequence 0 and an empty hash before the first entry); null: no workspace. */
  head(workspaceId: string): Promise<AuditChainHead | null>;
}
