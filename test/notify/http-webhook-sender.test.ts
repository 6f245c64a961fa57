import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../src/app/ports/outbound-channels.ts';
import { HttpWebhookSender, type HttpWebhookSenderOptions } from '../../src/notify/http-webhook-sender.ts';
import { WebhookDestinations } from '../../src/notify/webhook-destination-policy.ts';
import { answer, type Respond, startWebhookReceiver } from './support/test-webhook-receiver.ts';

const NOW = Date.UTC(2026, 10, 23, 16, 0, 0);
/** The receivers listen on 127.0.0.1: allow-listed, as an operator with a receiver on the premises would. */
const onPremises = new WebhookDestinations(['127.0.0.1']);
const sender = (options: Partial<HttpWebhookSenderOptions> = {}) =>
  new HttpWebhookSender({ destinations: onPremises, ...options });
const receivers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(respond: Respond) {
  const started = await startWebhookReceiver(respond);
  receivers.push(started);
  return started;
}

function request(url: string, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    url,
    secret: 's3cret',
    deliveryId: 'dlv_1',
    eventType: 'notification.test',
    payload: { hello: 'world' },
    ...overrides,
  };
}

describe('HttpWebhookSender outcomes against real HTTP receivers', () => {
  it('counts any 2xx as delivered, with the status in the detail and never the body', async () => {
    const ok = await receiver(answer(200, 'thanks'));
    const outcome = await sender().deliver(request(ok.url), NOW);
    expect(outcome).toEqual({ ok: true, status: 200, detail: 'HTTP 200' });
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [425, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [422, false],
  ])('maps HTTP %i to retryable=%s', async (status, retryable) => {
    const target = await receiver(answer(status, `status ${status} body`));
    const outcome = await sender().deliver(request(target.url), NOW);
    expect(outcome).toEqual({ ok: false, retryable, status, detail: `HTTP ${status}` });
  });

  it('keeps nothing of the response body, so the delivery log cannot be used to read what answered', async () => {
    const target = await receiver(answer(500, `internal secret page ${'é'.repeat(100_000)}`));
    const outcome = await sender().deliver(request(target.url), NOW);
    expect(outcome).toEqual({ ok: false, retryable: true, status: 500, detail: 'HTTP 500' });
  });

  it('does not follow a redirect and reports it as a permanent failure', async () => {
    const elsewhere = await receiver(answer(200, 'should never be reached'));
    const redirecting = await receiver(answer(301, 'moved', { location: elsewhere.url }));
    const outcome = await sender().deliver(request(redirecting.url), NOW);
    expect(outcome).toEqual({ ok: false, retryable: false, status: 301, detail: 'HTTP 301: redirect not followed' });
    expect(redirecting.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('gives up on a receiver that never answers after the timeout, as retryable', async () => {
    const silent = await receiver(() => undefined);
    const started = performance.now();
    const outcome = await sender({ timeoutMs: 300 }).deliver(request(silent.url), NOW);
    const elapsed = performance.now() - started;
    expect(outcome).toEqual({ ok: false, retryable: true, detail: 'no answer within 300 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    // Under the sender's default (10 s): the 300 ms asked for ended the wait, however late a busy machine ran it.
    expect(elapsed).toBeLessThan(10_000);
    expect(silent.received).toHaveLength(1);
  });

  it('treats a refused connection as retryable, saying only that it could not connect', async () => {
    const port = await unusedPort();
    const outcome = await sender().deliver(request(`http://127.0.0.1:${port}/hook`), NOW);
    expect(outcome).toEqual({ ok: false, retryable: true, detail: 'could not connect to the receiver' });
    const unknownName = await sender().deliver(request('http://no-such-host.invalid/hook'), NOW);
    expect(unknownName).toEqual(outcome);
  });

  it('refuses requests that can never succeed without sending them, and never echoes the URL', async () => {
    const refusing = sender();
    const cases: [Partial<WebhookRequest>, string][] = [
      [{ url: 'ftp://example.test/hook' }, 'unsupported URL scheme ftp:'],
      [{ url: 'not a url' }, 'the subscription URL is not a valid URL'],
      [{ url: 'https://user:pa55word@example.test/hook' }, 'the subscription URL must not contain credentials'],
      [{ url: 'https://example.test/hook', secret: '' }, 'the subscription has no signing secret'],
      [{ url: 'https://example.test/hook', payload: { big: 1n } }, 'payload is not JSON'],
    ];
    for (const [overrides, message] of cases) {
      const outcome = await refusing.deliver(request('https://example.test/hook', overrides), NOW);
      expect(outcome).toMatchObject({ ok: false, retryable: false });
      expect(outcome.detail).toContain(message);
      expect(outcome.detail).not.toContain('pa55word');
    }
  });

  it('uses the event instant as createdAt when given, so retries carry the same body', async () => {
    const target = await receiver(answer(202));
    const repeating = sender();
    const occurred = NOW - 60_000;
    await repeating.deliver(request(target.url, { createdAt: occurred }), NOW);
    await repeating.deliver(request(target.url, { createdAt: occurred }), NOW + 120_000);
    const [first, second] = target.received;
    expect(first!.rawBody.equals(second!.rawBody)).toBe(true);
    expect(JSON.parse(first!.rawBody.toString()).createdAt).toBe('2026-11-23T15:59:00.000Z');
    expect(first!.headers['covenant-webhook-id']).toBe(second!.headers['covenant-webhook-id']);
    expect(Number(second!.headers['covenant-webhook-timestamp'])).toBe(NOW / 1000 + 120);
  });
});

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
