/**
 * What the facts use-cases need to know about agreements, read straight from the agreements tables: facts refer to an
 * agreement by id, and a KPI value to one of its KPI targets.
 */
import type { DataScope } from '../access/principal.ts';

export interface FactReferenceRepository {
  /** The customer of the agreement, or null when the scope has no agreement with this id. */
  agreementCustomer(scope: DataScope, agreementId: string): Promise<string | null>;
  /** Whether some version of the agreement defines a target with this id and metric `kpi`. */
  hasKpiTarget(workspaceId: string, agreementId: string, targetId: string): Promise<boolean>;
}
