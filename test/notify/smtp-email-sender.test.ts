import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpConfigurationError, SmtpEmailSender } from '../../src/notify/smtp-email-sender.ts';
import { renderClockAlertEmail } from '../../src/notify/templates/clock-alert-email.ts';
import { attachmentsOf, bodyText, headerOf, parseMimeMessage } from './support/mime-message.ts';
import { clockAlert } from './support/notification-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from './support/test-smtp-server.ts';

const FROM = 'Covenant <sla@provider.example>';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function smtpServer(options?: Parameters<typeof startTestSmtpServer>[0]): Promise<TestSmtpServer> {
  const server = await startTestSmtpServer(options);
  cleanups.push(() => server.close());
  return server;
}

function sender(url: string, timeouts: Partial<{ greetingTimeoutMs: number; connectionTimeoutMs: number }> = {}) {
  const instance = new SmtpEmailSender({ url, from: FROM, ...timeouts });
  cleanups.push(() => instance.close());
  return instance;
}

function renderedFor(zone: string, overrides: Parameters<typeof clockAlert>[0] = {}) {
  return renderClockAlertEmail(clockAlert(overrides), { recipientTimeZone: zone, baseUrl: 'https://sla.example' });
}

describe('SmtpEmailSender against a real SMTP server', () => {
  it('delivers subject, recipients, a stable Message-ID, text and html, and an attachment', async () => {
    const server = await smtpServer();
    const mail = sender(`smtp://127.0.0.1:${server.port}`);
    const rendered = renderedFor('Europe/Warsaw', {
      customer: { id: 'cus_pl', name: 'Zażółć gęślą jaźń' },
      ticket: {
        id: 'tkt_01',
        title: '<script>alert("x")</script> İstanbul Şirketi',
        externalRef: 'INC0012',
        priority: 'P1',
        assignee: 'Łukasz Żółw',
      },
    });
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10]);
    const message = {
      to: ['agent@acme.example', 'lead@acme.example'],
      ...rendered,
      messageId: 'outbox-42',
      attachments: [{ filename: 'raport-październik.pdf', contentType: 'application/pdf', content: pdf }],
    };

    const first = await mail.send(message);
    const second = await mail.send(message);

    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(2);
    const [firstMail, secondMail] = server.received.map((received) => parseMimeMessage(received.raw));
    expect(server.received[0]!.recipients).toEqual(['agent@acme.example', 'lead@acme.example']);
    expect(server.received[0]!.mailFrom).toBe('sla@provider.example');
    expect(headerOf(firstMail!, 'message-id')).toBe('<outbox-42@covenant>');
    expect(headerOf(secondMail!, 'message-id')).toBe('<outbox-42@covenant>');
    expect(headerOf(firstMail!, 'subject')).toBe(rendered.subject);
    expect(headerOf(firstMail!, 'subject')).toBe(
      '[Covenant] Warning 75 %: P1 resolution on INC0012 (Zażółć gęślą jaźń)',
    );
    expect(headerOf(firstMail!, 'to')).toBe('agent@acme.example, lead@acme.example');
    expect(headerOf(firstMail!, 'auto-submitted')).toBe('auto-generated');

    // SMTP carries lines as CRLF; the content is otherwise byte for byte what the template rendered.
    const text = bodyText(firstMail!, 'text/plain')?.replace(/\r\n/g, '\n');
    const html = bodyText(firstMail!, 'text/html')?.replace(/\r\n/g, '\n');
    expect(text).toBe(rendered.text);
    expect(html).toBe(rendered.html);
    expect(text).toContain('Zażółć gęślą jaźń');
    expect(text).toContain('İstanbul Şirketi');
    expect(text).toContain('Łukasz Żółw');
    expect(html).toContain('Zażółć gęślą jaźń');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; İstanbul Şirketi');
    expect(html).not.toContain('<script>');
    expect(text).toContain('Mon 23 Nov 2026, 17:00 (Europe/Warsaw)');

    const [attachment, ...others] = attachmentsOf(firstMail!);
    expect(others).toEqual([]);
    expect(attachment!.filename).toBe('raport-październik.pdf');
    expect(attachment!.contentType).toBe('application/pdf');
    expect([...attachment!.content]).toEqual([...pdf]);
  });

  it('shows the due instant in each recipient’s own zone', async () => {
    const server = await smtpServer();
    const mail = sender(`smtp://127.0.0.1:${server.port}`);
    for (const zone of ['Europe/Warsaw', 'America/New_York']) {
      const outcome = await mail.send({ to: ['a@acme.example'], ...renderedFor(zone), messageId: `m-${zone}` });
      expect(outcome.ok).toBe(true);
    }
    const [warsaw, newYork] = server.received.map((received) => bodyText(parseMimeMessage(received.raw), 'text/plain'));
    expect(warsaw).toContain('It is due Mon 23 Nov 2026, 17:00 (Europe/Warsaw).');
    expect(newYork).toContain('It is due Mon 23 Nov 2026, 11:00 (America/New_York).');
    expect(warsaw).not.toContain('America/New_York');
  });

  it('logs in with the URL credentials and never reports the password', async () => {
    const password = 'p@ss:w0rd/sekret';
    const server = await smtpServer({ credentials: { user: 'covenant', pass: password } });
    const encoded = encodeURIComponent(password);
    const good = await sender(`smtp://covenant:${encoded}@127.0.0.1:${server.port}`).send({
      to: ['a@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'auth-ok',
    });
    expect(good).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);

    const bad = await sender(`smtp://covenant:${encodeURIComponent('wrong-sekret')}@127.0.0.1:${server.port}`).send({
      to: ['a@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'auth-bad',
    });
    expect(bad).toMatchObject({ ok: false, retryable: true, status: 535 });
    expect(bad.detail).toContain('EAUTH');
    for (const outcome of [good, bad]) {
      expect(outcome.detail).not.toContain('sekret');
      expect(outcome.detail).not.toContain(encoded);
    }
  });

  it('maps a 550 refusal of every recipient to a permanent failure', async () => {
    const server = await smtpServer({ refuseRecipient: () => ({ code: 550, text: 'Mailbox unavailable' }) });
    const outcome = await sender(`smtp://127.0.0.1:${server.port}`).send({
      to: ['gone@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'm-550',
    });
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 550 });
    expect(outcome.detail).toContain('Mailbox unavailable');
    expect(server.received).toHaveLength(0);
  });

  it('maps a 451 deferral to a retryable failure', async () => {
    const server = await smtpServer({ refuseRecipient: () => ({ code: 451, text: 'Try again later' }) });
    const outcome = await sender(`smtp://127.0.0.1:${server.port}`).send({
      to: ['busy@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'm-451',
    });
    expect(outcome).toMatchObject({ ok: false, retryable: true, status: 451 });
  });

  it('counts a message accepted for some recipients as delivered and names the refused ones', async () => {
    const server = await smtpServer({
      refuseRecipient: (address) => (address.startsWith('gone') ? { code: 550, text: 'No such user' } : undefined),
    });
    const outcome = await sender(`smtp://127.0.0.1:${server.port}`).send({
      to: ['agent@acme.example', 'gone@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'm-partial',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toContain('gone@acme.example');
    expect(server.received[0]!.recipients).toEqual(['agent@acme.example']);
  });

  it('maps a server that is not listening to a retryable failure', async () => {
    const port = await unusedPort();
    const outcome = await sender(`smtp://127.0.0.1:${port}`).send({
      to: ['a@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'm-refused',
    });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.detail).toMatch(/ECONNREFUSED/);
  });

  it('maps a server that never greets to a retryable timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as AddressInfo;
    const started = performance.now();
    const outcome = await sender(`smtp://127.0.0.1:${port}`, { greetingTimeoutMs: 300 }).send({
      to: ['a@acme.example'],
      ...renderedFor('UTC'),
      messageId: 'm-silent',
    });
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.detail).toMatch(/ETIMEDOUT|Greeting never received/i);
    // Under the default greeting timeout (10 s): the 300 ms asked for ended the wait, however late a busy machine ran it.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses an unusable URL without repeating it', () => {
    expect(() => new SmtpEmailSender({ url: 'http://user:sekret@host', from: FROM })).toThrow(SmtpConfigurationError);
    expect(() => new SmtpEmailSender({ url: 'not a url sekret', from: FROM })).toThrow(/not a valid URL/);
    try {
      new SmtpEmailSender({ url: 'not a url sekret', from: FROM });
    } catch (error) {
      expect((error as Error).message).not.toContain('sekret');
    }
  });
});

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
