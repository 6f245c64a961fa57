/**
 * Login rate limiting: at most a few failed attempts per e-mail address and per client address in a sliding window.
 * Kept in memory per server instance (several instances each apply it: the limit per instance is what is promised).
 */
export interface ThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly options: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until another attempt is allowed for any of the keys, or 0 when allowed now. */
  retryAfter(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.options.maxFailures) wait = Math.max(wait, recent[0]! + this.options.windowMs - now);
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.set(key, recent);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((at) => at <= now - this.options.windowMs)) this.failures.delete(key);
    }
  }
}
