import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCases, spaced } from '../support/email-fixtures.ts';
import { repoRoot, runCli } from '../support/run-cli.ts';

const sample = fixtureCases('email-sample');
const more = fixtureCases('email-more');

/** The fields `covenant mail explain --json` promises on every line of a readable file. */
const promisedFields = [
  'file',
  'from',
  'replyTo',
  'subject',
  'messageId',
  'inReplyTo',
  'references',
  'automatic',
  'automaticReason',
  'text',
  'html',
  'attachments',
  'decision',
];

describe('covenant mail explain', () => {
  it('explains all fixtures in one run with --json, one line per file, and reports a missing file on its own line', async () => {
    const cases = [...sample, ...more];
    const files = cases.map((fixture) => relative(repoRoot, fixture.file));
    const missing = 'test/fixtures/email-sample/no-such-message.eml';
    const result = await runCli(['mail', 'explain', ...files.slice(0, 3), missing, ...files.slice(3), '--json']);
    expect(result.code).toBe(2);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(cases.length + 1);
    expect(lines[3]).toEqual({ file: missing, error: { code: 'MAIL_FILE_UNREADABLE', message: expect.any(String) } });

    const explained = lines.filter((line) => line.error === undefined);
    expect(explained.map((line) => line.file)).toEqual(files);
    cases.forEach(({ id, expected }, index) => {
      const line = explained[index];
      for (const field of promisedFields) expect(line, `${id}: ${field}`).toHaveProperty(field);
      expect(line.from, id).toBe(expected.from_address);
      expect(line.subject, id).toBe(expected.subject);
      expect(line.messageId, id).toBe(expected.message_id);
      expect(line.inReplyTo, id).toBe(expected.in_reply_to);
      expect(line.automatic, id).toBe(expected.is_automatic);
      for (const phrase of expected.text_contains) expect(spaced(line.text), id).toContain(spaced(phrase));
      expect(line.attachments, id).toHaveLength(expected.attachment_count);
      for (const attachment of line.attachments) {
        expect(Object.keys(attachment).sort(), id).toEqual(['contentType', 'filename', 'size']);
      }
      const decision =
        expected.decision ?? (expected.is_automatic ? 'ignored' : expected.in_reply_to ? 'reply' : 'new_ticket');
      expect(line.decision, id).toBe(decision);
      expect(line.automaticReason === null, id).toBe(!expected.is_automatic);
      if (expected.automatic_reason !== undefined) expect(line.automaticReason, id).toBe(expected.automatic_reason);
    });
  });

  it('prints a short block per message for a person, with the decision and why', async () => {
    const result = await runCli([
      'mail',
      'explain',
      'test/fixtures/email-more/covenant-polish-outlook-windows-1250.eml',
      'test/fixtures/email-sample/sisimai-lhost-gmail-01.eml',
      'test/fixtures/email-sample/phpmime-m0013.eml',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [polish, bounce, forward] = result.stdout.trim().split('\n\n');
    expect(polish).toContain('from:        Małgorzata Wiśniewska <m.wisniewska@zrodlo.example.pl>');
    expect(polish).toContain('subject:     RE: Nie działa drukarka w księgowości [T-1042]');
    expect(polish).toContain('decision:    reply - the subject names ticket T-1042');
    expect(polish).toContain('new text:    Dzień dobry,');
    expect(polish).not.toContain('Wysłano');
    expect(polish).toMatch(/quoted: +\d+ lines of history/);
    expect(bounce).toContain('decision:    ignored - automatic mail (delivery_report)');
    expect(forward).toContain('attachments: 1');
    expect(forward).toContain('- 50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829.pdf (application/pdf, 10 B)');
  });

  it('takes mailing-list mail as a person’s with --list-mail-is-human', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-mail-'));
    const file = join(directory, 'list.eml');
    writeFileSync(
      file,
      'From: Anna <anna@acme.example>\r\nTo: help@lists.provider.example\r\nSubject: VPN down\r\n' +
        'List-Id: <help.lists.provider.example>\r\nPrecedence: list\r\n\r\nThe VPN is down.\r\n',
    );
    const asList = JSON.parse((await runCli(['mail', 'explain', file, '--json'])).stdout);
    expect(asList).toMatchObject({ automatic: true, automaticReason: 'mailing_list', decision: 'ignored' });
    const asPerson = JSON.parse((await runCli(['mail', 'explain', file, '--json', '--list-mail-is-human'])).stdout);
    expect(asPerson).toMatchObject({ automatic: false, automaticReason: null, decision: 'new_ticket' });
  });

  it('says so when a file is no e-mail or a directory, and exits 2 after explaining the rest', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-mail-'));
    const empty = join(directory, 'empty.eml');
    writeFileSync(empty, '');
    const result = await runCli(['mail', 'explain', empty, directory, 'test/fixtures/email-sample/talon-outlook.eml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [MAIL_NO_HEADERS]');
    expect(result.stderr).toContain('error [MAIL_FILE_UNREADABLE]');
    expect(result.stdout).toContain('decision:    new ticket');
  });
});
