import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const created = samplePayload({ file: 'test/fixtures/webhook-sample/freshdesk/freshdesk-ticket-created.json' }) as Json;
const fields = created.freshdesk_webhook as Json;

/** The documented body with another triggered_event and ticket fields. */
function webhook(triggeredEvent: string, changes: Json = {}): Json {
  return { freshdesk_webhook: { ...fields, triggered_event: triggeredEvent, ...changes } };
}

describe('Freshdesk automation webhooks', () => {
  it('reads status changes by Freshdesk number: 4 resolves, 5 closes, leaving them reopens', () => {
    expect(normaliseWebhook('freshdesk', webhook('{status:{from:2,to:4}}', { ticket_status: 'Resolved' }))).toEqual({
      events: [
        {
          externalId: '11',
          action: 'resolved',
          status: 'Resolved',
          priority: 'High',
          occurredAt: null,
          actorIsCustomer: null,
        },
      ],
    });
    expect(normaliseWebhook('freshdesk', webhook('{status:{from:4,to:5}}'))).toMatchObject({
      events: [{ action: 'closed' }],
    });
    expect(normaliseWebhook('freshdesk', webhook('{status:{from:5,to:2}}', { ticket_status: 'Open' }))).toMatchObject({
      events: [{ action: 'reopened', status: 'Open' }],
    });
    expect(normaliseWebhook('freshdesk', webhook('{status:{from:4,to:6}}'))).toMatchObject({
      events: [{ action: 'reopened' }],
    });
    expect(normaliseWebhook('freshdesk', webhook('{status:{from:2,to:3}}'))).toMatchObject({
      events: [{ action: 'status_changed' }],
    });
  });

  it('reads status changes written with names, and takes the status from them when the body has none', () => {
    const byName = webhook('{status:{from:Open,to:Resolved}}', { ticket_status: undefined });
    expect(normaliseWebhook('freshdesk', byName)).toMatchObject({
      events: [{ action: 'resolved', status: 'Resolved' }],
    });
    const byNumber = webhook('{status:{from:2,to:3}}', { ticket_status: undefined });
    expect(normaliseWebhook('freshdesk', byNumber)).toMatchObject({ events: [{ status: 'Pending' }] });
  });

  it('reads a priority change, naming Freshdesk priority numbers when the body gives no priority', () => {
    expect(
      normaliseWebhook('freshdesk', webhook('{priority:{from:1,to:4}}', { ticket_priority: 'Urgent' })),
    ).toMatchObject({
      events: [{ action: 'priority_changed', priority: 'Urgent' }],
    });
    const numberOnly = webhook('{priority:{from:1,to:3}}', { ticket_priority: undefined });
    expect(normaliseWebhook('freshdesk', numberOnly)).toMatchObject({ events: [{ priority: 'High' }] });
  });

  it('reads public notes, agent replies and assignments', () => {
    expect(normaliseWebhook('freshdesk', webhook('{note_type:public}'))).toMatchObject({
      events: [{ action: 'public_comment' }],
    });
    expect(normaliseWebhook('freshdesk', webhook('{reply_sent:sent}'))).toMatchObject({
      events: [{ action: 'public_comment' }],
    });
    expect(normaliseWebhook('freshdesk', webhook('{responder_id:{from:,to:43000123}}'))).toMatchObject({
      events: [{ action: 'assigned' }],
    });
  });

  it('takes other events as other changes', () => {
    for (const triggered of ['{ticket_action:deleted}', '{unknown_event:{from:3,to:1}}', '{note_type:}']) {
      expect(normaliseWebhook('freshdesk', webhook(triggered)), triggered).toMatchObject({
        events: [{ action: 'other' }],
      });
    }
  });

  it('reads the same fields at the top level, and a numeric ticket id', () => {
    const flat = { ...fields, ticket_id: 11, triggered_event: '{ticket_action:created}' };
    expect(normaliseWebhook('freshdesk', flat)).toMatchObject({ events: [{ externalId: '11', action: 'opened' }] });
  });

  it('refuses what is not a Freshdesk webhook, saying which placeholder is missing, without throwing', () => {
    expect(normaliseWebhook('freshdesk', webhook('{ticket_action:created}', { ticket_id: undefined }))).toEqual({
      error: { code: 'NOT_A_FRESHDESK_PAYLOAD', message: expect.stringContaining('{{ticket.id}}') },
    });
    expect(normaliseWebhook('freshdesk', { freshdesk_webhook: { ...fields, triggered_event: undefined } })).toEqual({
      error: { code: 'NOT_A_FRESHDESK_PAYLOAD', message: expect.stringContaining('{{triggered_event}}') },
    });
    const malformed: unknown[] = [
      null,
      [],
      'freshdesk',
      {},
      { freshdesk_webhook: 'x' },
      webhook('ticket created'),
      webhook('{status:{from:2}}'),
      webhook('{{triggered_event}}'),
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('freshdesk', payload), JSON.stringify(payload)?.slice(0, 60)).toMatchObject({
        error: { code: 'NOT_A_FRESHDESK_PAYLOAD' },
      });
    }
  });
});
