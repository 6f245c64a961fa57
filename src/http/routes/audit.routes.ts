/** The audit log: read and verify (administrators, managers, auditors). */
import { z } from 'zod';
import { listAuditEntries, verifyAuditLog } from '../../app/audit/read-audit-log.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
  textInput,
} from './route-schemas.ts';

const auditEntrySchema = z.object({
  sequence: z.number(),
  at: instantSchema,
  actor: z.object({ userId: z.string().nullable(), tokenId: z.string().nullable(), label: z.string() }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  customerId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  previousHash: z.string(),
  hash: z.string(),
});

export function auditRoutes(app: ZodApp, { store }: HttpDependencies): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          entityType: textInput.max(50).optional(),
          entityId: textInput.max(100).optional(),
          action: textInput.max(100).optional(),
        }),
        response: { 200: listEnvelope(auditEntrySchema), ...standardErrors },
      },
    },
    async (request) => {
      const { entityType, entityId, action, ...page } = request.query;
      return pageBody(
        await listAuditEntries(store, principalOf(request), pageOf(page), { entityType, entityId, action }),
        (entry) => ({
          sequence: entry.sequence,
          at: iso(entry.at),
          actor: { userId: entry.actorUserId, tokenId: entry.actorTokenId, label: entry.actorLabel },
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId,
          customerId: entry.customerId,
          before: entry.before,
          after: entry.after,
          previousHash: entry.previousHash,
          hash: entry.hash,
        }),
      );
    },
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the workspace audit log',
        response: {
          200: z.object({
            valid: z.boolean(),
            checked: z.number(),
            firstBroken: z.object({ sequence: z.number(), reason: z.string() }).nullable(),
            head: z.string(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => verifyAuditLog(store, principalOf(request)),
  );
}
