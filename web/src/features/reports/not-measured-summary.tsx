/**
 * "(4 measured, 2 not measured: 1 no priority, 1 no target for its priority)" beside the tickets a period opened; the
 * provider's people get a link to the tickets that are not measured (decision 0025).
 */
import { Link } from '../../routes/router.tsx';
import { useSignedIn } from '../auth/session-context.tsx';
import { unmeasuredLabels } from '../tickets/measurement-label.ts';
import type { ReportFlow } from './load-report.ts';

export function NotMeasuredSummary({ flow }: { flow: ReportFlow }) {
  const session = useSignedIn();
  const counts = flow.notMeasured;
  if (counts == null) return null;
  const reasons = counts.reasons.map((entry) => `${entry.count} ${unmeasuredLabels[entry.reason]}`).join(', ');
  return (
    <>
      {' '}
      ({flow.measured} measured, {counts.total} not measured
      {counts.total > 0 && (
        <>
          {': '}
          <span title={counts.reasons.map((entry) => `${entry.count}: ${entry.message}`).join('\n')}>
            {session.isCustomer ? reasons : <Link to="/tickets?measurement=none">{reasons}</Link>}
          </span>
        </>
      )}
      )
    </>
  );
}
