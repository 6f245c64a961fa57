/**
 * Use-case: load the demo plan (src/app/demo/demo-plan.ts) into a workspace through the real use-cases, so every
 * screen and report has something to show on a first start (decision 0011): customers, services, calendars, the
 * signatories, the agreements put in force (activation back-dated to their effective instant), outages and
 * maintenance windows, a few hundred tickets with their events in batches, delivery lines and KPI values.
 *
 * Idempotent: the end of a complete load is recorded in the audit log (`demo.loaded`), and a workspace that has it
 * is left alone, so a second run changes nothing. A run after an interrupted one resumes: every step finds what
 * exists (slugs, the plan's idempotency keys, upserts) before it creates anything.
 */
import { agreementContentHash, parseAgreement } from '../../core/agreement/index.ts';
import { systemPrincipal } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import type { DemoPlan } from './demo-plan-types.ts';
import { type DemoDependencies, loadDemoFrame } from './load-demo-agreements.ts';
import {
  loadDemoDeliveriesAndKpis,
  loadDemoFacts,
  loadDemoTickets,
  type RecordCounts,
  type RecordOptions,
} from './load-demo-records.ts';

export const DEMO_LOADED_ACTION = 'demo.loaded';

export interface DemoLoadOptions extends RecordOptions {
  readonly workspaceId: string;
}

export interface DemoLoadResult extends RecordCounts {
  /** False when the workspace already had the demo: nothing was done. */
  readonly loaded: boolean;
  readonly customers: number;
  readonly agreements: number;
  readonly source: DemoPlan['source']['kind'];
}

/** Whether the demo has been loaded into the workspace completely. */
export async function isDemoLoaded(dependencies: DemoDependencies, workspaceId: string): Promise<boolean> {
  const page = await dependencies.store.read.audit.list(
    workspaceId,
    { limit: 1, offset: 0 },
    { action: DEMO_LOADED_ACTION },
  );
  return page.total > 0;
}

export async function loadDemo(
  dependencies: DemoDependencies,
  plan: DemoPlan,
  options: DemoLoadOptions,
): Promise<DemoLoadResult> {
  const counts: RecordCounts = {
    outages: 0,
    maintenanceWindows: 0,
    tickets: 0,
    events: 0,
    deliveries: 0,
    kpiValues: 0,
  };
  const summary = {
    customers: plan.customers.length,
    agreements: plan.agreements.length,
    source: plan.source.kind,
  };
  if (await isDemoLoaded(dependencies, options.workspaceId)) return { loaded: false, ...summary, ...counts };

  const system = systemPrincipal(options.workspaceId, 'covenant demo');
  const agreements = new Map(plan.agreements.map((entry) => [entry.slug, parseAgreement(entry.sourceText, 'yaml')]));
  const pause = options.pause ?? (async () => {});
  const frame = await loadDemoFrame(dependencies, system, plan, agreements, pause);
  await loadDemoFacts(dependencies, system, plan, frame, counts, pause);
  await loadDemoTickets(dependencies, system, plan, frame, counts, options);
  await loadDemoDeliveriesAndKpis(dependencies, system, plan, frame, counts, pause);

  await dependencies.store.transaction((repositories) =>
    recordChange(repositories, system, dependencies.clock.now(), {
      action: DEMO_LOADED_ACTION,
      entityType: 'workspace',
      entityId: options.workspaceId,
      after: {
        ...summary,
        ...counts,
        planNow: plan.now,
        sourceDescription: plan.source.description,
        agreements: plan.agreements.map((entry) => ({
          slug: entry.slug,
          contentHash: agreementContentHash(agreements.get(entry.slug)!),
          effectiveFrom: entry.effectiveFrom,
        })),
      },
    }),
  );
  return { loaded: true, ...summary, ...counts };
}
