/**
 * Open-loop calls of an async function, for the benchmarks' physical-limit peers: call i is due at i / rate seconds
 * and its latency counts from then, so a call that waits for a free slot (at most `concurrency` in flight) is late by
 * that wait, as a request to a server would be.
 */
import { performance } from 'node:perf_hooks';

export interface OpenLoopCallsResult {
  readonly latenciesMs: number[];
  readonly failures: number;
  readonly firstFailure: string | null;
  readonly elapsedSeconds: number;
}

export async function runOpenLoopCalls(options: {
  rate: number;
  seconds: number;
  concurrency: number;
  call: (index: number) => Promise<void>;
}): Promise<OpenLoopCallsResult> {
  const total = Math.round(options.rate * options.seconds);
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  let inFlight = 0;
  let sent = 0;
  const started = performance.now();
  const dueAt = (index: number) => started + (index * 1000) / options.rate;
  const settled = new Set<Promise<void>>();
  while (sent < total) {
    while (sent < total && inFlight < options.concurrency && performance.now() >= dueAt(sent)) {
      const index = sent++;
      const scheduledAt = dueAt(index);
      inFlight++;
      const running = options.call(index).then(
        () => {
          latenciesMs.push(performance.now() - scheduledAt);
        },
        (error: Error) => {
          failures++;
          firstFailure ??= error.message;
        },
      );
      const tracked = running.finally(() => {
        inFlight--;
        settled.delete(tracked);
      });
      settled.add(tracked);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1, Math.max(0, dueAt(sent) - performance.now()))));
  }
  await Promise.all(settled);
  return { latenciesMs, failures, firstFailure, elapsedSeconds: (performance.now() - started) / 1000 };
}
