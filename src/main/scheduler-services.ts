/**
 * The scheduler of a process (`npm start` runs it in the server unless COVENANT_SWEEP=off; `covenant worker` runs it
 * alone): the composed delivery dependencies, the configured lease, and the metrics it reports to.
 */
import type { CovenantConfig } from '../config/config.ts';
import { type RunningScheduler, type SchedulerLogger, startScheduler } from '../jobs/scheduler.ts';
import { type CovenantDependencies, composeDelivery } from './composition.ts';

export function startConfiguredScheduler(
  dependencies: CovenantDependencies,
  config: CovenantConfig,
  baseUrl: string,
  logger: SchedulerLogger,
): RunningScheduler {
  const { metrics } = dependencies;
  return startScheduler(composeDelivery(dependencies, config, baseUrl), {
    logger,
    leaseMs: config.outboxLeaseMs,
    onSweep: (result) => {
      metrics.firings.inc({ outcome: 'acted' }, result.firings - result.suppressed);
      metrics.firings.inc({ outcome: 'suppressed' }, result.suppressed);
      for (const delay of result.delays) metrics.firingDelay.observe(delay / 1000);
    },
    onDelivery: (pass) => {
      metrics.outboxDeliveries.inc({ outcome: 'delivered' }, pass.delivered);
      metrics.outboxDeliveries.inc({ outcome: 'retried' }, pass.retried);
      metrics.outboxDeliveries.inc({ outcome: 'dead' }, pass.dead);
    },
  });
}
