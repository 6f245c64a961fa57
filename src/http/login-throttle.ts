/**
 * Login throttling (decision 0033): failed sign-ins slow down the client that makes them, never the account's owner.
 * Failures are counted per (account, client address) and per client address; past a few free failures each further one
 * makes that client wait twice as long as the last (1 s, 2 s, 4 s, ... up to 15 minutes), answered as 429 with
 * Retry-After. Nothing is counted per account alone, so failures from one address cannot refuse the right password
 * from another, and a client that has not been failing is never refused. A key's failures are forgotten after an hour
 * without one, and the (account, address) key also on a successful sign-in. Kept in memory per server instance.
 */

export interface ThrottleStep {
  /** Failures answered without any wait. */
  readonly freeFailures: number;
}

export interface ThrottlePolicy {
  /** Failures for one account from one client address. */
  readonly perAccountAndAddress: ThrottleStep;
  /** Failures from one client address, whatever the account (guessing across many accounts). */
  readonly perAddress: ThrottleStep;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  readonly firstDelayMs: number;
  /** The longest wait. */
  readonly maxDelayMs: number;
  /** A key's failures are forgotten after this long without a failure. */
  readonly forgetAfterMs: number;
  /**
   * Keys kept at most; past it, forgotten keys go first, then the oldest, down to nine tenths (so the walk over the
   * keys is paid once per tenth of them, not on every failure).
   */
  readonly maxKeys: number;
}

/** What every server runs with; documented in the login route's description and the README. */
export const LOGIN_THROTTLE_POLICY: ThrottlePolicy = {
  perAccountAndAddress: { freeFailures: 5 },
  perAddress: { freeFailures: 50 },
  firstDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxKeys: 100_000,
};

interface KeyState {
  failures: number;
  lastFailureAt: number;
}

export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();
  constructor(
    private readonly now: () => number,
    private readonly policy: ThrottlePolicy = LOGIN_THROTTLE_POLICY,
  ) {}

  /** Milliseconds this client must wait before trying this account again, or 0 when it may try now. */
  retryAfter(email: string, address: string): number {
    const now = this.now();
    return Math.max(
      this.waitOf(accountKey(email, address), this.policy.perAccountAndAddress, now),
      this.waitOf(addressKey(address), this.policy.perAddress, now),
    );
  }

  recordFailure(email: string, address: string): void {
    const now = this.now();
    for (const key of [accountKey(email, address), addressKey(address)]) {
      const state = this.current(key, now);
      // Re-inserted so the map's order is the order of last failures (the oldest are evicted first).
      this.keys.delete(key);
      this.keys.set(key, { failures: (state?.failures ?? 0) + 1, lastFailureAt: now });
    }
    if (this.keys.size > this.policy.maxKeys) this.evict(now);
  }

  /**
   * The account's failures from this address are forgotten; the address's are not, or an attacker with an account of
   * their own could clear their count between guesses at others.
   */
  recordSuccess(email: string, address: string): void {
    this.keys.delete(accountKey(email, address));
  }

  private waitOf(key: string, step: ThrottleStep, now: number): number {
    const state = this.current(key, now);
    if (!state || state.failures <= step.freeFailures) return 0;
    const doublings = Math.min(state.failures - step.freeFailures - 1, 30);
    const delay = Math.min(this.policy.firstDelayMs * 2 ** doublings, this.policy.maxDelayMs);
    return Math.max(0, state.lastFailureAt + delay - now);
  }

  private current(key: string, now: number): KeyState | undefined {
    const state = this.keys.get(key);
    if (state && now - state.lastFailureAt >= this.policy.forgetAfterMs) {
      this.keys.delete(key);
      return undefined;
    }
    return state;
  }

  private evict(now: number): void {
    for (const [key, state] of this.keys) {
      if (now - state.lastFailureAt >= this.policy.forgetAfterMs) this.keys.delete(key);
    }
    const keep = Math.floor(this.policy.maxKeys * 0.9);
    for (const key of this.keys.keys()) {
      if (this.keys.size <= keep) break;
      this.keys.delete(key);
    }
  }
}

const accountKey = (email: string, address: string) => `account:${email.trim().toLowerCase()}|${address}`;
const addressKey = (address: string) => `address:${address}`;
