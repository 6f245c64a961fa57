import { describe, expect, it } from 'vitest';
import { type AutomaticMailEvidence, classifyAutomaticMail } from '../../../src/core/mail/automatic-mail.ts';

/** Evidence from header lines as they appear in a message ("Name: value"). */
function evidence(
  lines: readonly string[],
  options: { contentType?: string; from?: { address: string; name?: string } | null } = {},
): AutomaticMailEvidence {
  return {
    headers: lines.map((line) => ({
      name: line.slice(0, line.indexOf(':')),
      value: line.slice(line.indexOf(':') + 1),
    })),
    contentType: options.contentType ?? 'text/plain',
    from:
      options.from === null
        ? null
        : { address: options.from?.address ?? 'anna@acme.example', name: options.from?.name ?? 'Anna' },
  };
}

const human = { automatic: false, reason: null };

describe('automatic mail (RFC 3834 and real-world practice)', () => {
  it.each([
    ['Auto-Submitted: auto-replied', 'auto_submitted'],
    ['Auto-Submitted: auto-generated (failure)', 'auto_submitted'],
    ['auto-submitted: Auto-Notified; owner-email="x@y.example"', 'auto_submitted'],
    ['X-Autoreply: yes', 'auto_reply_header'],
    ['X-Autorespond: Vacation', 'auto_reply_header'],
    ['X-Apple-Action: VACATION', 'auto_reply_header'],
    ['Precedence: bulk', 'precedence'],
    ['Precedence: junk', 'precedence'],
    ['X-Precedence: auto_reply', 'precedence'],
    ['Precedence: list', 'mailing_list'],
    ['List-Id: Support announcements <announce.acme.example>', 'mailing_list'],
    ['List-Post: <mailto:dev@lists.acme.example>', 'mailing_list'],
    ['Mailing-List: list help@googlegroups.com; contact help+owners@googlegroups.com', 'mailing_list'],
    ['List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'mailing_list'],
    ['Return-Path: <>', 'mailer_daemon'],
    ['Return-Path: < >', 'mailer_daemon'],
    ['X-Failed-Recipients: bob@acme.example', 'delivery_report'],
  ])('%s makes a message automatic (%s)', (line, reason) => {
    expect(classifyAutomaticMail(evidence([line]))).toEqual({ automatic: true, reason });
  });

  it('recognises delivery and disposition reports by their top-level type', () => {
    const report = 'multipart/report';
    expect(classifyAutomaticMail(evidence([], { contentType: report }))).toEqual({
      automatic: true,
      reason: 'delivery_report',
    });
    expect(classifyAutomaticMail(evidence([], { contentType: 'message/delivery-status' })).reason).toBe(
      'delivery_report',
    );
  });

  it('gives the most telling reason when several signs agree (an Office 365 bounce)', () => {
    const bounce = evidence(['Auto-Submitted: auto-replied', 'Precedence: bulk', 'Return-Path: <>'], {
      contentType: 'multipart/report',
      from: { address: 'postmaster@acme.example', name: '' },
    });
    expect(classifyAutomaticMail(bounce)).toEqual({ automatic: true, reason: 'delivery_report' });
  });

  it.each([
    ['mailer-daemon@googlemail.com', 'Mail Delivery Subsystem'],
    ['MAILER-DAEMON@hmail.example', ''],
    ['mailer_daemon@old.example', ''],
    ['postmaster@acme.example', 'MAILER-DAEMON'],
    ['bounces@acme.example', 'Mail Delivery System'],
    ['microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example', 'Microsoft Outlook'],
    ['mailer-daemon', ''],
    ['', 'MAILER-DAEMON'],
    ['', ''],
  ])('a message from the mail system (%s "%s") is automatic', (address, name) => {
    expect(classifyAutomaticMail(evidence([], { from: { address, name } }))).toEqual({
      automatic: true,
      reason: 'mailer_daemon',
    });
  });

  it('counts postmaster@ as the mail system only when the message reads like a bounce', () => {
    const from = { address: 'postmaster@acme.example', name: 'IT Postmaster' };
    expect(classifyAutomaticMail(evidence(['Subject: Our VPN is down since 8:00'], { from }))).toEqual(human);
    for (const subject of [
      'Undeliverable: invoice 42',
      'Mail System Error - Returned Mail',
      'Delivery Status Notification (Failure)',
      'メッセージを配信できません。',
    ]) {
      for (const address of ['postmaster@acme.example', 'post_master@acme.example']) {
        expect(
          classifyAutomaticMail(evidence([`Subject: ${subject}`], { from: { address, name: '' } })),
          subject,
        ).toEqual({
          automatic: true,
          reason: 'mailer_daemon',
        });
      }
    }
  });

  it('takes a return path to MAILER-DAEMON like the null return path', () => {
    for (const returnPath of ['<MAILER-DAEMON>', '<mailer-daemon@mx.acme.example>']) {
      expect(classifyAutomaticMail(evidence([`Return-Path: ${returnPath}`])), returnPath).toEqual({
        automatic: true,
        reason: 'mailer_daemon',
      });
    }
    expect(classifyAutomaticMail(evidence(['Return-Path: <anna@acme.example>']))).toEqual(human);
  });

  it('takes "no" at its word: Auto-Submitted: no and X-Autoreply: no are a person', () => {
    expect(classifyAutomaticMail(evidence(['Auto-Submitted: no']))).toEqual(human);
    expect(classifyAutomaticMail(evidence(['Auto-Submitted: No (sent by Anna)']))).toEqual(human);
    expect(classifyAutomaticMail(evidence(['X-Autoreply: no', 'X-Autorespond: false']))).toEqual(human);
    expect(classifyAutomaticMail(evidence(['Auto-Submitted:']))).toEqual(human);
  });

  it('leaves Outlook headers on a person’s message alone (X-Auto-Response-Suppress, Thread-Index, TNEF)', () => {
    const outlook = evidence([
      'Subject: RE: Printer in accounting [T-1042]',
      'X-Auto-Response-Suppress: All',
      'Thread-Index: AdtmD3l0Yk1hcnRhIFdpc25pZXdza2E=',
      'X-MS-Has-Attach: yes',
      'X-MS-TNEF-Correlator:',
      'Return-Path: <anna@acme.example>',
      'Disposition-Notification-To: anna@acme.example',
    ]);
    expect(classifyAutomaticMail(outlook)).toEqual(human);
  });

  it('counts Outlook’s out-of-office subject only together with the header Exchange adds to rule messages', () => {
    expect(classifyAutomaticMail(evidence(['Subject: Automatic reply: VPN down']))).toEqual(human);
    expect(classifyAutomaticMail(evidence(['Subject: Out of office: how do I set it up?']))).toEqual(human);
    const exchange = ['X-MS-Exchange-Inbox-Rules-Loop: anna@acme.example'];
    for (const subject of ['Automatic reply: VPN down', 'Automatische Antwort: VPN', 'Odpowiedź automatyczna: VPN']) {
      expect(classifyAutomaticMail(evidence([`Subject: ${subject}`, ...exchange])), subject).toEqual({
        automatic: true,
        reason: 'auto_reply_header',
      });
    }
  });

  it('looks only at the top level: a bounce a person forwards as an attached message is a person', () => {
    const forwarded = evidence(['Subject: Fwd: Undeliverable: Nyaan', 'Return-Path: <anna@acme.example>'], {
      contentType: 'multipart/mixed',
    });
    expect(classifyAutomaticMail(forwarded)).toEqual(human);
  });

  it('treats mailing-list mail as a person when the option says the support address is a list', () => {
    const listPost = evidence([
      'List-Id: <help.acme.example>',
      'Precedence: list',
      'List-Post: <mailto:help@acme.example>',
    ]);
    expect(classifyAutomaticMail(listPost, { listMailIsAutomatic: false })).toEqual(human);
    expect(classifyAutomaticMail(listPost, {}).reason).toBe('mailing_list');
    // Bulk and auto-replies stay automatic whatever the list option says.
    const listAutoReply = evidence(['List-Id: <help.acme.example>', 'Auto-Submitted: auto-replied']);
    expect(classifyAutomaticMail(listAutoReply, { listMailIsAutomatic: false }).reason).toBe('auto_submitted');
    const bulk = evidence(['List-Id: <help.acme.example>', 'Precedence: bulk']);
    expect(classifyAutomaticMail(bulk, { listMailIsAutomatic: false }).reason).toBe('precedence');
  });

  it('does not count List-Unsubscribe alone, which sales tools add to a person’s mail', () => {
    expect(classifyAutomaticMail(evidence(['List-Unsubscribe: <mailto:unsub@crm.example>']))).toEqual(human);
  });

  it('reads header names case-insensitively and ignores comments in values', () => {
    expect(classifyAutomaticMail(evidence(['PRECEDENCE: (set by the list) Bulk']))).toEqual({
      automatic: true,
      reason: 'precedence',
    });
  });

  it('judges a message without a From by its headers alone', () => {
    expect(classifyAutomaticMail(evidence(['Subject: hello'], { from: null }))).toEqual(human);
    expect(classifyAutomaticMail(evidence(['Return-Path: <>'], { from: null })).reason).toBe('mailer_daemon');
  });
});
