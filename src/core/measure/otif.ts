/**
 * OTIF, on time in full (docs/semantics.md#otif). A delivery line is on time when delivered within [promised - early,
 * promised + late] and in full when the delivered quantity is within [ordered × (1 - under), ordered × (1 + over)]; an
 * order is on time, in full or OTIF only when all its lines are. With no early limit (the default) an early delivery is
 * on time: "on or before the promised date", as most OTIF definitions and the first worked example of
 * docs/semantics.md#otif reads.
 */
import { percentOf } from './decimal.ts';
import { invalidMeasurement, requireFiniteNumber } from './period.ts';

/** One delivery line: what was ordered for when, and what was delivered when. */
export interface DeliveryLine {
  readonly orderId: string;
  readonly lineId: string;
  readonly orderedQty: number;
  readonly deliveredQty: number;
  readonly promisedAt: number;
  /** When the (last) delivery of the line arrived; null when nothing was delivered. */
  readonly deliveredAt: number | null;
}

export interface OtifPolicy {
  /** Which level is the headline result. */
  readonly level: 'line' | 'order';
  readonly onTime: {
    /** How early a delivery may arrive and still be on time; null or absent: any time before the promise. */
    readonly earlyMs?: number | null;
    /** How late a delivery may arrive and still be on time (0: by the promised instant). */
    readonly lateMs: number;
  };
  /** Tolerated shortfall and excess as fractions of the ordered quantity (0.1 = 10 %). */
  readonly inFull: { readonly under: number; readonly over: number };
}

export interface OtifOptions {
  /**
   * The evaluation instant. When given, a line not yet delivered whose on-time window is still open (asOf <= promised
   * + late) is pending and not counted, nor is its order. Without it every undelivered line counts as a failure.
   */
  readonly asOf?: number;
}

/** The verdict on one line. */
export interface LineOutcome {
  readonly orderId: string;
  readonly lineId: string;
  readonly onTime: boolean;
  readonly inFull: boolean;
  readonly otif: boolean;
  /** Signed lateness, deliveredAt - promisedAt (negative: early); null when not delivered. */
  readonly latenessMs: number | null;
}

/** Counts and percentages at one level; percentages are null when nothing counts. */
export interface OtifCounts {
  readonly total: number;
  readonly onTime: number;
  readonly inFull: number;
  readonly otif: number;
  readonly onTimePercent: number | null;
  readonly inFullPercent: number | null;
  readonly otifPercent: number | null;
}

export interface OtifResult {
  readonly level: 'line' | 'order';
  /** The OTIF percentage at the policy's level. */
  readonly percent: number | null;
  readonly lines: OtifCounts;
  readonly orders: OtifCounts;
  /** Lines (and the orders holding them) left out because they are still pending. */
  readonly pendingLines: number;
  readonly pendingOrders: number;
  readonly lineOutcomes: readonly LineOutcome[];
}

/** A relative slack so that 100 × (1 - 0.07) is 93, not 92.99999999999999: quantities are compared to 1e-9. */
const QUANTITY_EPSILON = 1e-9;

/** Judges every line and order; lines are grouped into orders by `orderId`. */
export function measureOtif(lines: readonly DeliveryLine[], policy: OtifPolicy, options: OtifOptions = {}): OtifResult {
  checkPolicy(policy);
  const asOf = options.asOf === undefined ? undefined : requireFiniteNumber(options.asOf, 'asOf');
  const seen = new Set<string>();
  const outcomes: LineOutcome[] = [];
  const orders = new Map<string, { pending: boolean; onTime: boolean; inFull: boolean }>();
  let pendingLines = 0;
  for (const [index, line] of lines.entries()) {
    checkLine(line, index);
    const key = JSON.stringify([line.orderId, line.lineId]);
    if (seen.has(key)) invalidMeasurement(`lines[${index}]`, 'duplicate orderId and lineId', key);
    seen.add(key);
    const order = orders.get(line.orderId) ?? { pending: false, onTime: true, inFull: true };
    orders.set(line.orderId, order);
    if (line.deliveredAt === null && asOf !== undefined && asOf <= line.promisedAt + policy.onTime.lateMs) {
      pendingLines++;
      order.pending = true;
      continue;
    }
    const outcome = judgeLine(line, policy);
    outcomes.push(outcome);
    order.onTime &&= outcome.onTime;
    order.inFull &&= outcome.inFull;
  }
  const lineCounts = countsOf(outcomes);
  const judgedOrders = [...orders.values()].filter((order) => !order.pending);
  const orderCounts = countsOf(
    judgedOrders.map((o) => ({ onTime: o.onTime, inFull: o.inFull, otif: o.onTime && o.inFull })),
  );
  return {
    level: policy.level,
    percent: policy.level === 'line' ? lineCounts.otifPercent : orderCounts.otifPercent,
    lines: lineCounts,
    orders: orderCounts,
    pendingLines,
    pendingOrders: orders.size - judgedOrders.length,
    lineOutcomes: outcomes,
  };
}

/** The verdict on one line under a policy. */
export function judgeLine(line: DeliveryLine, policy: OtifPolicy): LineOutcome {
  const { earlyMs, lateMs } = policy.onTime;
  const latenessMs = line.deliveredAt === null ? null : line.deliveredAt - line.promisedAt;
  const onTime =
    latenessMs !== null &&
    latenessMs <= lateMs &&
    (earlyMs === null || earlyMs === undefined || -latenessMs <= earlyMs);
  const delivered = line.deliveredAt === null ? 0 : line.deliveredQty;
  const slack = QUANTITY_EPSILON * Math.max(1, line.orderedQty);
  const inFull =
    delivered >= line.orderedQty * (1 - policy.inFull.under) - slack &&
    delivered <= line.orderedQty * (1 + policy.inFull.over) + slack;
  return { orderId: line.orderId, lineId: line.lineId, onTime, inFull, otif: onTime && inFull, latenessMs };
}

function countsOf(verdicts: readonly { onTime: boolean; inFull: boolean; otif: boolean }[]): OtifCounts {
  let onTime = 0;
  let inFull = 0;
  let otif = 0;
  for (const verdict of verdicts) {
    if (verdict.onTime) onTime++;
    if (verdict.inFull) inFull++;
    if (verdict.otif) otif++;
  }
  const total = verdicts.length;
  return {
    total,
    onTime,
    inFull,
    otif,
    onTimePercent: percentOf(onTime, total),
    inFullPercent: percentOf(inFull, total),
    otifPercent: percentOf(otif, total),
  };
}

function checkPolicy(policy: OtifPolicy): void {
  if (policy?.level !== 'line' && policy?.level !== 'order') {
    invalidMeasurement('policy.level', 'must be line or order', policy?.level);
  }
  const early = policy.onTime?.earlyMs;
  if (early !== null && early !== undefined) requireFiniteNumber(early, 'policy.onTime.earlyMs', 0);
  requireFiniteNumber(policy.onTime?.lateMs, 'policy.onTime.lateMs', 0);
  requireFiniteNumber(policy.inFull?.under, 'policy.inFull.under', 0, 1);
  requireFiniteNumber(policy.inFull?.over, 'policy.inFull.over', 0);
}

function checkLine(line: DeliveryLine, index: number): void {
  const path = `lines[${index}]`;
  if (typeof line?.orderId !== 'string' || typeof line.lineId !== 'string') {
    invalidMeasurement(path, 'needs string orderId and lineId', line);
  }
  requireFiniteNumber(line.orderedQty, `${path}.orderedQty`, 0);
  requireFiniteNumber(line.deliveredQty, `${path}.deliveredQty`, 0);
  requireFiniteNumber(line.promisedAt, `${path}.promisedAt`);
  if (line.deliveredAt !== null) requireFiniteNumber(line.deliveredAt, `${path}.deliveredAt`);
}
