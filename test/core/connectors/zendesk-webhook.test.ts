import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';

type Json = Record<string, unknown>;

const requesterId = '8447388090494';
const agentId = '8447388090495';

/**
 * A ticket event as Zendesk documents it (developer.zendesk.com, webhooks > event types > ticket events): the
 * ticket after the change in `detail`, the change in `event`, the instant in `time`.
 */
function ticketEvent(type: string, event: Json, detailChanges: Json = {}): Json {
  return {
    account_id: 22129848,
    detail: {
      actor_id: requesterId,
      assignee_id: agentId,
      brand_id: '8447346621310',
      created_at: '2025-01-08T10:12:07Z',
      description: 'Customer is experiencing login issues with the mobile app',
      external_id: null,
      group_id: '8447320466430',
      id: '5158',
      is_public: true,
      organization_id: '8447346622462',
      priority: 'HIGH',
      requester_id: requesterId,
      status: 'OPEN',
      subject: 'Cannot login to mobile app',
      submitter_id: requesterId,
      tags: ['mobile', 'login'],
      type: 'PROBLEM',
      updated_at: '2025-01-08T16:45:20Z',
      via: { channel: 'web_service' },
      ...detailChanges,
    },
    event,
    id: 'a8b9c1d2-3e4f-5a6b-7c8d-9e0f1a2b3c4d',
    subject: 'zen:ticket:5158',
    time: '2025-01-08T16:45:20.987654321Z',
    type: `zen:event-type:ticket.${type}`,
    zendesk_event_version: '2022-11-06',
  };
}

describe('Zendesk ticket events', () => {
  it('reads a ticket created by its requester, at the event time with its nanoseconds', () => {
    expect(normaliseWebhook('zendesk', ticketEvent('created', {}, { status: 'NEW' }))).toEqual({
      events: [
        {
          externalId: '5158',
          action: 'opened',
          status: 'NEW',
          priority: 'HIGH',
          occurredAt: '2025-01-08T16:45:20.987654321Z',
          actorIsCustomer: true,
        },
      ],
    });
  });

  it('reads status changes: solved resolves, closed closes, leaving solved reopens', () => {
    const change = (previous: string, current: string) =>
      normaliseWebhook(
        'zendesk',
        ticketEvent('status_changed', { current, previous }, { status: current, actor_id: agentId }),
      );
    expect(change('OPEN', 'SOLVED')).toMatchObject({
      events: [{ action: 'resolved', status: 'SOLVED', actorIsCustomer: false }],
    });
    expect(change('SOLVED', 'CLOSED')).toMatchObject({ events: [{ action: 'closed' }] });
    expect(change('SOLVED', 'OPEN')).toMatchObject({ events: [{ action: 'reopened', status: 'OPEN' }] });
    expect(change('open', 'pending')).toMatchObject({ events: [{ action: 'status_changed', status: 'pending' }] });
    expect(change('NEW', 'HOLD')).toMatchObject({ events: [{ action: 'status_changed' }] });
  });

  it('reads a priority change with the priority after it', () => {
    const raised = ticketEvent('priority_changed', { current: 'URGENT', previous: 'HIGH' }, { priority: 'URGENT' });
    expect(normaliseWebhook('zendesk', raised)).toMatchObject({
      events: [{ action: 'priority_changed', priority: 'URGENT' }],
    });
    const { priority: _priority, ...detailWithoutPriority } = raised.detail as Json;
    const fromEventOnly = { ...raised, detail: detailWithoutPriority };
    expect(normaliseWebhook('zendesk', fromEventOnly)).toMatchObject({ events: [{ priority: 'URGENT' }] });
  });

  it('reads a public comment of the requester and a private comment of an agent', () => {
    const comment = (isPublic: boolean, authorId: string) =>
      ticketEvent('comment_added', {
        comment: {
          id: '9876543210',
          body: 'We are investigating.',
          is_public: isPublic,
          author: { id: authorId, is_staff: authorId === agentId, name: 'Someone' },
        },
      });
    expect(normaliseWebhook('zendesk', comment(true, requesterId))).toMatchObject({
      events: [{ action: 'public_comment', actorIsCustomer: true }],
    });
    expect(normaliseWebhook('zendesk', comment(false, agentId))).toMatchObject({
      events: [{ action: 'internal_comment', actorIsCustomer: false }],
    });
  });

  it('reads an agent assignment, and takes other ticket events as other changes', () => {
    const assigned = ticketEvent('agent_assignment_changed', { current: { id: agentId }, previous: null });
    expect(normaliseWebhook('zendesk', assigned)).toMatchObject({ events: [{ action: 'assigned' }] });
    for (const type of ['tags_changed', 'group_assignment_changed', 'comment_made_private', 'custom_field_changed']) {
      expect(normaliseWebhook('zendesk', ticketEvent(type, {})), type).toMatchObject({
        events: [{ action: 'other' }],
      });
    }
  });

  it('finds the ticket by the subject when the detail has no id, and leaves an unknown requester unknown', () => {
    const { id: _id, requester_id: _requester, ...detail } = ticketEvent('created', {}).detail as Json;
    expect(normaliseWebhook('zendesk', { ...ticketEvent('created', {}), detail })).toMatchObject({
      events: [{ externalId: '5158', actorIsCustomer: null }],
    });
  });
});

describe('Zendesk payloads that are no ticket change', () => {
  it('refuses user, organisation and other events', () => {
    const userCreated = { ...ticketEvent('created', {}), type: 'zen:event-type:user.created' };
    expect(normaliseWebhook('zendesk', userCreated)).toMatchObject({ error: { code: 'UNSUPPORTED_WEBHOOK_EVENT' } });
  });

  it('refuses what is not a Zendesk event, without throwing', () => {
    const malformed: unknown[] = [
      null,
      [],
      'zen:event-type:ticket.created',
      {},
      { ticket: { id: 1, status: 'open' } },
      { type: 'ticket.created' },
      { type: 'zen:event-type:ticket.created' },
      { type: 'zen:event-type:ticket.created', detail: 'x', subject: 'zen:ticket:abc' },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('zendesk', payload), JSON.stringify(payload)?.slice(0, 50)).toMatchObject({
        error: { code: 'NOT_A_ZENDESK_PAYLOAD' },
      });
    }
  });
});
