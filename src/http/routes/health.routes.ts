/** Liveness and readiness: /api/health answers while the process runs; /api/ready when the database is usable. */
import { z } from 'zod';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';

export function healthRoutes(app: ZodApp, { store, version }: HttpDependencies): void {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, version }),
  );
  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database is reachable and every migration is applied',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.literal(true),
            migrationsPending: z.array(z.string()),
          }),
          503: z.object({
            status: z.literal('not_ready'),
            database: z.boolean(),
            migrationsPending: z.array(z.string()),
          }),
        },
      },
    },
    async (_request, reply) => {
      const readiness = await store.readiness();
      if (readiness.database && readiness.migrationsPending.length === 0) {
        return { status: 'ready' as const, database: true as const, migrationsPending: [] };
      }
      return reply
        .status(503)
        .send({ status: 'not_ready' as const, ...readiness, migrationsPending: [...readiness.migrationsPending] });
    },
  );
}
