/**
 * The scheduler (decision 0012): two loops in one process, the due-clock sweep and the outbox delivery. Each runs a
 * pass, then sleeps until the next due instant the database knows of, never longer than `maxIdleMs` (new events
 * may bring an earlier one), and goes again at once while passes come back full. Any number of processes may run it
 * against one PostgreSQL: the claims skip locked rows and every effect has a deterministic id.
 */
import { type DeliveryPass, deliverOutbox, type OutboxDelivery } from '../app/monitoring/deliver-outbox.ts';
import { enqueueDueReports } from '../app/monitoring/report-deliveries.ts';
import { DEFAULT_SWEEP_BATCH, type SweepResult, sweepDueClocks } from '../app/monitoring/sweep-due-clocks.ts';

export interface SchedulerLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SchedulerOptions {
  readonly sweepBatch?: number;
  readonly deliveryBatch?: number;
  /** Longest sleep between passes (ms). */
  readonly maxIdleMs?: number;
  /** How long a claimed outbox message is left to its sender (see deliverOutbox). */
  readonly leaseMs?: number;
  /** Sleep after a failed pass (e.g. the database is unreachable). */
  readonly errorBackoffMs?: number;
  readonly logger?: SchedulerLogger;
  /** Run the outbox delivery loop too (default true). */
  readonly deliver?: boolean;
  /** How often to look for closed reporting periods whose reports are due (ms; default one minute; 0: never). */
  readonly reportsEveryMs?: number;
  readonly onSweep?: (result: SweepResult) => void;
  readonly onDelivery?: (pass: DeliveryPass) => void;
}

export interface RunningScheduler {
  /** Finishes the passes in flight and stops. */
  stop(): Promise<void>;
}

export function startScheduler(dependencies: OutboxDelivery, options: SchedulerOptions = {}): RunningScheduler {
  const sweepBatch = options.sweepBatch ?? DEFAULT_SWEEP_BATCH;
  const deliveryBatch = options.deliveryBatch ?? 50;
  const maxIdleMs = options.maxIdleMs ?? 250;
  const errorBackoffMs = options.errorBackoffMs ?? 1000;
  let running = true;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (!running) return resolve();
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      sleepers.add(wake);
    });
  const untilNext = (next: number | null) =>
    next === null ? maxIdleMs : Math.min(maxIdleMs, Math.max(0, next - dependencies.clock.now()));

  const loop = async (name: string, pass: () => Promise<{ full: boolean; next: () => Promise<number | null> }>) => {
    while (running) {
      try {
        const outcome = await pass();
        if (!outcome.full) await sleep(untilNext(await outcome.next()));
      } catch (error) {
        options.logger?.error({ err: error, loop: name }, `${name} pass failed; retrying`);
        await sleep(errorBackoffMs);
      }
    }
  };

  const sweeping = loop('sweep', async () => {
    const result = await sweepDueClocks(dependencies, sweepBatch);
    options.onSweep?.(result);
    if (result.firings > 0) {
      options.logger?.info(
        { tickets: result.tickets, firings: result.firings, messages: result.messages },
        'thresholds acted on',
      );
    }
    return {
      full: result.tickets >= sweepBatch,
      next: () => dependencies.store.read.monitoring.nextDueAt(),
    };
  });
  const delivering =
    options.deliver === false
      ? Promise.resolve()
      : loop('delivery', async () => {
          const pass = await deliverOutbox(dependencies, deliveryBatch, options.leaseMs);
          options.onDelivery?.(pass);
          return {
            full: pass.claimed >= deliveryBatch,
            next: () => dependencies.store.read.monitoring.nextOutboxAttemptAt(),
          };
        });

  const reportsEveryMs = options.reportsEveryMs ?? 60_000;
  const reporting =
    reportsEveryMs <= 0
      ? Promise.resolve()
      : (async () => {
          while (running) {
            try {
              const pass = await enqueueDueReports(dependencies);
              if (pass.reports > 0) options.logger?.info({ ...pass }, 'periodic reports queued');
            } catch (error) {
              options.logger?.error({ err: error, loop: 'reports' }, 'reports pass failed; retrying');
            }
            await sleep(reportsEveryMs);
          }
        })();

  return {
    async stop() {
      running = false;
      for (const wake of [...sleepers]) wake();
      await Promise.all([sweeping, delivering, reporting]);
    },
  };
}
