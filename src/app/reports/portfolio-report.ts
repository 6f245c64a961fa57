/**
 * Use-case: the service level manager's portfolio (decision 0014): the results of every agreement in force in a period,
 * rolled up per customer, per service or for the whole workspace: how many targets are green, amber, red or grey, the
 * worst status, the ticket cycles met and breached (pooled attainment), the credits owed per currency and the
 * termination triggers raised (by closed months only; a running month says how many it would raise if it closed now).
 * A period label is read in each agreement's own zone, like its report.
 *
 * Per service, each target counts for its service (the target's `service`, else the agreement's only service, else
 * "all services"); credits and termination belong to agreements, not services, so service groups leave them out.
 * Customer representatives see their own customer's agreements only.
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { percentOf, type RagResult, type RagStatus } from '../../core/measure/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { hiddenStatusesFor } from '../agreements/agreement-access.ts';
import { AppError } from '../app-error.ts';
import type { AgreementOverview } from '../ports/agreement-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import { type PeriodResults, periodResults } from '../results/period-results.ts';
import type { ResultsPeriodRequest } from '../results/results-period.ts';

export const portfolioGroupings = ['customer', 'service', 'workspace'] as const;
export type PortfolioGrouping = (typeof portfolioGroupings)[number];

export interface PortfolioRequest extends ResultsPeriodRequest {
  readonly groupBy: PortfolioGrouping;
}

export interface RagCounts {
  readonly green: number;
  readonly amber: number;
  readonly red: number;
  readonly grey: number;
}

export interface PortfolioTarget {
  readonly targetId: string;
  readonly metric: string;
  readonly service: string | null;
  /** As the target's result: percent, milliseconds (mean resolution time) or the KPI's number. */
  readonly value: number | null;
  readonly unit: 'percent' | 'ms' | 'number' | null;
  readonly rag: RagResult;
  readonly met: number | null;
  readonly breached: number | null;
}

export interface PortfolioAgreement {
  readonly agreementId: string;
  readonly slug: string;
  readonly title: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly period: {
    readonly label: string | null;
    readonly from: number;
    readonly to: number;
    readonly current: boolean;
  };
  readonly versionNumber: number;
  readonly worst: RagStatus;
  readonly rag: RagCounts;
  readonly credit: { readonly amount: number; readonly currency: string; readonly provisional: boolean } | null;
  /** Triggers raised by the closed months. */
  readonly terminationTriggered: number;
  /** Triggers not raised that the running month would raise if it closed now (0 for a closed month). */
  readonly terminationWouldTrigger: number;
  readonly targets: readonly PortfolioTarget[];
}

export interface PortfolioGroup {
  /** The customer's id, the service's id (`*` for all services), or the workspace's id. */
  readonly key: string;
  readonly name: string;
  readonly agreements: readonly PortfolioAgreement[];
  readonly rag: RagCounts;
  readonly worst: RagStatus;
  readonly tickets: { readonly met: number; readonly breached: number; readonly attainmentPercent: number | null };
  /** Credits per currency; null for service groups (credits belong to agreements). */
  readonly credits: readonly { readonly currency: string; readonly amount: number }[] | null;
  readonly terminationTriggered: number | null;
  readonly terminationWouldTrigger: number | null;
}

export interface PortfolioReport {
  readonly groupBy: PortfolioGrouping;
  readonly generatedAt: number;
  readonly groups: readonly PortfolioGroup[];
  /** Agreements of the scope with no version in force in the period (left out of the groups). */
  readonly notInForce: readonly { readonly agreementId: string; readonly slug: string; readonly title: string }[];
}

const PAGE = 500;

export async function getPortfolioReport(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  request: PortfolioRequest,
): Promise<PortfolioReport> {
  requirePermission(principal, 'reports.read');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    await repositories.results.prepareReport();
    const agreements = await allAgreements(repositories, principal);
    const customers = new Map<string, string>();
    const measured: { overview: AgreementOverview; results: PeriodResults }[] = [];
    const notInForce: PortfolioReport['notInForce'][number][] = [];
    for (const overview of agreements) {
      try {
        const range = { period: request.period, from: request.from, to: request.to, breachLimit: 1 };
        measured.push({ overview, results: await periodResults(repositories, principal, overview.id, range, now) });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'AGREEMENT_NOT_IN_FORCE')) throw error;
        notInForce.push({ agreementId: overview.id, slug: overview.slug, title: overview.title });
      }
      if (!customers.has(overview.customerId)) {
        const customer = await repositories.customers.get(scopeOf(principal), overview.customerId);
        customers.set(overview.customerId, customer?.name ?? overview.customerSlug);
      }
    }
    const summaries = measured.map(({ overview, results }) =>
      summarize(overview, customers.get(overview.customerId) ?? '', results),
    );
    return {
      groupBy: request.groupBy,
      generatedAt: now,
      groups: groupsOf(request.groupBy, summaries, principal.workspaceId),
      notInForce,
    };
  });
}

async function allAgreements(repositories: Repositories, principal: Principal): Promise<AgreementOverview[]> {
  const all: AgreementOverview[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await repositories.agreements.list(
      scopeOf(principal),
      { limit: PAGE, offset },
      { sort: 'slug', hiddenStatuses: hiddenStatusesFor(principal) },
    );
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
  }
}

function summarize(overview: AgreementOverview, customerName: string, results: PeriodResults): PortfolioAgreement {
  const agreement = results.version.agreement as Agreement;
  const onlyService = agreement.spec.services.length === 1 ? agreement.spec.services[0]!.id : null;
  const targets = results.targets.map(
    (result): PortfolioTarget => ({
      targetId: result.target.id,
      metric: result.target.metric,
      service: ('service' in result.target ? result.target.service : undefined) ?? onlyService,
      value: result.value,
      unit: result.goal?.unit ?? null,
      rag: result.rag,
      met: result.tickets?.met ?? null,
      breached: result.tickets?.breached ?? null,
    }),
  );
  const credits = results.credits;
  return {
    agreementId: overview.id,
    slug: overview.slug,
    title: overview.title,
    customerId: overview.customerId,
    customerName,
    period: {
      label: results.period.label,
      from: results.period.from,
      to: results.period.to,
      current: results.period.current,
    },
    versionNumber: results.version.record.number,
    worst: worstOf(targets.map((target) => target.rag.status)),
    rag: ragCounts(targets),
    credit:
      credits === null
        ? null
        : { amount: credits.result.credit, currency: credits.currency, provisional: credits.provisional },
    terminationTriggered: (results.termination ?? []).filter((status) => status.triggered).length,
    terminationWouldTrigger: (results.termination ?? []).filter(
      (status) => !status.triggered && status.provisional?.wouldTrigger === true,
    ).length,
    targets,
  };
}

function groupsOf(groupBy: PortfolioGrouping, agreements: readonly PortfolioAgreement[], workspaceId: string) {
  const groups = new Map<string, { name: string; agreements: PortfolioAgreement[] }>();
  const add = (key: string, name: string, agreement: PortfolioAgreement) => {
    const group = groups.get(key) ?? { name, agreements: [] };
    group.agreements.push(agreement);
    groups.set(key, group);
  };
  for (const agreement of agreements) {
    if (groupBy === 'workspace') add(workspaceId, 'All agreements', agreement);
    else if (groupBy === 'customer') add(agreement.customerId, agreement.customerName, agreement);
    else {
      const services = [...new Set(agreement.targets.map((target) => target.service ?? '*'))];
      for (const service of services) {
        const targets = agreement.targets.filter((target) => (target.service ?? '*') === service);
        add(service, service === '*' ? 'All services' : service, {
          ...agreement,
          targets,
          worst: worstOf(targets.map((target) => target.rag.status)),
          rag: ragCounts(targets),
        });
      }
    }
  }
  return [...groups.entries()]
    .sort(([a, left], [b, right]) => (left.name === right.name ? compare(a, b) : compare(left.name, right.name)))
    .map(([key, group]): PortfolioGroup => {
      const targets = group.agreements.flatMap((agreement) => agreement.targets);
      const met = targets.reduce((sum, target) => sum + (target.met ?? 0), 0);
      const breached = targets.reduce((sum, target) => sum + (target.breached ?? 0), 0);
      const perService = groupBy === 'service';
      return {
        key,
        name: group.name,
        agreements: group.agreements,
        rag: ragCounts(targets),
        worst: worstOf(targets.map((target) => target.rag.status)),
        tickets: { met, breached, attainmentPercent: percentOf(met, met + breached) },
        credits: perService ? null : creditsOf(group.agreements),
        terminationTriggered: perService
          ? null
          : group.agreements.reduce((sum, agreement) => sum + agreement.terminationTriggered, 0),
        terminationWouldTrigger: perService
          ? null
          : group.agreements.reduce((sum, agreement) => sum + agreement.terminationWouldTrigger, 0),
      };
    });
}

function creditsOf(agreements: readonly PortfolioAgreement[]) {
  const cents = new Map<string, number>();
  for (const { credit } of agreements) {
    if (credit) cents.set(credit.currency, (cents.get(credit.currency) ?? 0) + Math.round(credit.amount * 100));
  }
  return [...cents.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([currency, amount]) => ({ currency, amount: amount / 100 }));
}

function ragCounts(targets: readonly { rag: RagResult }[]): RagCounts {
  const counts = { green: 0, amber: 0, red: 0, grey: 0 };
  for (const target of targets) counts[target.rag.status]++;
  return counts;
}

/** Red before amber before green; grey only when nothing has a status. */
function worstOf(statuses: readonly RagStatus[]): RagStatus {
  for (const status of ['red', 'amber', 'green'] as const) if (statuses.includes(status)) return status;
  return 'grey';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
