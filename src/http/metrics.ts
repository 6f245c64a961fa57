/** Prometheus metrics at /metrics: process metrics and request durations by route (never by tenant). */
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly ticketEvents: Counter<'outcome'>;
  /** Requests recorded together per round of the event recorder (1 while requests do not queue). */
  readonly eventRoundRequests: Histogram;
  /** Thresholds recorded by the sweep: acted on, or suppressed as history. */
  readonly firings: Counter<'outcome'>;
  /** From the instant a threshold was reached to the sweep acting on it. */
  readonly firingDelay: Histogram;
  readonly outboxDeliveries: Counter<'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'covenant_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ticketEvents: new Counter({
      name: 'covenant_ticket_events_total',
      help: 'Ticket events received, by outcome (recorded, duplicate)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    eventRoundRequests: new Histogram({
      name: 'covenant_ticket_event_round_requests',
      help: 'Requests whose ticket events were recorded together in one round (one read, one write, one commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    }),
    firings: new Counter({
      name: 'covenant_clock_firings_total',
      help: 'Warning thresholds, escalation levels and breaches recorded by the sweep, by outcome (acted, suppressed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    firingDelay: new Histogram({
      name: 'covenant_clock_firing_delay_seconds',
      help: 'Delay between the instant a threshold was reached and the sweep acting on it',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30, 300],
      registers: [registry],
    }),
    outboxDeliveries: new Counter({
      name: 'covenant_outbox_deliveries_total',
      help: 'Outbox delivery attempts by outcome (delivered, retried, dead)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
