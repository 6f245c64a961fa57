/** The portfolio roll-up as the API presents it: instants ISO-8601 UTC, mean resolution times in minutes. */
import { z } from 'zod';
import type { PortfolioReport } from '../../app/reports/portfolio-report.ts';
import { instantSchema, iso } from './route-schemas.ts';

const ragStatus = z.enum(['green', 'amber', 'red', 'grey']);
const ragCounts = z.object({ green: z.number(), amber: z.number(), red: z.number(), grey: z.number() });
const nullableNumber = z.number().nullable();

const agreementSchema = z.object({
  agreementId: z.string(),
  slug: z.string(),
  title: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  period: z.object({ label: z.string().nullable(), from: instantSchema, to: instantSchema, current: z.boolean() }),
  versionNumber: z.number(),
  worst: ragStatus,
  rag: ragCounts,
  credit: z.object({ amount: z.number(), currency: z.string(), provisional: z.boolean() }).nullable(),
  terminationTriggered: z.number().describe('Termination triggers raised by the closed months.'),
  terminationWouldTrigger: z
    .number()
    .describe('Termination triggers the running month would raise if it closed now (0 for a closed month).'),
  targets: z.array(
    z.object({
      targetId: z.string(),
      metric: z.string(),
      service: z.string().nullable(),
      value: nullableNumber,
      unit: z.enum(['percent', 'minutes', 'number']).nullable(),
      rag: z.object({ status: ragStatus, code: z.string(), reason: z.string() }),
      met: nullableNumber,
      breached: nullableNumber,
    }),
  ),
});

export const portfolioSchema = z.object({
  groupBy: z.enum(['customer', 'service', 'workspace']),
  generatedAt: instantSchema,
  groups: z.array(
    z.object({
      key: z.string().describe('Customer id, service id (* for targets of every service) or workspace id.'),
      name: z.string(),
      agreements: z.array(agreementSchema),
      rag: ragCounts,
      worst: ragStatus,
      tickets: z.object({ met: z.number(), breached: z.number(), attainmentPercent: nullableNumber }),
      credits: z
        .array(z.object({ currency: z.string(), amount: z.number() }))
        .nullable()
        .describe('Per currency; null per service (credits belong to agreements).'),
      terminationTriggered: nullableNumber,
      terminationWouldTrigger: nullableNumber,
    }),
  ),
  notInForce: z.array(z.object({ agreementId: z.string(), slug: z.string(), title: z.string() })),
});

export function presentPortfolio(portfolio: PortfolioReport): z.infer<typeof portfolioSchema> {
  return {
    groupBy: portfolio.groupBy,
    generatedAt: iso(portfolio.generatedAt),
    groups: portfolio.groups.map((group) => ({
      key: group.key,
      name: group.name,
      rag: { ...group.rag },
      worst: group.worst,
      tickets: { ...group.tickets },
      credits: group.credits === null ? null : group.credits.map((credit) => ({ ...credit })),
      terminationTriggered: group.terminationTriggered,
      terminationWouldTrigger: group.terminationWouldTrigger,
      agreements: group.agreements.map((agreement) => ({
        agreementId: agreement.agreementId,
        slug: agreement.slug,
        title: agreement.title,
        customerId: agreement.customerId,
        customerName: agreement.customerName,
        period: {
          label: agreement.period.label,
          from: iso(agreement.period.from),
          to: iso(agreement.period.to),
          current: agreement.period.current,
        },
        versionNumber: agreement.versionNumber,
        worst: agreement.worst,
        rag: { ...agreement.rag },
        credit: agreement.credit === null ? null : { ...agreement.credit },
        terminationTriggered: agreement.terminationTriggered,
        terminationWouldTrigger: agreement.terminationWouldTrigger,
        targets: agreement.targets.map((target) => ({
          targetId: target.targetId,
          metric: target.metric,
          service: target.service,
          value: target.value === null ? null : target.unit === 'ms' ? target.value / 60_000 : target.value,
          unit: target.unit === 'ms' ? ('minutes' as const) : target.unit,
          rag: { ...target.rag },
          met: target.met,
          breached: target.breached,
        })),
      })),
    })),
    notInForce: portfolio.notInForce.map((entry) => ({ ...entry })),
  };
}
