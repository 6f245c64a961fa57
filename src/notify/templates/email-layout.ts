/**
 * The one layout every Covenant e-mail uses. A template describes its content once (heading, facts, lists, tables, a
 * link) and this renders both the HTML and the plain-text part from it, so the two cannot drift apart. The HTML is a
 * single-column table layout with inline styles only (mail clients drop <style> and block images), and every piece of
 * content passes through `escapeHtml` here, so templates cannot forget it.
 */
import type { RenderedEmail } from '../../app/ports/notification-content.ts';
import { escapeHtml } from './email-formatting.ts';

/** Colour of the heading band: alerts by severity, reports neutral. */
export type EmailTone = 'warning' | 'escalation' | 'breach' | 'info';
/** Colour of a table cell: RAG statuses. */
export type CellTone = 'green' | 'amber' | 'red' | 'neutral';

export interface EmailFact {
  readonly label: string;
  readonly value: string;
}

export type EmailCell = string | { readonly text: string; readonly tone: CellTone };

export type EmailSection =
  | { readonly kind: 'list'; readonly title: string; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly EmailCell[])[];
    };

export interface EmailContent {
  readonly subject: string;
  readonly tone: EmailTone;
  readonly heading: string;
  readonly intro: string;
  readonly facts: readonly EmailFact[];
  readonly sections: readonly EmailSection[];
  readonly link: { readonly label: string; readonly url: string };
  readonly footer: string;
}

const TONE_COLOURS: Record<EmailTone, string> = {
  warning: '#9a6700',
  escalation: '#bc4c00',
  breach: '#cf222e',
  info: '#0969da',
};

const CELL_COLOURS: Record<CellTone, string> = {
  green: '#1a7f37',
  amber: '#9a6700',
  red: '#cf222e',
  neutral: '#57606a',
};

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function renderEmail(content: EmailContent): RenderedEmail {
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function renderText(content: EmailContent): string {
  const lines: string[] = [content.heading, '='.repeat(Math.min(content.heading.length, 72)), '', content.intro, ''];
  const labelWidth = Math.max(0, ...content.facts.map((fact) => fact.label.length)) + 2;
  for (const fact of content.facts) lines.push(`${`${fact.label}:`.padEnd(labelWidth)}${fact.value}`);
  for (const section of content.sections) {
    lines.push('', `${section.title}:`);
    if (section.kind === 'list') {
      for (const item of section.items) lines.push(`- ${item}`);
      continue;
    }
    const rows = [section.columns, ...section.rows.map((row) => row.map(cellText))];
    const widths = section.columns.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length)));
    for (const row of rows) {
      lines.push(
        row
          .map((cell, index) => cell.padEnd(widths[index] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    }
  }
  lines.push('', `${content.link.label}: ${content.link.url}`, '', '-- ', content.footer, '');
  return lines.join('\n');
}

function cellText(cell: EmailCell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

function renderHtml(content: EmailContent): string {
  const colour = TONE_COLOURS[content.tone];
  const facts = content.facts
    .map(
      (fact) =>
        `<tr><th scope="row" align="left" valign="top" style="padding:4px 12px 4px 0;color:#57606a;font-weight:600;white-space:nowrap">${escapeHtml(fact.label)}</th>` +
        `<td style="padding:4px 0;color:#1f2328">${escapeHtml(fact.value)}</td></tr>`,
    )
    .join('\n');
  const sections = content.sections.map(renderHtmlSection).join('\n');
  const url = escapeHtml(content.link.url);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f8fa">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f8fa;${FONT}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #d0d7de;border-radius:6px">
<tr><td style="background:${colour};color:#ffffff;padding:16px 24px;border-radius:6px 6px 0 0;font-size:18px;font-weight:700">${escapeHtml(content.heading)}</td></tr>
<tr><td style="padding:20px 24px;font-size:14px;line-height:1.5;color:#1f2328">
<p style="margin:0 0 16px 0">${escapeHtml(content.intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:14px;line-height:1.4">
${facts}
</table>
${sections}
<p style="margin:24px 0 8px 0"><a href="${url}" style="display:inline-block;background:${colour};color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(content.link.label)}</a></p>
<p style="margin:0;font-size:12px;color:#57606a">${escapeHtml(content.link.label)}: <a href="${url}" style="color:#0969da">${url}</a></p>
</td></tr>
<tr><td style="padding:12px 24px;border-top:1px solid #d0d7de;font-size:12px;color:#57606a">${escapeHtml(content.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderHtmlSection(section: EmailSection): string {
  const title = `<h2 style="margin:20px 0 8px 0;font-size:15px;color:#1f2328">${escapeHtml(section.title)}</h2>`;
  if (section.kind === 'list') {
    const items = section.items.map((item) => `<li style="margin:2px 0">${escapeHtml(item)}</li>`).join('');
    return `${title}\n<ul style="margin:0;padding-left:20px">${items}</ul>`;
  }
  const head = section.columns
    .map(
      (column) =>
        `<th align="left" style="padding:6px 8px;border-bottom:1px solid #d0d7de;color:#57606a">${escapeHtml(column)}</th>`,
    )
    .join('');
  const rows = section.rows.map((row) => `<tr>${row.map((cell) => renderHtmlCell(cell)).join('')}</tr>`).join('\n');
  return `${title}\n<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="font-size:14px;border-collapse:collapse">\n<tr>${head}</tr>\n${rows}\n</table>`;
}

function renderHtmlCell(cell: EmailCell): string {
  const style = 'padding:6px 8px;border-bottom:1px solid #eaeef2';
  if (typeof cell === 'string') return `<td style="${style}">${escapeHtml(cell)}</td>`;
  // The status is written out, not only coloured: colour alone fails colour-blind readers and plain-text previews.
  const colour = CELL_COLOURS[cell.tone];
  return `<td style="${style}"><span style="color:${colour};font-weight:700">${escapeHtml(cell.text)}</span></td>`;
}
