import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const firing = samplePayload({
  file: 'test/fixtures/webhook-sample/alertmanager/alertmanager-firing-two-alerts.json',
}) as Json;
const [first, second] = firing.alerts as Json[];

describe('Alertmanager webhooks (version 4)', () => {
  it('ends a resolved alert at its endsAt, and the resolved group with its last alert', () => {
    const resolved = {
      ...firing,
      status: 'resolved',
      alerts: [
        { ...first, status: 'resolved', endsAt: '2020-02-06T00:27:58.5Z' },
        { ...second, status: 'resolved', startsAt: '2020-02-06T00:10:00Z', endsAt: '2020-02-06T00:22:13.000000001Z' },
      ],
    };
    expect(normaliseWebhook('alertmanager', resolved)).toEqual({
      outages: [
        {
          id: 'a1bc48475b20e73d',
          state: 'resolved',
          startedAt: '2020-02-06T00:17:58.432911368Z',
          endedAt: '2020-02-06T00:27:58.5Z',
        },
        {
          id: 'c2ea85182f28cbd9',
          state: 'resolved',
          startedAt: '2020-02-06T00:10:00Z',
          endedAt: '2020-02-06T00:22:13.000000001Z',
        },
      ],
      group: {
        id: '{}/{}:{}',
        state: 'resolved',
        startedAt: '2020-02-06T00:10:00Z',
        endedAt: '2020-02-06T00:27:58.5Z',
      },
    });
  });

  it('leaves a firing alert unended even when Alertmanager filled endsAt with its expiry', () => {
    const withExpiry = { ...firing, alerts: [{ ...first, endsAt: '2020-02-06T00:22:58.432Z' }] };
    expect(normaliseWebhook('alertmanager', withExpiry)).toMatchObject({
      outages: [{ id: 'a1bc48475b20e73d', state: 'firing', endedAt: null }],
    });
  });

  it('keeps one firing and one resolved alert of a group apart', () => {
    const mixed = {
      ...firing,
      alerts: [first, { ...second, status: 'resolved', endsAt: '2020-02-06T00:20:00Z' }],
    };
    expect(normaliseWebhook('alertmanager', mixed)).toMatchObject({
      outages: [
        { state: 'firing', endedAt: null },
        { state: 'resolved', endedAt: '2020-02-06T00:20:00Z' },
      ],
      group: { state: 'firing', endedAt: null },
    });
  });

  it('identifies an alert without a fingerprint (Alertmanager before 0.19) by its sorted label set', () => {
    const { fingerprint: _fingerprint, ...unprinted } = first as Json;
    const result = normaliseWebhook('alertmanager', { ...firing, alerts: [unprinted] });
    expect(result).toMatchObject({
      outages: [{ id: '{alertname="High CPU Temperature",host="andromeda",severity="critical"}' }],
    });
  });

  it('has no start for a start it cannot read, and reports a notification without alerts as no outage', () => {
    const unreadable = { ...firing, alerts: [{ ...first, startsAt: '0001-01-01T00:00:00Z' }] };
    expect(normaliseWebhook('alertmanager', unreadable)).toMatchObject({ outages: [{ startedAt: null }] });
    expect(normaliseWebhook('alertmanager', { ...firing, alerts: [] })).toEqual({
      outages: [],
      group: { id: '{}/{}:{}', state: 'firing', startedAt: null, endedAt: null },
    });
  });

  it('refuses what is not an Alertmanager version 4 webhook, naming the alert that is wrong', () => {
    expect(normaliseWebhook('alertmanager', { ...firing, version: '3' })).toEqual({
      error: { code: 'NOT_A_ALERTMANAGER_PAYLOAD', message: expect.stringContaining('"3"') },
    });
    expect(normaliseWebhook('alertmanager', { ...firing, alerts: [first, { labels: {} }] })).toEqual({
      error: { code: 'NOT_A_ALERTMANAGER_PAYLOAD', message: expect.stringContaining('alerts[1]') },
    });
    const malformed: unknown[] = [
      null,
      [],
      'firing',
      {},
      { status: 'firing' },
      { status: 'firing', alerts: {} },
      { alerts: [] },
      { ...firing, alerts: [null] },
      { ...firing, alerts: [{ status: 'firing', labels: 'x' }] },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('alertmanager', payload), JSON.stringify(payload)?.slice(0, 60)).toMatchObject({
        error: { code: 'NOT_A_ALERTMANAGER_PAYLOAD' },
      });
    }
  });
});
