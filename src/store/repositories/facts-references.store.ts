/**
 * The facts' view of agreements: which customer an agreement belongs to and whether it defines a KPI target. Read
 * from the agreements tables directly (the normalised agreement of each version is stored as JSON in `content`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FactReferenceRepository } from '../../app/ports/fact-reference-repository.ts';
import { agreements } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import { inDataScope } from './data-scope-predicates.ts';
import type { Db } from './facts-predicates.ts';

export function factReferenceRepository(db: Db): FactReferenceRepository {
  return {
    async agreementCustomer(scope, agreementId) {
      const [row] = await db
        .select({ customerId: agreements.customerId })
        .from(agreements)
        .where(
          and(
            inDataScope(scope, { workspace: agreements.workspaceId, customer: agreements.customerId }),
            eq(agreements.id, agreementId),
          ),
        );
      return row?.customerId ?? null;
    },
    async hasKpiTarget(workspaceId, agreementId, targetId) {
      const [row] = await queryRows<{ found: boolean }>(
        db,
        sql`SELECT EXISTS (
              SELECT 1
              FROM agreement_versions v,
                   jsonb_array_elements(CASE WHEN jsonb_typeof(v.content -> 'spec' -> 'targets') = 'array'
                                             THEN v.content -> 'spec' -> 'targets' ELSE '[]'::jsonb END) AS t
              WHERE v.workspace_id = ${workspaceId} AND v.agreement_id = ${agreementId}
                AND t ->> 'id' = ${targetId} AND t ->> 'metric' = 'kpi') AS found`,
      );
      return row?.found === true;
    },
  };
}
