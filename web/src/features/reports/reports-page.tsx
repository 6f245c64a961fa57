/**
 * The period report of an agreement: targets against goals, the attainment trend and SLAM chart over twelve months,
 * the breaches, the service credits with their calculation trace, termination triggers, and the exports. Customers
 * see the reports of their own agreements (the server scopes the list).
 */
import { useMemo, useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import type { AgreementDetail } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { ErrorNotice, Loading, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatInstant, previousMonth } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { loadReport } from './load-report.ts';
import { NotMeasuredSummary } from './not-measured-summary.tsx';
import { PortfolioView } from './portfolio-view.tsx';
import { BreachesSection, CreditsSection, TargetsSection, TerminationSection } from './report-sections.tsx';
import { AttainmentTrend, SlamChart } from './trend-charts.tsx';

export function ReportsPage() {
  const [params, setParams] = useQueryParams();
  const agreements = useResource(() => agreementsApi.list({ limit: 100, sort: 'title' }), []);
  // Agreements that are or were in force have results; a draft that never was has none.
  const inForce =
    agreements.data?.data.filter(
      (agreement) =>
        agreement.activeVersion ||
        ['superseded', 'expired', 'terminated'].includes(agreement.latestVersion?.status ?? ''),
    ) ?? [];
  const agreementId = params.get('agreement') ?? inForce[0]?.id ?? '';
  const agreement = inForce.find((entry) => entry.id === agreementId);
  const { can } = useSession();
  // The portfolio rolls up every customer: a provider's view.
  const view = can('facts.read') && params.get('view') === 'portfolio' ? 'portfolio' : 'agreement';
  // Which months the agreement has results for: a report opens on the latest one (issue 18).
  const detail = useResource(
    () => (view === 'agreement' && agreementId ? agreementsApi.get(agreementId) : Promise.resolve(null)),
    [agreementId, view],
  );
  const reporting = detail.data?.id === agreementId ? detail.data.reporting : undefined;
  const period =
    params.get('period') || (view === 'agreement' ? (reporting?.latestMonth ?? '') : previousMonth(Date.now()));

  return (
    <>
      <PageHeader title="Reports" description="Compliance with each agreement, period by period, with the evidence." />
      <AsyncView
        resource={agreements}
        what="agreements"
        isEmpty={() => inForce.length === 0}
        empty="There are no agreements to report on yet."
      >
        {() => (
          <>
            <div className="filters">
              {can('facts.read') && (
                <Field label="Report">
                  <select value={view} onChange={(event) => setParams({ view: event.target.value })}>
                    <option value="agreement">One agreement</option>
                    <option value="portfolio">Portfolio</option>
                  </select>
                </Field>
              )}
              {view === 'agreement' && (
                <Field label="Agreement">
                  <select value={agreementId} onChange={(event) => setParams({ agreement: event.target.value })}>
                    {inForce.map((entry) => (
                      <option key={entry.id} value={entry.id}>
                        {entry.title}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <Field label="Month">
                <input
                  type="month"
                  value={period}
                  min={view === 'agreement' ? reporting?.firstMonth : undefined}
                  max={view === 'agreement' && reporting ? reporting.latestMonth : new Date().toISOString().slice(0, 7)}
                  onChange={(event) => event.target.value && setParams({ period: event.target.value })}
                />
              </Field>
            </div>
            {view === 'portfolio' ? (
              <PortfolioView period={period} />
            ) : detail.status === 'error' ? (
              <ErrorNotice error={detail.error} onRetry={detail.reload} what="the agreement" />
            ) : reporting === undefined ? (
              agreementId && <Loading label="Loading the agreement…" />
            ) : reporting === null ? (
              <Notice title="Nothing to report yet">
                <p>
                  No version of {detail.data?.title ?? 'this agreement'} has been in force yet, so it has no results.
                  Reports start with the month its first version takes effect.
                </p>
              </Notice>
            ) : period < reporting.firstMonth || period > reporting.latestMonth ? (
              <OutsideTerm title={detail.data?.title ?? ''} period={period} reporting={reporting} />
            ) : (
              agreement && (
                <Report
                  key={`${agreement.id}-${period}`}
                  agreementId={agreement.id}
                  slug={agreement.slug}
                  period={period}
                />
              )
            )}
          </>
        )}
      </AsyncView>
    </>
  );
}

/** A month the agreement was not in force in: what months it has, and a way to the latest. */
function OutsideTerm({
  title,
  period,
  reporting,
}: {
  title: string;
  period: string;
  reporting: NonNullable<AgreementDetail['reporting']>;
}) {
  const [, setParams] = useQueryParams();
  const span =
    reporting.firstMonth === reporting.latestMonth
      ? `only in ${reporting.firstMonth}`
      : `from ${reporting.firstMonth} to ${reporting.latestMonth}${reporting.inForceNow ? ' (now)' : ''}`;
  return (
    <Notice title={`No results for ${period}`}>
      <p>
        {title} was not in force in {period}: it has results {span}, months read in {reporting.timezone}.
      </p>
      <button type="button" className="button" onClick={() => setParams({ period: reporting.latestMonth })}>
        Open {reporting.latestMonth}
      </button>
    </Notice>
  );
}

function Report({ agreementId, slug, period }: { agreementId: string; slug: string; period: string }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const report = useResource(
    () => loadReport(agreementId, period, (done, total) => setProgress({ done, total })),
    [agreementId, period],
  );
  const goals = useMemo(
    () =>
      new Map(
        (report.data?.results.targets ?? [])
          .filter((target) => target.goal.unit === 'percent')
          .map((target) => [target.id, target.goal.value]),
      ),
    [report.data],
  );

  if (report.status === 'error') return <ErrorNotice error={report.error} onRetry={report.reload} what="the report" />;
  if (!report.data)
    return (
      <div role="status" aria-live="polite">
        <Loading label="Preparing the report…" />
        {progress && progress.total > 0 && (
          <>
            <label htmlFor="report-progress" className="small">
              Twelve months of results: {progress.done} of {progress.total}
            </label>
            <progress id="report-progress" max={progress.total} value={progress.done} />
          </>
        )}
      </div>
    );
  const { results, trend, flow, publication, source } = report.data;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="report-summary">
        <div className="page-header">
          <div>
            <h2 id="report-summary">
              {results.agreement.title}: {results.period.label}
            </h2>
            <p className="small muted">
              Version {results.version.number} · period in {results.period.timezone} · evaluated{' '}
              {formatInstant(results.evaluatedAt)}
              {results.period.current && ' · the period is still running'}
            </p>
          </div>
          {publication && (
            <Badge tone={publication.status === 'published' ? 'green' : 'amber'} title={publication.contentHash}>
              {publication.status}
            </Badge>
          )}
        </div>
        <ExportButtons agreementId={agreementId} slug={slug} period={period} />
        {source === 'results' && (
          <Notice tone="info">
            This server has no report endpoint yet: the page shows the period results and builds the trend from monthly
            results. Exports need the report endpoint.
          </Notice>
        )}
        {results.note && <Notice>{results.note}</Notice>}
        {flow && (
          <dl className="facts small">
            <dt>Tickets opened</dt>
            <dd>
              {flow.opened}
              <NotMeasuredSummary flow={flow} />
            </dd>
            <dt>Resolved</dt>
            <dd>
              {flow.resolved} ({flow.reopened} reopened
              {flow.reopenRatePercent !== null ? `, ${flow.reopenRatePercent.toFixed(1)} %` : ''})
            </dd>
            <dt>Backlog</dt>
            <dd>
              {flow.backlogAtStart} at the start, {flow.backlogAtEnd} at the end
            </dd>
          </dl>
        )}
      </section>
      <section className="card" aria-labelledby="report-targets">
        <h2 id="report-targets">Targets</h2>
        <TargetsSection results={results} />
      </section>
      <div className="split">
        <section className="card" aria-labelledby="report-trend">
          <h2 id="report-trend">Attainment trend</h2>
          <AttainmentTrend trend={trend} goals={goals} />
        </section>
        <section className="card" aria-labelledby="report-slam">
          <h2 id="report-slam">SLAM chart</h2>
          <SlamChart trend={trend} />
        </section>
      </div>
      <section className="card" aria-labelledby="report-credits">
        <h2 id="report-credits">Service credits</h2>
        <CreditsSection credits={results.credits} />
      </section>
      {results.termination && results.termination.length > 0 && (
        <section className="card" aria-labelledby="report-termination">
          <h2 id="report-termination">Termination triggers</h2>
          <TerminationSection termination={results.termination} />
        </section>
      )}
      <section className="card" aria-labelledby="report-breaches">
        <h2 id="report-breaches">Breaches</h2>
        <BreachesSection results={results} />
      </section>
    </div>
  );
}
