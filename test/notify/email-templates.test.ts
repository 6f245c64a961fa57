import { describe, expect, it } from 'vitest';
import type { ClockAlert } from '../../src/app/ports/notification-content.ts';
import { renderClockAlertEmail } from '../../src/notify/templates/clock-alert-email.ts';
import { renderReportReadyEmail } from '../../src/notify/templates/report-ready-email.ts';
import { clockAlert, reportReady } from './support/notification-fixtures.ts';

const WARSAW = { recipientTimeZone: 'Europe/Warsaw', baseUrl: 'https://sla.example/' };

/** The visible text of the HTML part: tags dropped, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return collapse(
    body
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text part's facts: each line cut at "label: " and at column gaps, separators and bullets dropped. */
function textPieces(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^=+$/.test(line) && line !== '-- ')
    .flatMap((line) => line.replace(/^- /, '').split(/:\s+|:$|\s{2,}/))
    .map(collapse)
    .filter((piece) => piece !== '');
}

/** The HTML part's cells, paragraphs, headings and list items, as text. */
function htmlPieces(html: string): string[] {
  return [...html.matchAll(/<(td|th|li|p|h2)\b[^>]*>((?:(?!<\/?(?:td|th|table|tr)\b)[\s\S])*?)<\/\1>/g)]
    .map((match) => visibleText(`<body>${match[2] ?? ''}`))
    .filter((piece) => piece !== '' && !piece.startsWith('Open the'));
}

function expectSameFacts(email: { text: string; html: string }): void {
  const htmlText = visibleText(email.html);
  const plain = collapse(email.text);
  for (const piece of textPieces(email.text)) expect(htmlText, `html lacks "${piece}"`).toContain(piece);
  for (const piece of htmlPieces(email.html)) expect(plain, `text lacks "${piece}"`).toContain(piece);
}

describe('clock alert e-mail', () => {
  it.each<[ClockAlert['kind'], Partial<ClockAlert>, string, string]>([
    [
      'warning',
      {},
      '[Covenant] Warning 75 %: P1 resolution on INC0012 (ACME)',
      'Warning: 75 % of the P1 resolution time used',
    ],
    [
      'escalation',
      {
        percent: 90,
        usedMs: 3.6 * 3_600_000,
        remainingMs: 0.4 * 3_600_000,
        actions: ['reassigned to L2', 'priority raised to P1'],
      },
      '[Covenant] Escalation 90 %: P1 resolution on INC0012 (ACME)',
      'Escalation: 90 % of the P1 resolution time used',
    ],
    [
      'breach',
      { percent: 100, breachAt: Date.UTC(2026, 10, 23, 16), usedMs: 4.5 * 3_600_000, remainingMs: 0 },
      '[Covenant] Breach: P1 resolution on INC0012 (ACME)',
      'Breach: the P1 resolution target was missed',
    ],
  ])('renders a %s with the same facts in text and html', (kind, overrides, subject, heading) => {
    const email = renderClockAlertEmail(clockAlert({ kind, ...overrides }), WARSAW);
    expect(email.subject).toBe(subject);
    expect(email.text.startsWith(`${heading}\n`)).toBe(true);
    expect(email.html).toContain(heading);
    for (const fact of [
      'INC0012: ERP invoices fail to post',
      'P1',
      'Jan Kowalski',
      'ACME ERP support',
      'p1-resolution (Resolution)',
    ]) {
      expect(email.text).toContain(fact);
      expect(email.html).toContain(fact);
    }
    expect(email.text).toContain('Open the ticket: https://sla.example/tickets/tkt_01');
    expect(email.html).toContain('href="https://sla.example/tickets/tkt_01"');
    expectSameFacts(email);
  });

  it('states due time, threshold, used and remaining business time for a warning', () => {
    const { text } = renderClockAlertEmail(clockAlert(), WARSAW);
    expect(text).toContain('It is due Mon 23 Nov 2026, 17:00 (Europe/Warsaw).');
    expect(text).toMatch(/Due: +Mon 23 Nov 2026, 17:00 \(Europe\/Warsaw\)/);
    expect(text).toMatch(/Threshold reached: +Mon 23 Nov 2026, 16:00 \(Europe\/Warsaw\)/);
    expect(text).toMatch(/Time used: +3 business h of 4 business h \(75 %\)/);
    expect(text).toMatch(/Time remaining: +1 business h\n/);
  });

  it('states the breach instant and the overrun for a breach, and lists the actions taken', () => {
    const alert = clockAlert({
      kind: 'breach',
      percent: 100,
      breachAt: Date.UTC(2026, 10, 23, 16),
      usedMs: 4.5 * 3_600_000,
      remainingMs: 0,
      actions: ['reassigned to L2'],
    });
    const email = renderClockAlertEmail(alert, { ...WARSAW, recipientTimeZone: 'America/New_York' });
    expect(email.text).toContain('missed its P1 resolution target at Mon 23 Nov 2026, 11:00 (America/New_York).');
    expect(email.text).toMatch(/Breached at: +Mon 23 Nov 2026, 11:00 \(America\/New_York\)/);
    expect(email.text).toMatch(/Time used: +4 business h 30 min of 4 business h \(30 business min over\)/);
    expect(email.text).toContain('Actions taken:\n- reassigned to L2');
    expect(email.html).toContain('<li style="margin:2px 0">reassigned to L2</li>');
    expect(email.text).not.toContain('Threshold reached');
  });

  it('says when a paused clock has no due time', () => {
    const { text, html } = renderClockAlertEmail(clockAlert({ dueAt: null }), WARSAW);
    expect(text).toContain('The clock is paused, so it has no due time right now.');
    expect(text).toMatch(/Due: +none while the clock is paused/);
    expect(html).toContain('none while the clock is paused');
  });

  it('writes each instant in the recipient’s zone, naming it, and falls back to UTC for an unknown zone', () => {
    const at = (zone: string) => renderClockAlertEmail(clockAlert(), { ...WARSAW, recipientTimeZone: zone }).text;
    expect(at('Europe/Warsaw')).toContain('Mon 23 Nov 2026, 17:00 (Europe/Warsaw)');
    expect(at('America/New_York')).toContain('Mon 23 Nov 2026, 11:00 (America/New_York)');
    expect(at('Asia/Kolkata')).toContain('Mon 23 Nov 2026, 21:30 (Asia/Kolkata)');
    expect(at('Pacific/Kiritimati')).toContain('Tue 24 Nov 2026, 06:00 (Pacific/Kiritimati)');
    expect(at('Mars/Olympus_Mons')).toContain('Mon 23 Nov 2026, 16:00 (UTC)');
  });

  it('keeps Polish and Turkish text intact and escapes every user-supplied string in the HTML', () => {
    const alert = clockAlert({
      ticket: {
        id: 'a/b"c',
        title: '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        externalRef: 'INC\n0012',
        priority: 'P1',
        assignee: "O'Brien <ob@example.com>",
      },
      customer: { id: 'cus', name: 'İstanbul Şirketi "Zażółć gęślą jaźń"' },
      agreement: { id: 'agr', title: 'Umowa <b>SLA</b>' },
      actions: ['<a href="javascript:alert(1)">click</a>'],
    });
    const email = renderClockAlertEmail(alert, WARSAW);
    expect(email.subject).toBe(
      '[Covenant] Warning 75 %: P1 resolution on INC 0012 (İstanbul Şirketi "Zażółć gęślą jaźń")',
    );
    expect(email.html).not.toMatch(/<script|<img|<b>|<a href="javascript/);
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(email.html).toContain('O&#39;Brien &lt;ob@example.com&gt;');
    expect(email.html).toContain('İstanbul Şirketi &quot;Zażółć gęślą jaźń&quot;');
    expect(email.html).toContain('href="https://sla.example/tickets/a%2Fb%22c"');
    expect(email.text).toContain('İstanbul Şirketi "Zażółć gęślą jaźń"');
    expect(email.text).toContain('<script>alert("x")</script>');
    expectSameFacts(email);
  });

  it('names a ticket without an external reference by its title, and one without priority or assignee plainly', () => {
    const alert = clockAlert({
      ticket: { id: 't', title: 'Printer on floor 3 is down', externalRef: null, priority: null, assignee: null },
      agreement: null,
      target: { id: 'first-response', metric: 'first_response', durationMs: 1_800_000 },
    });
    const email = renderClockAlertEmail(alert, WARSAW);
    expect(email.subject).toBe('[Covenant] Warning 75 %: first response on "Printer on floor 3 is down" (ACME)');
    expect(email.text).toMatch(/Priority: +none/);
    expect(email.text).toMatch(/Assignee: +unassigned/);
    expect(email.text).not.toContain('Agreement:');
    expectSameFacts(email);
  });
});

describe('the text/html comparison itself', () => {
  it('notices a fact present in only one of the parts', () => {
    const email = renderClockAlertEmail(clockAlert(), WARSAW);
    expect(() => expectSameFacts({ ...email, text: `${email.text}\nEscalated to: Anna Nowak\n` })).toThrow(
      /html lacks "Escalated to"/,
    );
    const html = email.html.replace('</table>', '<tr><th>Escalated to</th><td>Anna Nowak</td></tr></table>');
    expect(() => expectSameFacts({ ...email, html })).toThrow(/text lacks "Escalated to"/);
  });
});

describe('report ready e-mail', () => {
  it('renders the period, headline results with RAG written out, and the report link', () => {
    const email = renderReportReadyEmail(
      reportReady({ customer: { id: 'c', name: 'Zażółć gęślą jaźń' }, period: '2026-10', timeZone: 'Europe/Warsaw' }),
      WARSAW,
    );
    expect(email.subject).toBe('[Covenant] Report ready: ACME ERP support, 2026-10 (Zażółć gęślą jaźń)');
    expect(email.text).toMatch(/Period: +2026-10 \(Europe\/Warsaw\)/);
    expect(email.text).toContain('Open the report: https://sla.example/reports/agr_acme?period=2026-10');
    expect(email.html).toContain('href="https://sla.example/reports/agr_acme?period=2026-10"');
    expect(email.text).toMatch(/p1-resolution +92\.0 % +GREEN/);
    expect(email.text).toMatch(/erp-availability +98\.70 % +RED/);
    expect(email.html).toContain('<span style="color:#9a6700;font-weight:700">AMBER</span>');
    expectSameFacts(email);
  });

  it('renders without a summary and escapes the agreement title', () => {
    const email = renderReportReadyEmail(
      reportReady({ summary: [], agreement: { id: 'a b', title: '<i>Gold</i>' } }),
      WARSAW,
    );
    expect(email.html).not.toContain('<i>');
    expect(email.html).toContain('&lt;i&gt;Gold&lt;/i&gt;');
    expect(email.text).not.toContain('Headline results');
    expect(email.text).toContain('https://sla.example/reports/a%20b?period=2026-10');
    expectSameFacts(email);
  });
});
