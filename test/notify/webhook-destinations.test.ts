/**
 * Webhooks never reach the server's own network (issue 19, finding 5; decision 0034): every spelling of loopback,
 * private, link-local, CGNAT, multicast, unspecified, broadcast, unique-local and IPv4-in-IPv6 addresses is refused,
 * when the subscription is saved (as written) and at every connection (as resolved), unless allow-listed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../src/app/ports/outbound-channels.ts';
import { HttpWebhookSender } from '../../src/notify/http-webhook-sender.ts';
import { REFUSED_DESTINATION_REASON, WebhookDestinations } from '../../src/notify/webhook-destination-policy.ts';
import { answer, startWebhookReceiver, type TestWebhookReceiver } from './support/test-webhook-receiver.ts';

const NOW = Date.UTC(2026, 10, 23, 16, 0, 0);

/** Hosts as an administrator could write them, each meaning an internal address. */
const internalHosts = [
  '127.0.0.1',
  'localhost',
  'LOCALHOST.',
  'hooks.localhost',
  '0x7f000001',
  '2130706433',
  '127.1',
  '0177.0.0.1',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[::127.0.0.1]', // IPv4-compatible
  '[64:ff9b::127.0.0.1]', // NAT64
  '[::1]',
  '0.0.0.0',
  '[::]',
  '255.255.255.255',
  '10.0.0.1',
  '172.16.5.4',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '224.0.0.1',
  '239.255.255.250',
  '[fe80::1]',
  '[fc00::1]',
  '[fd12:3456::1]',
  '[ff02::1]',
  '[::ffff:10.0.0.1]',
  '[::ffff:169.254.169.254]',
];
const publicHosts = ['93.184.216.34', '[2606:4700:4700::1111]', 'hooks.example.com', '172.32.0.1', '100.128.0.1'];
/** An operator's allow-list that names none of the hosts above. */
const unrelatedAllowList = ['hooks.corp.example', '10.20.0.0/16', 'fd00:abcd::/32', '192.168.77.7'];

describe('WebhookDestinations: which URLs may be saved', () => {
  for (const [label, allowList] of [
    ['without an allow-list', []],
    ['with an allow-list that does not name them', unrelatedAllowList],
  ] as const) {
    it.each(internalHosts)(`refuses http://%s ${label}`, (host) => {
      const destinations = new WebhookDestinations(allowList);
      expect(destinations.refusalOf(new URL(`http://${host}:8080/hook`))).toBe(REFUSED_DESTINATION_REASON);
    });
  }

  it.each(publicHosts)('accepts the public host %s', (host) => {
    expect(new WebhookDestinations([]).refusalOf(new URL(`https://${host}/hook`))).toBeNull();
  });

  it('accepts internal hosts the operator allow-listed: by name, address or range, in any spelling', () => {
    const destinations = new WebhookDestinations(['hooks.corp.example', '10.20.0.0/16', '127.0.0.1', 'fd00::/8']);
    for (const host of [
      'hooks.corp.example',
      '10.20.3.4',
      '127.0.0.1',
      '0x7f000001',
      '[::ffff:127.0.0.1]',
      '[fd12::1]',
    ]) {
      expect(destinations.refusalOf(new URL(`http://${host}/hook`)), host).toBeNull();
    }
    for (const host of ['10.21.0.1', '127.0.0.2', 'localhost', '[fc00::1]', '192.168.0.1']) {
      expect(destinations.refusalOf(new URL(`http://${host}/hook`)), host).toBe(REFUSED_DESTINATION_REASON);
    }
  });

  it('refuses a bad allow-list entry instead of ignoring it', () => {
    expect(() => new WebhookDestinations(['10.0.0.0/33'])).toThrow(/CIDR/);
    expect(() => new WebhookDestinations(['http://hooks.example'])).toThrow(/CIDR/);
  });
});

describe('HttpWebhookSender: internal receivers are never reached unless allow-listed', () => {
  let receiver: TestWebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const request = (url: string): WebhookRequest => ({
    url,
    secret: 's3cret',
    deliveryId: 'dlv_ssrf',
    eventType: 'notification.test',
    payload: { hello: 'world' },
  });

  it.each([
    ['without an allow-list', []],
    ['with an allow-list that does not name them', unrelatedAllowList],
  ] as const)('refuses every spelling of a loopback receiver %s, sending nothing', async (_label, allowList) => {
    receiver = await startWebhookReceiver(answer(200, 'internal answer'));
    const port = new URL(receiver.url).port;
    const sender = new HttpWebhookSender({ destinations: new WebhookDestinations(allowList) });
    // `localhost` is not refused by name here: it goes through the connection's lookup, which resolves it to a loopback
    // address and refuses that (the path a rebinding name takes).
    for (const host of ['127.0.0.1', 'localhost', '0x7f000001', '2130706433', '127.1', '[::ffff:127.0.0.1]', '[::1]']) {
      const outcome = await sender.deliver(request(`http://${host}:${port}/hooks/covenant`), NOW);
      expect(outcome, host).toEqual({ ok: false, retryable: false, detail: REFUSED_DESTINATION_REASON });
    }
    expect(receiver.received).toHaveLength(0);
  });

  it('delivers to an allow-listed receiver, by address or by name, and stores no body', async () => {
    receiver = await startWebhookReceiver(answer(200, 'internal answer'));
    const port = new URL(receiver.url).port;
    const byAddress = new HttpWebhookSender({ destinations: new WebhookDestinations(['127.0.0.1']) });
    const byName = new HttpWebhookSender({ destinations: new WebhookDestinations(['localhost']) });
    for (const [sender, url] of [
      [byAddress, `http://127.0.0.1:${port}/a`],
      [byAddress, `http://localhost:${port}/b`],
      [byName, `http://localhost:${port}/c`],
    ] as const) {
      expect(await sender.deliver(request(url), NOW)).toEqual({ ok: true, status: 200, detail: 'HTTP 200' });
    }
    expect(receiver.received.map((received) => received.path)).toEqual(['/a', '/b', '/c']);
    // Allowing the name does not allow the address under another name, nor the reverse for other addresses.
    const refused = await byName.deliver(request(`http://127.0.0.1:${port}/d`), NOW);
    expect(refused).toEqual({ ok: false, retryable: false, detail: REFUSED_DESTINATION_REASON });
    expect(receiver.received).toHaveLength(3);
  });

  it('does not follow a redirect from an allowed receiver to an internal one', async () => {
    const internal = await startWebhookReceiver(answer(200, 'metadata'));
    try {
      receiver = await startWebhookReceiver(answer(307, '', { location: internal.url }));
      const sender = new HttpWebhookSender({ destinations: new WebhookDestinations(['127.0.0.1']) });
      const outcome = await sender.deliver(request(receiver.url), NOW);
      expect(outcome).toEqual({ ok: false, retryable: false, status: 307, detail: 'HTTP 307: redirect not followed' });
      expect(internal.received).toHaveLength(0);
    } finally {
      await internal.close();
    }
  });
});
