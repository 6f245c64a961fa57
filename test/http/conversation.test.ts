/**
 * The conversation on a ticket, on PGlite and PostgreSQL: an agent's reply e-mailed through the outbox to a real SMTP
 * server, threaded to the customer's mail; the acknowledgement as auto-replied mail; a customer's e-mail reply that
 * resumes a clock paused on awaiting_customer, and an out-of-office answer that changes nothing; internal notes the
 * customer never sees; phone calls, opening a ticket and logged on one; the events API with a message body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/monitoring/deliver-outbox.ts';
import { loadConfig } from '../../src/config/config.ts';
import { composeDelivery } from '../../src/main/composition.ts';
import { headerOf, parseMimeMessage } from '../notify/support/mime-message.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../notify/support/test-smtp-server.ts';
import { testBackends } from '../support/test-database.ts';
import { at, createMailWorld, type MailWorld, mail, messageId } from './mail-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('ticket conversation ($name)', (backend) => {
  let world: MailWorld;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    world = await createMailWorld(backend);
    smtp = await startTestSmtpServer();
    const contact = await world.api.request(
      'manager',
      'POST',
      `/api/v1/customers/${world.api.world.alpha.acme}/contacts`,
      { name: 'Anna Kowalska', email: 'anna@acme.example' },
    );
    expect(contact.status).toBe(201);
  });
  afterAll(async () => {
    await smtp?.close();
    await world?.api.close();
  });

  const deliver = () =>
    deliverOutbox(
      composeDelivery(
        world.api.dependencies,
        loadConfig({
          COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          COVENANT_MAIL_FROM: 'Northwind Support <support@provider.example>',
        }),
        'https://covenant.example',
      ),
    );
  const received = (subject: string) =>
    smtp.received.map((entry) => parseMimeMessage(entry.raw)).filter((part) => headerOf(part, 'subject') === subject);
  const messages = async (id: string, actor: Parameters<MailWorld['api']['request']>[0] = 'agent') =>
    (await world.api.request(actor, 'GET', `/api/v1/tickets/${id}/messages`)).body.items as Item[];
  const clockOf = async (id: string, targetId: string) =>
    ((await world.api.request('agent', 'GET', `/api/v1/tickets/${id}`)).body.clocks as Item[]).find(
      (clock) => clock.targetId === targetId,
    );

  it("e-mails an agent's reply threaded to the customer's mail, and the acknowledgement as auto-replied mail", async () => {
    const { api } = world;
    api.clock.current = at('2026-10-05T08:00:00Z');
    const request = messageId('request');
    const opened = await mail(world, {
      from: 'Anna Kowalska <anna@acme.example>',
      subject: 'Stock counts wrong',
      text: 'The counts differ from the shelves.',
      messageId: request,
      references: ['<older@client.example>'],
    });
    api.clock.current = at('2026-10-05T08:20:00Z');
    const reply = await api.requestAsUser(
      'agent',
      'POST',
      `/api/v1/tickets/${opened.ticketId}/messages`,
      { kind: 'reply', text: 'We are recounting now.\nBack to you within the hour.', cc: ['Boss@ACME.example'] },
      { 'idempotency-key': 'reply-1' },
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      kind: 'reply',
      direction: 'out',
      channel: 'email',
      subject: `Re: Stock counts wrong [${opened.ticketKey}]`,
      recipients: [
        { address: 'anna@acme.example', name: 'Anna Kowalska', kind: 'to' },
        { address: 'boss@acme.example', name: '', kind: 'cc' },
      ],
      delivery: { state: 'queued', error: null },
    });
    // A retry with the same key is the same message: one event, one e-mail.
    const retry = await api.requestAsUser(
      'agent',
      'POST',
      `/api/v1/tickets/${opened.ticketId}/messages`,
      { kind: 'reply', text: 'We are recounting now.\nBack to you within the hour.', cc: ['Boss@ACME.example'] },
      { 'idempotency-key': 'reply-1' },
    );
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(reply.body.id);
    expect(await clockOf(opened.ticketId!, 'p2-response')).toMatchObject({ state: 'met' });

    await deliver();
    // The reply and the acknowledgement share the subject; the reply is the one a person wrote.
    const sent = received(`Re: Stock counts wrong [${opened.ticketKey}]`).find(
      (part) => headerOf(part, 'auto-submitted') === undefined,
    );
    expect(sent).toBeDefined();
    expect(headerOf(sent!, 'in-reply-to')).toBe(request);
    expect(headerOf(sent!, 'references')?.split(/\s+/)).toEqual(['<older@client.example>', request]);
    expect(headerOf(sent!, 'auto-submitted')).toBeUndefined();
    expect(headerOf(sent!, 'cc')).toContain('boss@acme.example');
    expect(headerOf(sent!, 'from')).toBe('Northwind Support <support@provider.example>');
    const stored = (await messages(opened.ticketId!)).find((message) => message.id === reply.body.id);
    expect(stored.delivery).toEqual({ state: 'sent', error: null });
    const [envelope] = smtp.received.filter((entry) => {
      const part = parseMimeMessage(entry.raw);
      return headerOf(part, 'subject')?.startsWith('Re: Stock') && headerOf(part, 'auto-submitted') === undefined;
    });
    expect([...envelope!.recipients].sort()).toEqual(['anna@acme.example', 'boss@acme.example']);
    const outgoingId = headerOf(sent!, 'message-id');
    // The test server's sender is covenant@localhost: its domain is the Message-ID's.
    expect(outgoingId).toMatch(/^<covenant\.[\w-]+@localhost>$/);

    const [acknowledgement] = received(`Re: Stock counts wrong [${opened.ticketKey}]`).filter(
      (part) => headerOf(part, 'auto-submitted') === 'auto-replied',
    );
    expect(acknowledgement).toBeDefined();
    expect(headerOf(acknowledgement!, 'in-reply-to')).toBe(request);
    expect(headerOf(acknowledgement!, 'references')?.split(/\s+/)).toEqual(['<older@client.example>', request]);

    // The customer answers the agent's e-mail: found by its Message-ID.
    api.clock.current = at('2026-10-05T08:40:00Z');
    const answer = await mail(world, {
      from: 'anna@acme.example',
      subject: `Re: Stock counts wrong [${opened.ticketKey}]`,
      inReplyTo: outgoingId!,
      references: [request, outgoingId!],
      text: 'Thanks!',
    });
    expect(answer).toMatchObject({ outcome: 'reply', reason: 'thread', ticketId: opened.ticketId });
    // The next reply answers the latest message of the thread and names the whole thread.
    await api.request('agent', 'POST', `/api/v1/tickets/${opened.ticketId}/messages`, { kind: 'reply', text: 'Done.' });
    const before = smtp.received.length;
    await deliver();
    const next = smtp.received.slice(before).map((entry) => parseMimeMessage(entry.raw));
    expect(next).toHaveLength(1);
    const threadIds = (await messages(opened.ticketId!))
      .filter((message) => message.kind === 'reply')
      .map((message) => message.id);
    expect(threadIds).toHaveLength(4);
    const answerId = headerOf(next[0]!, 'in-reply-to');
    expect(answerId).toMatch(/@acme\.example>$/);
    expect(headerOf(next[0]!, 'references')?.split(/\s+/)).toEqual([
      '<older@client.example>',
      request,
      outgoingId,
      answerId,
    ]);
  });

  it('resumes a clock paused on awaiting_customer when the customer replies by e-mail; an out-of-office answer changes nothing', async () => {
    const { api } = world;
    api.clock.current = at('2026-10-06T08:00:00Z');
    const request = messageId('paused');
    const opened = await mail(world, { from: 'anna@acme.example', subject: 'Payroll export', messageId: request });
    api.clock.current = at('2026-10-06T08:10:00Z');
    const asked = await api.request('agent', 'POST', `/api/v1/tickets/${opened.ticketId}/messages`, {
      kind: 'reply',
      text: 'Which month is affected?',
    });
    expect(asked.status).toBe(201);
    const waiting = await api.request('agent', 'POST', `/api/v1/tickets/${opened.ticketId}/events`, {
      type: 'status',
      status: 'awaiting_customer',
      occurredAt: '2026-10-06T08:10:00Z',
    });
    expect(waiting.status).toBe(201);
    await deliver();
    const questionId = headerOf(
      received(`Re: Payroll export [${opened.ticketKey}]`).find(
        (part) => headerOf(part, 'auto-submitted') === undefined,
      )!,
      'message-id',
    )!;
    expect(questionId).toMatch(/@localhost>$/);
    api.clock.current = at('2026-10-06T09:00:00Z');
    expect(await clockOf(opened.ticketId!, 'p2-resolution')).toMatchObject({ state: 'paused' });

    // An out-of-office answer to the question: kept, and nothing moves.
    const timelineBefore = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}/timeline`)).body;
    const outOfOffice = await mail(world, {
      from: 'anna@acme.example',
      subject: 'Out of office: Which month',
      inReplyTo: questionId,
      headers: { 'X-Autoreply': 'yes' },
    });
    expect(outOfOffice).toMatchObject({ outcome: 'automatic', ticketId: opened.ticketId });
    const timelineAfter = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}/timeline`)).body;
    expect(timelineAfter.events).toEqual(timelineBefore.events);
    expect((await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}`)).body.status).toBe(
      'awaiting_customer',
    );

    api.clock.current = at('2026-10-06T10:00:00Z');
    const answer = await mail(world, {
      from: 'anna@acme.example',
      subject: 'Re: Payroll export',
      inReplyTo: questionId,
      text: 'September.',
    });
    expect(answer).toMatchObject({ outcome: 'reply', ticketId: opened.ticketId });
    const ticket = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}`)).body;
    // Back to the first open status of the agreement's workflow.
    expect(ticket.status).toBe('assigned');
    const resolution = ticket.clocks.find((clock: Item) => clock.targetId === 'p2-resolution');
    expect(resolution.state).toBe('running');
    // 10 minutes before the wait and nothing during it (08:10-10:00): 8 h target due at 08:00 + 8 h + 1 h 50 min.
    expect(resolution.dueAt).toBe('2026-10-06T17:50:00.000Z');
  });

  it("keeps internal notes from the customer, who may not write one; a customer's portal reply carries its text", async () => {
    const { api } = world;
    api.clock.current = at('2026-10-07T08:00:00Z');
    const opened = await mail(world, { from: 'anna@acme.example', subject: 'Note test' });
    const note = await api.request('agent', 'POST', `/api/v1/tickets/${opened.ticketId}/messages`, {
      kind: 'note',
      text: 'Customer is on the old client version.',
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'note', direction: 'out', delivery: null });
    const events = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}/timeline`)).body.events;
    expect(events.map((event: Item) => event.type)).toEqual(['opened']);
    expect((await messages(opened.ticketId!, 'agent')).map((message) => message.kind)).toContain('note');
    expect((await messages(opened.ticketId!, 'customer')).map((message) => message.kind)).toEqual(['reply']);
    const refused = await api.request('customer', 'POST', `/api/v1/tickets/${opened.ticketId}/messages`, {
      kind: 'note',
      text: 'sneaky',
    });
    expect(refused.status).toBe(403);
    const portal = await api.requestAsUser('customer', 'POST', `/api/v1/tickets/${opened.ticketId}/messages`, {
      kind: 'reply',
      text: 'We updated the client.',
    });
    expect(portal.status).toBe(201);
    expect(portal.body).toMatchObject({ kind: 'reply', direction: 'in', channel: 'portal', delivery: null });
    const after = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.ticketId}/timeline`)).body.events;
    expect(after.map((event: Item) => [event.type, event.channel])).toEqual([
      ['opened', undefined],
      ['customer_reply', 'portal'],
    ]);
  });

  it('opens a ticket by phone at the call, logs calls on tickets, and takes a message with an event', async () => {
    const { api } = world;
    api.clock.current = at('2026-10-07T09:00:00Z');
    const opened = await api.request('agent', 'POST', '/api/v1/tickets', {
      customerId: api.world.alpha.acme,
      title: 'Line 3 stopped',
      channel: 'phone',
      priority: 'P1',
      call: {
        caller: 'Jan, plant manager',
        startedAt: '2026-10-07T08:45:00Z',
        durationSeconds: 300,
        summary: 'Line 3 stopped after the update.',
      },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      channel: 'phone',
      openedAt: '2026-10-07T08:45:00.000Z',
      requesterName: 'Jan, plant manager',
    });
    const [call] = await messages(opened.body.id, 'customer');
    expect(call).toMatchObject({
      kind: 'call',
      direction: 'in',
      channel: 'phone',
      text: 'Line 3 stopped after the update.',
      call: { caller: 'Jan, plant manager', startedAt: '2026-10-07T08:45:00.000Z', durationSeconds: 300 },
    });
    const logged = await api.request('agent', 'POST', `/api/v1/tickets/${opened.body.id}/calls`, {
      caller: 'Jan',
      startedAt: '2026-10-07T08:55:00Z',
      durationSeconds: 120,
      summary: 'Rolled back the update; line runs.',
    });
    expect(logged.status).toBe(201);
    const events = (await api.request('agent', 'GET', `/api/v1/tickets/${opened.body.id}/timeline`)).body.events;
    expect(events.map((event: Item) => [event.type, event.occurredAt, event.channel])).toEqual([
      ['opened', '2026-10-07T08:45:00.000Z', undefined],
      ['call', '2026-10-07T08:55:00.000Z', 'phone'],
    ]);
    // The ERP agreement admits a call as the P1 first response.
    expect(await clockOf(opened.body.id, 'p1-response')).toMatchObject({ state: 'met' });
    expect(
      (
        await api.request('customer', 'POST', `/api/v1/tickets/${opened.body.id}/calls`, {
          caller: 'x',
          startedAt: '2026-10-07T08:55:00Z',
          durationSeconds: 1,
          summary: 'x',
        })
      ).status,
    ).toBe(403);

    const withMessage = await api.request('agent', 'POST', `/api/v1/tickets/${opened.body.id}/events`, {
      key: 'helpdesk-reply-7',
      type: 'agent_reply',
      occurredAt: '2026-10-07T08:58:00Z',
      channel: 'web',
      message: { text: 'Fixed, see the plan.', html: '<p>Fixed, <script>alert(1)</script>see the plan.</p>' },
    });
    expect(withMessage.status).toBe(201);
    const replay = await api.request('agent', 'POST', `/api/v1/tickets/${opened.body.id}/events`, {
      key: 'helpdesk-reply-7',
      type: 'agent_reply',
      occurredAt: '2026-10-07T08:58:00Z',
      message: { text: 'Fixed, see the plan.' },
    });
    expect(replay.body).toMatchObject({ recorded: 0, duplicates: 1 });
    const replies = (await messages(opened.body.id)).filter((message) => message.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ channel: 'web', text: 'Fixed, see the plan.', delivery: null });
    expect(replies[0].html).toContain('Fixed,');
    expect(replies[0].html).not.toContain('script');
  });
});
