/**
 * The e-mail announcing a periodic SLA report: which agreement, which period, the headline results with their RAG
 * status written out, and the link to the full report (the figures that matter are in the mail itself, so a reader
 * without access to Covenant still learns how the period went).
 */
import type { RenderedEmail, ReportReady } from '../../app/ports/notification-content.ts';
import { reportLink } from '../covenant-links.ts';
import { type EmailRenderOptions, singleLine } from './email-formatting.ts';
import { type CellTone, type EmailSection, renderEmail } from './email-layout.ts';

/** The report has no instants to localise; `recipientTimeZone` is accepted so every template takes the same options. */
export function renderReportReadyEmail(report: ReportReady, options: EmailRenderOptions): RenderedEmail {
  const agreement = singleLine(report.agreement.title, 80);
  const customer = singleLine(report.customer.name, 60);
  const period = singleLine(report.period, 40);
  const sections: EmailSection[] =
    report.summary.length > 0
      ? [
          {
            kind: 'table',
            title: 'Headline results',
            columns: ['Target', 'Result', 'Status'],
            rows: report.summary.map((line) => [
              line.label,
              line.value,
              { text: line.rag.toUpperCase(), tone: toneOf(line.rag) },
            ]),
          },
        ]
      : [];
  return renderEmail({
    subject: `[Covenant] Report ready: ${agreement}, ${period} (${customer})`,
    tone: 'info',
    heading: `SLA report for ${period} is ready`,
    intro: `The service level report of ${agreement} for ${customer}, covering ${period}, is ready.`,
    facts: [
      { label: 'Customer', value: report.customer.name },
      { label: 'Agreement', value: report.agreement.title },
      // A month begins at midnight somewhere: the reader learns where.
      { label: 'Period', value: report.timeZone ? `${report.period} (${report.timeZone})` : report.period },
    ],
    sections,
    link: {
      label: 'Open the report',
      url: reportLink(options.baseUrl, report.agreement.id, report.period),
    },
    footer: 'Sent by Covenant SLA reporting.',
  });
}

function toneOf(rag: string): CellTone {
  const normalised = rag.toLowerCase();
  return normalised === 'green' || normalised === 'amber' || normalised === 'red' ? normalised : 'neutral';
}
