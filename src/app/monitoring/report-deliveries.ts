/**
 * Use-case: scheduled delivery of periodic reports (issue 6, decision 0012). When an agreement's reporting period
 * (monthly or quarterly, `spec.reporting`) has closed and an hour has passed for late events to settle, its report
 * goes to the recipients the agreement names, by e-mail through the outbox (the PDF is attached at delivery time
 * from the frozen snapshot of the closed period), to `report.ready` webhooks, and in-app to the workspace's managers
 * and the customer's representatives. Ids are derived from agreement, period and recipient: each report is sent once.
 */
import { formatDuration } from '../../core/time/index.ts';
import { scopeAdmits, systemPrincipal } from '../access/principal.ts';
import type { NotificationDraft, OutboxDraft } from '../ports/monitoring-repository.ts';
import type { ReportReady } from '../ports/notification-content.ts';
import type { Clock, Store } from '../ports/store.ts';
import { getPeriodResults } from '../results/period-results.ts';
import { monthIndex, monthLabelAt, resolveResultsPeriod } from '../results/results-period.ts';
import { loadActivatedVersions, versionForPeriod } from '../results/results-versions.ts';
import type { TargetGoal } from '../results/target-goals.ts';
import { emailDraft, webhookDrafts } from './outbox-drafts.ts';

/** Late events of the last hours of a period still count before its report goes out. */
const REPORT_SETTLE_MS = 60 * 60_000;

export interface ReportDeliveryPass {
  readonly agreements: number;
  readonly reports: number;
  readonly messages: number;
}

/** The label of the last reporting period (months per period: 1 or 3) that ended by `instant` in the zone. */
export function lastClosedPeriodLabel(months: number, timeZone: string, instant: number): string | null {
  const current = monthIndex(monthLabelAt(timeZone, instant).label); // months since year 0
  if (months === 1) {
    const index = current - 1;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  }
  if (months === 3) {
    const index = Math.floor(current / 3) - 1; // quarters since year 0
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  }
  return null;
}

export async function enqueueDueReports({ store, clock }: { store: Store; clock: Clock }): Promise<ReportDeliveryPass> {
  const now = clock.now();
  const agreements = await store.read.monitoring.reportingAgreements();
  let reports = 0;
  let messages = 0;
  for (const candidate of agreements) {
    const versions = await loadActivatedVersions(store.read, candidate.workspaceId, candidate.agreementId);
    const latest = versions.filter((version) => version.activatedAt <= now).at(-1);
    const reporting = latest?.agreement.spec.reporting;
    if (!latest || !reporting || reporting.period.days !== 0) continue;
    const timeZone = latest.agreement.spec.term.timezone;
    const label = lastClosedPeriodLabel(reporting.period.months, timeZone, now - REPORT_SETTLE_MS);
    if (label === null) continue;
    const period = resolveResultsPeriod({ period: label }, timeZone, now);
    if (now < period.to + REPORT_SETTLE_MS || !versionForPeriod(versions, period, now)) continue;
    const sourceId = `report:${candidate.agreementId}:${label}`;
    if (await store.read.monitoring.outboxHasSource(candidate.workspaceId, sourceId)) continue;

    const principal = systemPrincipal(candidate.workspaceId, 'scheduled report');
    const results = await getPeriodResults({ store, clock }, principal, candidate.agreementId, { period: label });
    const report: ReportReady = {
      agreement: { id: candidate.agreementId, title: candidate.title },
      customer: { id: candidate.customerId, name: candidate.customerName },
      period: label,
      timeZone: results.period.timeZone,
      summary: results.targets.map((target) => ({
        label: target.target.id,
        value: headlineValue(target.value, target.goal?.unit),
        rag: target.rag.status,
      })),
    };
    const written = await store.transaction(async (repositories) => {
      const directory = await repositories.monitoring.directory(candidate.workspaceId);
      const base = {
        workspaceId: candidate.workspaceId,
        customerId: candidate.customerId,
        sourceId,
        kind: 'report.ready',
      };
      const attachment = { agreementId: candidate.agreementId, period: label };
      const outbox: OutboxDraft[] = [
        ...reporting.recipients.map((recipient) =>
          emailDraft(base, recipient, { report, recipientTimeZone: timeZone, attachment }),
        ),
        ...webhookDrafts(base, directory, { report }),
      ];
      const notifications: NotificationDraft[] = directory.recipients
        .filter(
          (user) =>
            (user.role === 'manager' || (user.role === 'customer' && scopeAdmits(user, candidate.customerId))) &&
            user.preferences.inApp &&
            user.preferences.kinds.report,
        )
        .map((user) => ({
          workspaceId: candidate.workspaceId,
          userId: user.userId,
          customerId: candidate.customerId,
          sourceId,
          kind: 'report',
          title: `Report ready: ${candidate.title}, ${label}`,
          body: report.summary.map((entry) => `${entry.label} ${entry.value} (${entry.rag})`).join('; '),
          link: `/reports/${candidate.agreementId}?period=${label}`,
          payload: report,
        }));
      await repositories.monitoring.notify(notifications, now);
      return repositories.monitoring.enqueue(outbox, now);
    });
    reports++;
    messages += written;
  }
  return { agreements: agreements.length, reports, messages };
}

/** A target's figure as the e-mail's summary shows it: a percent, business time (mean resolution time) or a number. */
export function headlineValue(value: number | null, unit: TargetGoal['unit'] | undefined): string {
  if (value === null) return 'no data';
  if (unit === 'ms') return formatDuration(value, 'business');
  if (unit === 'percent') return `${value.toFixed(2)} %`;
  return String(Number(value.toFixed(3)));
}
