/**
 * Compliance reports (decision 0014): an agreement's report for a period as JSON, CSV (results or breaches) or PDF,
 * and the portfolio roll-up per customer, service or workspace. Permission `reports.read`; customer representatives
 * see their own customer's agreements only (404 for any other), and recomputing a published report is for providers.
 */
import { z } from 'zod';
import { getAgreementReport } from '../../app/reports/build-agreement-report.ts';
import { getPortfolioReport, portfolioGroupings } from '../../app/reports/portfolio-report.ts';
import { MAX_BREACH_LIMIT } from '../../app/results/period-results.ts';
import { breachesCsv, portfolioCsv, resultsCsv } from '../../reports/report-csv.ts';
import { renderReportPdf, reportFileName } from '../../reports/report-pdf.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { agreementReportSchema, presentAgreementReport } from './reports.presenters.ts';
import { portfolioSchema, presentPortfolio } from './reports-portfolio.presenters.ts';
import { idParams, instantInput, standardErrors, textInput } from './route-schemas.ts';

const periodQuery = {
  period: textInput
    .min(4)
    .max(10)
    .optional()
    .describe(
      "A period label read in the agreement's zone (2026-10, 2026-Q4, 2026-W41, 2026-10-05, 2026); default: the current month.",
    ),
  from: instantInput.optional().describe('Start of a range of instants (with to, instead of period).'),
  to: instantInput.optional().describe('End of the range (exclusive).'),
};

const instantOrUndefined = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

export function reportRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/agreements/:id/report',
    {
      schema: {
        tags: ['reports'],
        summary: "The agreement's compliance report for a period: JSON, CSV (results or breaches) or PDF",
        description:
          'Every target against its goal (counts, business-time statistics, RAG with its reason, breaches linked to ' +
          'their tickets), ticket flow, the previous period, a 12-month trend and SLAM chart, service credits with ' +
          'their calculation and termination triggers. A closed period is published on first request and returned ' +
          'identical afterwards; differences of the data since are listed in `corrections`. format=csv gives the ' +
          'results table (part=breaches: the breach list); format=pdf the printable report.',
        params: idParams,
        querystring: z.strictObject({
          ...periodQuery,
          format: z.enum(['json', 'csv', 'pdf']).default('json'),
          part: z.enum(['results', 'breaches']).default('results').describe('For format=csv: which table.'),
          fresh: z
            .enum(['true', 'false'])
            .default('false')
            .describe('Recompute a closed period from the data now instead of the published report (providers).'),
          breachLimit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_BREACH_LIMIT)
            .default(100)
            .describe('Breaches listed per target in JSON (the CSV lists every breach the report holds).'),
        }),
        response: { 200: agreementReportSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { period, from, to, format, part, fresh, breachLimit } = request.query;
      const answer = await getAgreementReport(dependencies, principalOf(request), request.params.id, {
        period,
        from: instantOrUndefined(from),
        to: instantOrUndefined(to),
        fresh: fresh === 'true',
      });
      if (format === 'json') return presentAgreementReport(answer, breachLimit);
      if (format === 'csv') {
        const csv = part === 'breaches' ? breachesCsv(answer) : resultsCsv(answer);
        const name = reportFileName(answer, part === 'breaches' ? 'breaches.csv' : 'csv');
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(csv as never);
      }
      const pdf = await renderReportPdf(answer);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${reportFileName(answer, 'pdf')}"`)
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) as never);
    },
  );

  app.get(
    '/api/v1/reports/portfolio',
    {
      schema: {
        tags: ['reports'],
        summary: 'Portfolio: the results of every agreement in force, rolled up per customer, service or workspace',
        description:
          "A period label is read in each agreement's own zone. Customer representatives see their own customer's " +
          'agreements only. format=csv gives one row per group.',
        querystring: z.strictObject({
          ...periodQuery,
          groupBy: z.enum(portfolioGroupings).default('customer'),
          format: z.enum(['json', 'csv']).default('json'),
        }),
        response: { 200: portfolioSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { period, from, to, groupBy, format } = request.query;
      const portfolio = await getPortfolioReport(dependencies, principalOf(request), {
        period,
        from: instantOrUndefined(from),
        to: instantOrUndefined(to),
        groupBy,
      });
      if (format === 'json') return presentPortfolio(portfolio);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="covenant-portfolio-${groupBy}.csv"`)
        .send(portfolioCsv(portfolio) as never);
    },
  );
}
