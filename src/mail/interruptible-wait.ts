/**
 * Waiting that ends early: a wake-up that can be rung before anyone waits (it is remembered), and a sleep that a stop
 * signal cuts short. The watcher waits on these instead of polling flags.
 */

export class Wakeup {
  #rung = false;
  #waiter: (() => void) | null = null;

  ring(): void {
    this.#rung = true;
    this.#waiter?.();
  }

  /** Whether it was rung since the last `take`, and resets it. */
  take(): boolean {
    const rung = this.#rung;
    this.#rung = false;
    return rung;
  }

  /** Resolves when rung (at once if it was rung already); the ring is consumed. */
  wait(): Promise<void> {
    if (this.take()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiter = () => {
        this.#waiter = null;
        this.#rung = false;
        resolve();
      };
    });
  }

  /** Stops a pending `wait` from being resolved by a later ring (its promise is abandoned). */
  cancel(): void {
    this.#waiter = null;
  }
}

/** Resolves after `ms`, or at once when `signal` is (or becomes) aborted. Never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}
