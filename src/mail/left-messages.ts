/**
 * Pending messages the watcher does not offer again at once: those the sink left (offered again after a pause that
 * doubles, up to the re-scan interval) and those too large to download (looked at again at each re-scan). Kept in
 * memory per UIDVALIDITY: a restart simply offers them again, which the sink answers as before.
 */

interface LeftMessage {
  readonly retryAt: number;
  readonly pauseMs: number;
  readonly tooLarge: boolean;
}

export class LeftMessages {
  readonly #byUid = new Map<number, LeftMessage>();
  readonly #firstPauseMs: number;
  readonly #longestPauseMs: number;

  constructor(firstPauseMs: number, longestPauseMs: number) {
    this.#firstPauseMs = firstPauseMs;
    this.#longestPauseMs = longestPauseMs;
  }

  /** Whether the message must not be offered yet. */
  isWaiting(uid: number, now: number): boolean {
    const left = this.#byUid.get(uid);
    return left !== undefined && left.retryAt > now;
  }

  /** The sink left it: offer it again after the first pause, or twice the last one. */
  leave(uid: number, now: number): void {
    const previous = this.#byUid.get(uid);
    const pauseMs = previous
      ? Math.min(this.#longestPauseMs, Math.max(this.#firstPauseMs, previous.pauseMs * 2))
      : this.#firstPauseMs;
    this.#byUid.set(uid, { retryAt: now + pauseMs, pauseMs, tooLarge: false });
  }

  /** Too large to download: look again after the longest pause. Returns true the first time. */
  leaveTooLarge(uid: number, now: number): boolean {
    const first = !this.#byUid.get(uid)?.tooLarge;
    this.#byUid.set(uid, { retryAt: now + this.#longestPauseMs, pauseMs: this.#longestPauseMs, tooLarge: true });
    return first;
  }

  taken(uid: number): void {
    this.#byUid.delete(uid);
  }

  /** Forgets those no longer pending (another watcher or a person took care of them). */
  keepOnly(pending: readonly number[]): void {
    if (this.#byUid.size === 0) return;
    const stillPending = new Set(pending);
    for (const uid of this.#byUid.keys()) if (!stillPending.has(uid)) this.#byUid.delete(uid);
  }

  clear(): void {
    this.#byUid.clear();
  }

  /** When the first of them may be offered again, or Infinity. */
  nextRetryAt(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const left of this.#byUid.values()) next = Math.min(next, left.retryAt);
    return next;
  }

  /** The sentences of the status notice about them, or none. */
  notice(): string[] {
    let tooLarge = 0;
    for (const left of this.#byUid.values()) if (left.tooLarge) tooLarge += 1;
    const left = this.#byUid.size - tooLarge;
    const sentences: string[] = [];
    if (left > 0) {
      sentences.push(`${left} message${left === 1 ? ' was' : 's were'} not taken in yet and will be offered again.`);
    }
    if (tooLarge > 0) {
      const one = tooLarge === 1;
      sentences.push(
        `${tooLarge} message${one ? ' is' : 's are'} larger than the size Covenant reads and stay${one ? 's' : ''} ` +
          'in the folder.',
      );
    }
    return sentences;
  }
}
