/** The portfolio roll-up (GET /api/v1/reports/portfolio): agreements grouped by customer, service or workspace. */
import type { RagStatus } from './types.ts';

export interface RagCounts {
  readonly green: number;
  readonly amber: number;
  readonly red: number;
  readonly grey: number;
}

export interface PortfolioAgreement {
  readonly agreementId: string;
  readonly slug: string;
  readonly title: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly period: { label: string | null; current: boolean };
  readonly worst: RagStatus;
  readonly rag: RagCounts;
  readonly credit: { amount: number; currency: string; provisional: boolean } | null;
  /** Raised by the closed months. */
  readonly terminationTriggered: number;
  /** Not raised, but the running month would raise them if it closed now. */
  readonly terminationWouldTrigger: number;
}

export interface PortfolioGroup {
  readonly key: string;
  readonly name: string;
  readonly agreements: PortfolioAgreement[];
  readonly rag: RagCounts;
  readonly worst: RagStatus;
  readonly tickets: { met: number; breached: number; attainmentPercent: number | null };
  readonly credits: { currency: string; amount: number }[] | null;
  readonly terminationTriggered: number | null;
  readonly terminationWouldTrigger: number | null;
}

export interface Portfolio {
  readonly groupBy: 'customer' | 'service' | 'workspace';
  readonly generatedAt: string;
  readonly groups: PortfolioGroup[];
  readonly notInForce: { agreementId: string; slug: string; title: string }[];
}
