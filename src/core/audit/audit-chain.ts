/**
 * The audit log's hash chain: each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
 * JSON, so changing, removing or reordering any entry breaks every hash after it. Verification walks the chain and
 * then compares where it ends with the head the workspace stores (sequence and hash, moved in the transaction of each
 * append): removing the newest entries breaks no hash, but leaves the chain short of that head.
 */
import { serializeCanonical, sha256Hex } from '../canonical-json.ts';

/** The fields an audit entry's hash covers (everything but the hash itself). */
export interface AuditEntryContent {
  readonly workspaceId: string;
  readonly sequence: number;
  /** Epoch milliseconds. */
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

export interface ChainedAuditEntry extends AuditEntryContent {
  readonly previousHash: string;
  readonly hash: string;
}

export function auditEntryHash(previousHash: string, entry: AuditEntryContent): string {
  return sha256Hex(`${previousHash}\n${serializeCanonical(entry)}`);
}

/** Where a workspace's chain ends, as stored with the workspace when the last entry was appended. */
export interface AuditChainHead {
  readonly sequence: number;
  readonly hash: string;
}

export interface AuditVerification {
  readonly valid: boolean;
  readonly checked: number;
  /** The first entry that does not verify, and why. */
  readonly firstBroken: { readonly sequence: number; readonly reason: string } | null;
  readonly head: string;
}

/**
 * Verifies entries fed one at a time in sequence order, from the genesis (empty previous hash, sequence 1), so a
 * long log streams through without being held in memory. `add` returns false once the chain is broken.
 */
export class AuditChainVerifier {
  private previousHash = '';
  private expectedSequence = 1;
  private checked = 0;
  private broken: { sequence: number; reason: string } | null = null;

  /**
   * Compares the end of the chain fed so far with the workspace's stored head; a chain that stops short of it has lost
   * its newest entries (named as a range), one that ends elsewhere was rewritten. Call once, after the last entry.
   */
  finish(head: AuditChainHead): AuditVerification {
    if (this.broken) return this.result();
    const last = this.expectedSequence - 1;
    if (last < head.sequence) {
      const missing =
        last + 1 === head.sequence ? `entry ${head.sequence} is` : `entries ${last + 1} to ${head.sequence} are`;
      this.broken = {
        sequence: last + 1,
        reason: `${missing} missing: the chain ends at entry ${last} but the workspace's head is entry ${head.sequence}`,
      };
    } else if (last > head.sequence) {
      this.broken = {
        sequence: head.sequence + 1,
        reason: `the chain goes on past the workspace's head (entry ${head.sequence}) to entry ${last}`,
      };
    } else if (this.previousHash !== head.hash) {
      this.broken = {
        sequence: last,
        reason: "the chain's last hash is not the workspace's stored head: the chain was rewritten",
      };
    }
    return this.result();
  }

  add(entry: ChainedAuditEntry): boolean {
    if (this.broken) return false;
    const { previousHash: recordedPrevious, hash, ...content } = entry;
    let reason: string | null = null;
    if (entry.sequence !== this.expectedSequence) {
      reason = `expected sequence ${this.expectedSequence}: an entry is missing or out of order`;
    } else if (recordedPrevious !== this.previousHash) {
      reason = 'its previous hash does not match the entry before it';
    } else if (auditEntryHash(this.previousHash, content) !== hash) {
      reason = 'its content does not match its hash: it was changed';
    }
    if (reason !== null) {
      this.broken = { sequence: entry.sequence, reason };
      return false;
    }
    this.previousHash = hash;
    this.expectedSequence++;
    this.checked++;
    return true;
  }

  result(): AuditVerification {
    return { valid: this.broken === null, checked: this.checked, firstBroken: this.broken, head: this.previousHash };
  }
}

/** Verifies a whole chain given in sequence order, against the workspace's stored head when given. */
export function verifyAuditChain(entries: Iterable<ChainedAuditEntry>, head?: AuditChainHead): AuditVerification {
  const verifier = new AuditChainVerifier();
  for (const entry of entries) if (!verifier.add(entry)) break;
  return head ? verifier.finish(head) : verifier.result();
}
