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

/** Verification without a principal, for `covenant audit verify` run by the operator on the server. */
export async function verifyWorkspaceAuditLog(store: Store, workspaceId: string): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier();
  for await (const entry of store.read.audit.scan(workspaceId)) if (!verifier.add(entry)) break;
  return verifier.result();
}
