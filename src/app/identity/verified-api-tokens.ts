/**
 * API tokens verified against the database in the last few seconds: a busy integration sends hundreds of requests a
 * second, and a database round trip for each would cost more than the request itself. Revoking a token forgets it
 * here at once; another process may accept it for up to `TOKEN_CACHE_MS` more (decision 0009). One per process,
 * created by the composition (decision 0028).
 */
import type { ApiTokenRecord } from '../ports/identity-repositories.ts';

export const TOKEN_CACHE_MS = 10_000;
const MAX_TOKENS = 10_000;

export interface VerifiedToken {
  record: ApiTokenRecord;
  readonly until: number;
}

export class VerifiedApiTokens {
  private readonly byHash = new Map<string, VerifiedToken>();

  /** The entry for a token hash if it is still fresh at `now`. */
  fresh(hash: string, now: number): VerifiedToken | undefined {
    const entry = this.byHash.get(hash);
    return entry && entry.until > now ? entry : undefined;
  }

  /**
   * Remembers a record just read; when requests that arrived together all looked the token up, the first to come
   * back is the one kept, so they share one entry.
   */
  remember(hash: string, record: ApiTokenRecord, now: number): VerifiedToken {
    const stored = this.fresh(hash, now);
    if (stored) return stored;
    if (this.byHash.size >= MAX_TOKENS) this.byHash.clear();
    const entry = { record, until: now + TOKEN_CACHE_MS };
    this.byHash.set(hash, entry);
    return entry;
  }

  forgetHash(hash: string): void {
    this.byHash.delete(hash);
  }

  /** Forgets a revoked token at once. */
  forgetToken(tokenId: string): void {
    for (const [hash, entry] of this.byHash) if (entry.record.id === tokenId) this.byHash.delete(hash);
  }
}
