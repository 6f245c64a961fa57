/**
 * The projection of a ticket target's attainment to the end of a running period (decision 0029). A projection is a
 * warning to people, so it needs evidence: it counts only the open cycles due in the period that are actually at risk
 * (at least `AT_RISK_PERCENT_USED` of their time used now) and supposes that those breach; a young ticket with most of
 * its time left projects nothing. Without an open cycle at risk there is no projection, and the RAG reads the value
 * alone. The basis goes with the projection, as counts and as a sentence.
 */
import { AT_RISK_PERCENT_USED } from '../clocks/at-risk.ts';
import { percentOf, roundHalfAwayFromZero } from './decimal.ts';
import { invalidMeasurement } from './period.ts';

export { AT_RISK_PERCENT_USED, isAtRisk } from '../clocks/at-risk.ts';

export interface ProjectionEvidence {
  readonly met: number;
  readonly breached: number;
  /** Open (running, not yet breached) cycles whose due instant lies in the period. */
  readonly openDue: number;
  /** Of those, the ones at risk now. */
  readonly atRisk: number;
}

export interface AttainmentProjection extends ProjectionEvidence {
  readonly atRiskPercentUsed: number;
  /** met / (met + breached + atRisk) × 100 when some open cycle is at risk; null: no projection. */
  readonly projectedPercent: number | null;
  /** What the projection rests on, in words. */
  readonly basis: string;
}

export function projectAttainment(evidence: ProjectionEvidence): AttainmentProjection {
  const { met, breached, openDue, atRisk } = evidence;
  for (const [name, count] of Object.entries(evidence)) {
    if (!Number.isInteger(count) || count < 0) invalidMeasurement(name, 'must be a whole number >= 0', count);
  }
  if (atRisk > openDue) invalidMeasurement('atRisk', 'must not exceed openDue', atRisk);
  const decided = `${met + breached} decided (${met} met, ${breached} breached)`;
  if (atRisk === 0) {
    const open =
      openDue === 0
        ? 'no open ticket is due in the period'
        : openDue === 1
          ? `the one open ticket due in the period has used less than ${AT_RISK_PERCENT_USED} % of its time`
          : `none of the ${openDue} open tickets due in the period has used ${AT_RISK_PERCENT_USED} % of its time`;
    return {
      ...evidence,
      atRiskPercentUsed: AT_RISK_PERCENT_USED,
      projectedPercent: null,
      basis: `${open}; ${decided}`,
    };
  }
  const projectedPercent = percentOf(met, met + breached + atRisk)!;
  return {
    ...evidence,
    atRiskPercentUsed: AT_RISK_PERCENT_USED,
    projectedPercent,
    basis:
      `${atRisk} of ${openDue} open ${tickets(openDue)} due in the period ${atRisk === 1 ? 'is' : 'are'} past ` +
      `${AT_RISK_PERCENT_USED} % of ${atRisk === 1 ? 'its' : 'their'} time; with ${decided}, ` +
      `${roundHalfAwayFromZero(projectedPercent, 3)} % if ${atRisk === 1 ? 'it breaches' : 'they breach'}`,
  };
}

function tickets(count: number): string {
  return count === 1 ? 'ticket' : 'tickets';
}
