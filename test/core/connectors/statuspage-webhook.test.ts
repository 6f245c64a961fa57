import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const resolved = samplePayload({
  file: 'test/fixtures/webhook-sample/statuspage/statuspage-incident-resolved.json',
}) as Json;
const incident = resolved.incident as Json;

const withIncident = (changes: Json): Json => ({ ...resolved, incident: { ...incident, ...changes } });

describe('Statuspage incident webhooks', () => {
  it('leaves an incident still being investigated unended, even with a stale resolved_at', () => {
    const reopened = withIncident({ status: 'investigating' });
    expect(normaliseWebhook('statuspage', reopened)).toEqual({
      outages: [{ id: 'z3lct0r596n4', state: 'investigating', startedAt: '2017-12-26T07:32:00.507Z', endedAt: null }],
    });
  });

  it('starts an incident at started_at when the payload carries it (a backfilled incident)', () => {
    const backfilled = withIncident({ started_at: '2017-12-26T07:00:00.000Z', backfilled: true });
    expect(normaliseWebhook('statuspage', backfilled)).toMatchObject({
      outages: [{ startedAt: '2017-12-26T07:00:00.000Z', endedAt: '2017-12-26T07:37:20.785Z' }],
    });
  });

  it('starts a maintenance when it was scheduled for, and not before it is in progress', () => {
    const maintenance = { scheduled_for: '2017-12-30T02:00:00.000Z', scheduled_until: '2017-12-30T04:00:00.000Z' };
    expect(normaliseWebhook('statuspage', withIncident({ ...maintenance, status: 'scheduled' }))).toMatchObject({
      outages: [{ state: 'scheduled', startedAt: null, endedAt: null }],
    });
    expect(normaliseWebhook('statuspage', withIncident({ ...maintenance, status: 'in_progress' }))).toMatchObject({
      outages: [{ state: 'in_progress', startedAt: '2017-12-30T02:00:00.000Z', endedAt: null }],
    });
  });
});

describe('Statuspage component webhooks', () => {
  const componentUpdate = (oldStatus: string, newStatus: string): Json => ({
    meta: resolved.meta,
    page: resolved.page,
    component_update: {
      created_at: '2017-12-26T08:00:00.000Z',
      new_status: newStatus,
      old_status: oldStatus,
      id: 'k7730b5v92bv',
      component_id: 'zvdm6f7gf76j',
    },
    component: { created_at: '2017-12-25T18:44:27.901Z', id: 'zvdm6f7gf76j', name: 'Management Portal (example)' },
  });

  it('starts an outage when a component leaves operational and ends it when it returns', () => {
    expect(normaliseWebhook('statuspage', componentUpdate('operational', 'major_outage'))).toEqual({
      outages: [{ id: 'zvdm6f7gf76j', state: 'major_outage', startedAt: '2017-12-26T08:00:00.000Z', endedAt: null }],
    });
    expect(normaliseWebhook('statuspage', componentUpdate('partial_outage', 'operational'))).toEqual({
      outages: [{ id: 'zvdm6f7gf76j', state: 'operational', startedAt: null, endedAt: '2017-12-26T08:00:00.000Z' }],
    });
  });
});

describe('what is not a Statuspage webhook', () => {
  it('is refused with its code, without throwing', () => {
    const malformed: unknown[] = [
      null,
      [],
      'resolved',
      {},
      { meta: resolved.meta, page: resolved.page },
      withIncident({ id: null }),
      withIncident({ status: 3 }),
      { component_update: { new_status: 'major_outage' } },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('statuspage', payload), JSON.stringify(payload)?.slice(0, 60)).toMatchObject({
        error: { code: 'NOT_A_STATUSPAGE_PAYLOAD' },
      });
    }
  });
});
