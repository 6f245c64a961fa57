/** Reading and verifying the audit log (administrators, managers and auditors). */
import { AuditChainVerifier, type AuditVerification, type ChainedAuditEntry } from '../../core/audit/audit-chain.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import type { AuditFilter } from '../ports/audit-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Store } from '../ports/store.ts';

export async function listAuditEntries(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: AuditFilter,
): Promise<Page<ChainedAuditEntry>> {
  requirePermission(principal, 'audit.read');
  return store.read.audit.list(principal.workspaceId, page, filter);
}

export async function verifyAuditLog(store: Store, principal: Principal): Promise<AuditVerification> {
  requirePermission(principal, 'audit.read');
  return verifyWorkspaceAuditLog(store, principal.workspaceId);
}

/**
 * Verification without a principal, for `covenant audit verify` run by the operator on the server. The chain must
 * reach the workspace's stored head (a chain that stops short of it has lost its newest entries) and end there (entries
 * past it were added outside the log). Entries may be appended while the scan runs, so the head is read before the
 * scan (every entry up to it must be found) and after it (no entry found may be past it).
 */
export async function verifyWorkspaceAuditLog(store: Store, workspaceId: string): Promise<AuditVerification> {
  const noEntries = { sequence: 0, hash: '' };
  const headBefore = (await store.read.audit.head(workspaceId)) ?? noEntries;
  const verifier = new AuditChainVerifier();
  for await (const entry of store.read.audit.scan(workspaceId)) if (!verifier.add(entry)) break;
  const scanned = verifier.result();
  if (!scanned.valid) return scanned;
  if (scanned.checked < headBefore.sequence) return verifier.finish(headBefore);
  const headAfter = (await store.read.audit.head(workspaceId)) ?? noEntries;
  // Ended between the two heads: entries were appended during the scan; each link up to there has been checked.
  if (scanned.checked < headAfter.sequence) return scanned;
  return verifier.finish(headAfter);
}
