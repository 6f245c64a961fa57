/**
 * When a running cycle is at risk (decision 0029): from 75 % of its time used, the level agreements usually escalate
 * at. One rule for the dashboard's attention queue and the projection of a running period. Evaluation asks to be
 * looked at again when a cycle reaches it (`nextCheckAt`), so the stored projection says "at risk" on time even for
 * targets with no warning at that level.
 */
export const AT_RISK_PERCENT_USED = 75;

/** Whether a running cycle with this share of its time used (percent) is at risk. */
export function isAtRisk(percentUsed: number): boolean {
  return percentUsed >= AT_RISK_PERCENT_USED;
}
