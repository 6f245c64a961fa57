import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../src/notify/http-webhook-sender.ts';
import { WebhookDestinations } from '../../src/notify/webhook-destination-policy.ts';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';
import { answer, type ReceivedRequest, startWebhookReceiver } from './support/test-webhook-receiver.ts';

const NOW = Date.UTC(2026, 10, 23, 16, 0, 0);
const SECRET = 'whsec-current-3f9a';
const receivers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** Delivers one event to a real receiver and returns what arrived there. */
async function deliverOnce(overrides: { secret?: string; previousSecrets?: string[]; deliveryId?: string } = {}) {
  const receiver = await startWebhookReceiver(answer(204));
  receivers.push(receiver);
  const outcome = await new HttpWebhookSender({ destinations: new WebhookDestinations(['127.0.0.1']) }).deliver(
    {
      url: receiver.url,
      secret: overrides.secret ?? SECRET,
      previousSecrets: overrides.previousSecrets,
      deliveryId: overrides.deliveryId ?? 'dlv_0001',
      eventType: 'clock.breach',
      payload: { ticket: { id: 'tkt_01', title: 'Zażółć gęślą jaźń — İstanbul Şirketi' } },
    },
    NOW,
  );
  expect(outcome).toMatchObject({ ok: true, status: 204 });
  expect(receiver.received).toHaveLength(1);
  return receiver.received[0]!;
}

function verify(
  request: ReceivedRequest,
  options: { secret?: string | string[]; now?: number; seenIds?: Set<string>; rawBody?: Buffer | string } = {},
) {
  return verifyWebhookSignature({
    headers: request.headers,
    rawBody: options.rawBody ?? request.rawBody,
    secret: options.secret ?? SECRET,
    now: options.now ?? NOW + 5_000,
    seenIds: options.seenIds,
  });
}

describe('webhook signatures, as a receiver sees them', () => {
  it('sends the documented envelope and headers, with a signature that verifies', async () => {
    const request = await deliverOnce();
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Covenant-Webhooks/1');
    expect(request.headers['covenant-webhook-id']).toBe('dlv_0001');
    expect(request.headers['covenant-webhook-timestamp']).toBe(String(NOW / 1000));
    expect(JSON.parse(request.rawBody.toString('utf8'))).toEqual({
      id: 'dlv_0001',
      type: 'clock.breach',
      createdAt: '2026-11-23T16:00:00.000Z',
      data: { ticket: { id: 'tkt_01', title: 'Zażółć gęślą jaźń — İstanbul Şirketi' } },
    });
    // An independent computation of the documented scheme, not the library's own helper.
    const expected = createHmac('sha256', SECRET)
      .update(Buffer.concat([Buffer.from(`dlv_0001.${NOW / 1000}.`), request.rawBody]))
      .digest('hex');
    expect(request.headers['covenant-webhook-signature']).toBe(`v1=${expected}`);
    expect(verify(request)).toEqual({ ok: true, id: 'dlv_0001', timestampSeconds: NOW / 1000 });
    // The body as a string verifies too (receivers that read text).
    expect(verify(request, { rawBody: request.rawBody.toString('utf8') }).ok).toBe(true);
  });

  it('rejects a tampered body, a wrong secret and a forged signature', async () => {
    const request = await deliverOnce();
    const tampered = Buffer.from(request.rawBody.toString('utf8').replace('tkt_01', 'tkt_02'));
    expect(verify(request, { rawBody: tampered })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify(request, { secret: 'someone-else' })).toMatchObject({ ok: false, reason: 'bad-signature' });
    const forged = {
      ...request,
      headers: { ...request.headers, 'covenant-webhook-signature': `v1=${'0'.repeat(64)}` },
    };
    expect(verify(forged)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const reSigned = {
      ...request,
      headers: { ...request.headers, 'covenant-webhook-timestamp': String(NOW / 1000 + 1) },
    };
    expect(verify(reSigned, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a timestamp outside the tolerance either way (replays of old deliveries)', async () => {
    const request = await deliverOnce();
    expect(verify(request, { now: NOW + 300_000 }).ok).toBe(true);
    expect(verify(request, { now: NOW + 301_000 })).toMatchObject({ ok: false, reason: 'timestamp-out-of-tolerance' });
    expect(verify(request, { now: NOW - 301_000 })).toMatchObject({ ok: false, reason: 'timestamp-out-of-tolerance' });
  });

  it('rejects an id the receiver has already processed', async () => {
    const request = await deliverOnce();
    const seenIds = new Set<string>();
    const first = verify(request, { seenIds });
    expect(first.ok).toBe(true);
    if (first.ok) seenIds.add(first.id);
    expect(verify(request, { seenIds })).toMatchObject({ ok: false, reason: 'already-seen' });
  });

  it('supports secret rotation on both sides', async () => {
    const request = await deliverOnce({ secret: 'whsec-new', previousSecrets: ['whsec-old'] });
    const signatures = String(request.headers['covenant-webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((entry) => /^v1=[0-9a-f]{64}$/.test(entry))).toBe(true);
    // A receiver still on the old secret, one already on the new one, and one holding both all accept it.
    expect(verify(request, { secret: 'whsec-old' }).ok).toBe(true);
    expect(verify(request, { secret: 'whsec-new' }).ok).toBe(true);
    expect(verify(request, { secret: ['whsec-unrelated', 'whsec-old'] }).ok).toBe(true);
    expect(verify(request, { secret: 'whsec-unrelated' })).toMatchObject({ ok: false, reason: 'bad-signature' });

    // After the window the sender signs with the new secret only; a receiver holding both still accepts.
    const afterRotation = await deliverOnce({ secret: 'whsec-new', deliveryId: 'dlv_0002' });
    expect(verify(afterRotation, { secret: ['whsec-old', 'whsec-new'] }).ok).toBe(true);
    expect(verify(afterRotation, { secret: 'whsec-old' }).ok).toBe(false);
  });

  it('reports missing and malformed headers instead of throwing', () => {
    const base = { rawBody: '{}', secret: SECRET, now: NOW };
    expect(verifyWebhookSignature({ ...base, headers: {} })).toMatchObject({ ok: false, reason: 'missing-header' });
    const headers = {
      'covenant-webhook-id': 'x',
      'covenant-webhook-timestamp': 'yesterday',
      'covenant-webhook-signature': 'v1=ab',
    };
    expect(verifyWebhookSignature({ ...base, headers })).toMatchObject({ ok: false, reason: 'malformed-header' });
    const noV1 = {
      ...headers,
      'covenant-webhook-timestamp': String(NOW / 1000),
      'covenant-webhook-signature': 'v2=abc',
    };
    expect(verifyWebhookSignature({ ...base, headers: noV1 })).toMatchObject({ ok: false, reason: 'malformed-header' });
    // A fetch Headers object and mixed-case keys are read too.
    const fetchHeaders = new Headers({ 'Covenant-Webhook-Id': 'x' });
    expect(verifyWebhookSignature({ ...base, headers: fetchHeaders })).toMatchObject({ reason: 'missing-header' });
  });
});
