/**
 * The compliance report as a PDF (decision 0014), with pdfmake 0.3 and the Roboto fonts it ships (embedded, so every
 * Polish and Turkish letter renders and stays searchable text). Deterministic: the document's creation date is the
 * report's generation instant, so the PDF of a published report is the same bytes every time (until a correction is
 * printed beside it). pdfmake may read only its own font files and no URL.
 *
 * `renderAgreementReportPdf` is the entry point for other adapters (scheduled e-mail delivery): it builds the report
 * exactly as the API does (publishing a closed period on first use) and renders it.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Principal } from '../app/access/principal.ts';
import type { Clock, Store } from '../app/ports/store.ts';
import {
  type AgreementReportAnswer,
  type AgreementReportRequest,
  getAgreementReport,
} from '../app/reports/build-agreement-report.ts';
import { periodName } from './report-format.ts';
import {
  availabilitySection,
  breachesSection,
  chartsSection,
  correctionsSection,
  creditsSection,
  flowSection,
  headerSection,
  type PdfNode,
  resultsSection,
  terminationSection,
} from './report-pdf-sections.ts';

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as PdfMake;
const roboto = (require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> }).Roboto;
const fontDirectory = dirname(roboto.normal!);
pdfmake.setFonts({ Roboto: roboto });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDirectory));

/** The pdfmake document of a report. */
export function reportDocument(answer: AgreementReportAnswer): object {
  const { report, publication } = answer;
  const { results } = report;
  const name = periodName(results.period);
  const content: PdfNode[] = [
    ...headerSection(answer),
    ...correctionsSection(answer),
    ...resultsSection(report),
    ...chartsSection(report),
    ...flowSection(report),
    ...availabilitySection(report),
    ...creditsSection(report),
    ...terminationSection(report),
    ...breachesSection(report),
  ];
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    info: {
      title: `${results.agreement.title} – service level report ${name}`,
      author: 'Covenant',
      subject: `${report.customer.name}, ${name}`,
      creationDate: new Date(report.generatedAt),
    },
    defaultStyle: { font: 'Roboto', fontSize: 8.5, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 17, bold: true, margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 11.5, margin: [0, 0, 0, 8] },
      heading: { fontSize: 11.5, bold: true, margin: [0, 14, 0, 5] },
      small: { fontSize: 7, color: '#616161' },
      tableHeader: { bold: true, fontSize: 7.5, color: '#212121', fillColor: '#eeeeee' },
    },
    content,
    footer: (page: number, pages: number) => ({
      columns: [
        {
          text: `${results.agreement.slug} · ${name} · ${publication.status} · sha256 ${publication.contentHash.slice(0, 16)}`,
          style: 'small',
        },
        { text: `page ${page} of ${pages}`, style: 'small', alignment: 'right' },
      ],
      margin: [40, 16, 40, 0],
    }),
  };
}

/** Renders a report answer as PDF bytes. */
export async function renderReportPdf(answer: AgreementReportAnswer): Promise<Uint8Array> {
  const buffer = await pdfmake.createPdf(reportDocument(answer)).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The PDF of an agreement's report for a period, as a principal may see it (`systemPrincipal(workspaceId)` for
 * scheduled delivery): a closed period is the published report (published now if it was not yet), with any
 * corrections since printed in it; a running period is provisional.
 */
export async function renderAgreementReportPdf(
  dependencies: { store: Store; clock: Clock },
  principal: Principal,
  agreementId: string,
  period: AgreementReportRequest,
): Promise<{ pdf: Uint8Array; answer: AgreementReportAnswer; fileName: string }> {
  const answer = await getAgreementReport(dependencies, principal, agreementId, period);
  return { pdf: await renderReportPdf(answer), answer, fileName: reportFileName(answer, 'pdf') };
}

/** covenant-report-<agreement>-<period>.<extension>, safe as a file name. */
export function reportFileName(answer: AgreementReportAnswer, extension: string): string {
  const { results } = answer.report;
  const period = (results.period.label ?? `${results.period.from}-${results.period.to}`).replace(/[^A-Za-z0-9-]/g, '-');
  return `covenant-report-${results.agreement.slug}-${period}.${extension}`;
}
