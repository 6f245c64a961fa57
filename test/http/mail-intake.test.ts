/**
 * E-mail intake end to end through POST /mail/inbound and the use-case the IMAP watcher calls, on PGlite and
 * PostgreSQL: who a sender is (a contact, a domain, nobody: triage), replies by In-Reply-To, References and the ticket
 * key, automatic mail, loop protection, exactly-once (Message-ID, mailbox UID, two concurrent transactions), and the
 * attachment limits with who may download what.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeInMail } from '../../src/app/mail/take-in-mail.ts';
import { buildServer } from '../../src/http/server.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { testBackends } from '../support/test-database.ts';
import { at, composeMail, createMailWorld, type MailWorld, mail, messageId, postRaw } from './mail-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('e-mail intake ($name)', (backend) => {
  let world: MailWorld;
  beforeAll(async () => {
    world = await createMailWorld(backend);
    const { api } = world;
    const contact = await api.request('manager', 'POST', `/api/v1/customers/${api.world.alpha.acme}/contacts`, {
      name: 'Anna Kowalska',
      email: 'anna@acme.example',
    });
    expect(contact.status).toBe(201);
    await api.handle.db.execute(
      sql`UPDATE customers SET email_domains = ARRAY['globex.example'] WHERE id = ${api.world.alpha.globex}`,
    );
  });
  afterAll(() => world?.api.close());

  const ticket = async (id: string) => (await world.api.request('manager', 'GET', `/api/v1/tickets/${id}`)).body;
  const timeline = async (id: string) =>
    (await world.api.request('manager', 'GET', `/api/v1/tickets/${id}/timeline`)).body as { events: Item[] };
  const messages = async (id: string, actor: Parameters<MailWorld['api']['request']>[0] = 'manager') =>
    (await world.api.request(actor, 'GET', `/api/v1/tickets/${id}/messages`)).body.items as Item[];

  it("opens a ticket for a contact's mail at its arrival, with the default priority, and acknowledges it", async () => {
    world.api.clock.current = at('2026-10-05T08:00:00Z');
    const requestId = messageId('request');
    const result = await mail(world, {
      from: 'Anna Kowalska <Anna@ACME.example>',
      subject: 'Invoices cannot be posted',
      text: 'Since this morning no invoice can be posted.\n\nAnna',
      messageId: requestId,
    });
    expect(result).toMatchObject({ outcome: 'new_ticket', reason: 'customer_by_contact' });
    expect(result.ticketKey).toMatch(/^T-\d+$/);
    const opened = await ticket(result.ticketId!);
    expect(opened).toMatchObject({
      customerId: world.api.world.alpha.acme,
      channel: 'email',
      title: 'Invoices cannot be posted',
      requesterEmail: 'anna@acme.example',
      requesterName: 'Anna Kowalska',
      priority: 'P2',
      service: 'erp',
      openedAt: '2026-10-05T08:00:00.000Z',
      key: result.ticketKey,
      measurement: { state: 'measured' },
    });
    expect(opened.description).toContain('no invoice can be posted');
    const response = opened.clocks.find((clock: Item) => clock.targetId === 'p2-response');
    expect(response).toMatchObject({ state: 'running', dueAt: '2026-10-05T09:00:00.000Z' });

    const conversation = await messages(result.ticketId!);
    expect(conversation.map((message) => [message.kind, message.direction])).toEqual([
      ['reply', 'in'],
      ['automatic', 'out'],
    ]);
    expect(conversation[0]).toMatchObject({ channel: 'email', author: { address: 'anna@acme.example' } });
    expect(conversation[1]).toMatchObject({ automaticReason: 'acknowledgement', delivery: { state: 'queued' } });
    // The customer sees the request, not the acknowledgement kept as automatic mail.
    expect((await messages(result.ticketId!, 'customer')).map((message) => message.kind)).toEqual(['reply']);

    const outbox = (await world.api.request('manager', 'GET', '/api/v1/outbox?limit=500')).body.data as Item[];
    expect(outbox.filter((entry) => entry.kind === 'ticket.acknowledgement')).toMatchObject([
      { recipient: 'anna@acme.example', channel: 'email' },
    ]);
    const [audit] = await queryRows<{ action: string; actor_label: string }>(
      world.api.handle.db,
      sql`SELECT action, actor_label FROM audit_log WHERE entity_id = ${result.ticketId} ORDER BY sequence`,
    );
    expect(audit).toEqual({ action: 'ticket.opened', actor_label: 'mailbox support' });
  });

  it("finds the customer by the sender's exact domain; a sub-domain is another domain and waits in triage", async () => {
    const byDomain = await mail(world, { from: 'bob@globex.example', subject: 'Truck list empty' });
    expect(byDomain).toMatchObject({ outcome: 'new_ticket', reason: 'customer_by_domain' });
    expect((await ticket(byDomain.ticketId!)).customerId).toBe(world.api.world.alpha.globex);
    const subDomain = await mail(world, { from: 'carl@eu.globex.example', subject: 'Another question' });
    expect(subDomain).toMatchObject({ outcome: 'triage', reason: 'customer_unknown', ticketId: null });
  });

  it('keeps a request from an unknown sender in triage, counted as not measured, and measures it from its arrival once assigned', async () => {
    const { api } = world;
    api.clock.current = at('2026-10-05T08:00:00Z');
    const first = messageId('dora');
    const request = await mail(world, {
      from: 'Dora <dora@newcomer.example>',
      subject: 'Warehouse scanners offline',
      text: 'None of the scanners connects.',
      messageId: first,
    });
    expect(request).toMatchObject({ outcome: 'triage', reason: 'customer_unknown', ticketId: null });
    api.clock.current = at('2026-10-05T08:20:00Z');
    const followUp = await mail(world, {
      from: 'dora@newcomer.example',
      subject: 'Re: Warehouse scanners offline',
      text: 'Still offline.',
      inReplyTo: first,
      references: [first],
    });
    expect(followUp).toMatchObject({ outcome: 'triage', reason: 'thread_in_triage' });

    const triage = (await api.request('manager', 'GET', '/api/v1/mail/triage')).body.items as Item[];
    const waiting = triage.find((item) => item.id === request.inboundId);
    expect(waiting).toMatchObject({
      from: 'dora@newcomer.example',
      subject: 'Warehouse scanners offline',
      messages: 2,
      receivedAt: '2026-10-05T08:00:00.000Z',
    });
    expect(waiting.text).toContain('None of the scanners connects.');
    const unknown = async () =>
      ((await api.request('manager', 'GET', '/api/v1/tickets/not-measured')).body.reasons as Item[]).find(
        (entry) => entry.reason === 'customer_unknown',
      )?.count ?? 0;
    const before = await unknown();
    expect(before).toBeGreaterThanOrEqual(1);
    // Not a customer's: a customer representative's count never shows it.
    const asCustomer = (await api.request('customer', 'GET', '/api/v1/tickets/not-measured')).body.reasons as Item[];
    expect(asCustomer.find((entry) => entry.reason === 'customer_unknown')).toBeUndefined();

    api.clock.current = at('2026-10-05T10:00:00Z');
    const assigned = await api.request('manager', 'POST', `/api/v1/mail/triage/${request.inboundId}/assign`, {
      customerId: api.world.alpha.acme,
      rememberSender: 'domain',
    });
    expect(assigned.status).toBe(201);
    const opened = await ticket(assigned.body.ticketId);
    expect(opened).toMatchObject({
      customerId: api.world.alpha.acme,
      openedAt: '2026-10-05T08:00:00.000Z',
      requesterEmail: 'dora@newcomer.example',
      key: assigned.body.ticketKey,
      priority: 'P2',
    });
    // Measured from the arrival: the hour to the first response ran out at 09:00, before the assignment.
    expect(opened.clocks.find((clock: Item) => clock.targetId === 'p2-response')).toMatchObject({
      state: 'breached',
      dueAt: '2026-10-05T09:00:00.000Z',
    });
    const events = (await timeline(assigned.body.ticketId)).events;
    expect(events.map((event) => [event.type, event.occurredAt])).toEqual([
      ['opened', '2026-10-05T08:00:00.000Z'],
      ['customer_reply', '2026-10-05T08:20:00.000Z'],
    ]);
    expect((await messages(assigned.body.ticketId)).map((message) => message.text)).toEqual([
      'None of the scanners connects.',
      'Still offline.',
    ]);
    expect(await unknown()).toBe(before - 1);
    const again = await api.request('manager', 'POST', `/api/v1/mail/triage/${request.inboundId}/assign`, {
      customerId: api.world.alpha.acme,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TRIAGE_ALREADY_ASSIGNED');
    // The domain was remembered: the next sender of newcomer.example is acme's.
    const next = await mail(world, { from: 'erik@newcomer.example', subject: 'Labels misprinted' });
    expect(next).toMatchObject({ outcome: 'new_ticket', reason: 'customer_by_domain' });
  });

  it('records replies found by In-Reply-To, by References and by the ticket key, and refuses the key to a stranger', async () => {
    const { api } = world;
    api.clock.current = at('2026-10-05T11:00:00Z');
    const original = messageId('original');
    const opened = await mail(world, { from: 'anna@acme.example', subject: 'Reports slow', messageId: original });
    expect(opened.outcome).toBe('new_ticket');
    const byInReplyTo = await mail(world, {
      from: 'anna@acme.example',
      subject: 'Re: Reports slow',
      text: 'Here is a screenshot.',
      inReplyTo: original,
    });
    expect(byInReplyTo).toMatchObject({ outcome: 'reply', reason: 'thread', ticketId: opened.ticketId });
    const byReferences = await mail(world, {
      from: 'anna@acme.example',
      subject: 'Reports still slow',
      references: [messageId('unrelated'), original],
    });
    expect(byReferences).toMatchObject({ outcome: 'reply', reason: 'thread', ticketId: opened.ticketId });
    const byKey = await mail(world, {
      from: 'anna@acme.example',
      subject: `AW: Reports slow [${opened.ticketKey}]`,
      text: 'Any news?',
    });
    expect(byKey).toMatchObject({ outcome: 'reply', reason: 'subject_key', ticketId: opened.ticketId });
    const stranger = await mail(world, { from: 'mallory@elsewhere.example', subject: `Re: [${opened.ticketKey}]` });
    expect(stranger).toMatchObject({ outcome: 'triage', reason: 'customer_unknown', ticketId: null });
    const events = (await timeline(opened.ticketId!)).events.map((event) => event.type);
    expect(events).toEqual(['opened', 'customer_reply', 'customer_reply', 'customer_reply']);
    expect((await messages(opened.ticketId!)).filter((message) => message.kind === 'reply')).toHaveLength(4);
  });

  it('keeps automatic mail on its ticket without changing anything, and logs it as ignored when it has no ticket', async () => {
    const original = messageId('ooo-target');
    const opened = await mail(world, { from: 'anna@acme.example', subject: 'Label printer', messageId: original });
    const before = await timeline(opened.ticketId!);
    const outOfOffice = await mail(world, {
      from: 'anna@acme.example',
      subject: 'Automatic reply: Label printer',
      text: 'I am out of the office until Monday.',
      inReplyTo: original,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(outOfOffice).toMatchObject({ outcome: 'automatic', reason: 'auto_submitted', ticketId: opened.ticketId });
    expect((await timeline(opened.ticketId!)).events).toEqual(before.events);
    const kept = (await messages(opened.ticketId!)).filter((message) => message.kind === 'automatic');
    expect(kept.map((message) => [message.direction, message.automaticReason])).toContainEqual([
      'in',
      'auto_submitted',
    ]);
    // A real vacation notice from the shared sample, answering nothing Covenant knows.
    const sample = readFileSync(new URL('../fixtures/email-sample/sisimai-rfc3834-01.eml', import.meta.url));
    const unthreaded = await postRaw(world, sample);
    expect(unthreaded.status).toBe(202);
    expect(unthreaded.body).toMatchObject({ outcome: 'ignored', reason: 'auto_submitted', ticketId: null });
    const log = (await world.api.request('manager', 'GET', '/api/v1/mail/log?outcome=ignored')).body.items as Item[];
    expect(log.map((entry) => entry.id)).toContain(unthreaded.body.inboundId);
  });

  it('takes a message in once: by Message-ID, by mailbox UID, without a Message-ID, and from two concurrent transactions', async () => {
    const { api } = world;
    const raw = await composeMail({ from: 'anna@acme.example', subject: 'Once only', messageId: messageId('once') });
    const first = await postRaw(world, raw);
    const second = await postRaw(world, raw);
    expect(first.body.outcome).toBe('new_ticket');
    expect(second.body).toMatchObject({
      outcome: 'duplicate',
      ticketId: first.body.ticketId,
      inboundId: first.body.inboundId,
    });

    const intake = { store: api.store, clock: api.clock, random: api.dependencies.random, mail: api.dependencies.mail };
    const source = { mailboxId: world.mailboxId, uidValidity: 7, uid: 41 };
    const byUid = await takeInMail(
      intake,
      source,
      await composeMail({ from: 'anna@acme.example', subject: 'UID one', messageId: messageId('uid') }),
    );
    // The same UID again (the watcher crashed before marking it): taken in already, whatever it now reads.
    const sameUid = await takeInMail(
      intake,
      source,
      await composeMail({ from: 'anna@acme.example', subject: 'UID one', messageId: messageId('uid') }),
    );
    expect(byUid.outcome).toBe('new_ticket');
    expect(sameUid).toMatchObject({ outcome: 'duplicate', earlier: { outcome: 'new_ticket' } });

    const anonymous = await composeMail({ from: 'anna@acme.example', subject: 'No id', withoutMessageId: true });
    expect(anonymous.toString('latin1')).not.toMatch(/^Message-ID:/im);
    expect((await postRaw(world, anonymous)).body.outcome).toBe('new_ticket');
    expect((await postRaw(world, anonymous)).body.outcome).toBe('duplicate');

    const racing = await composeMail({ from: 'anna@acme.example', subject: 'Race', messageId: messageId('race') });
    const outcomes = await Promise.all([
      takeInMail(intake, { mailboxId: world.mailboxId, uidValidity: 9, uid: 1 }, racing),
      takeInMail(intake, { mailboxId: world.mailboxId, uidValidity: 9, uid: 2 }, racing),
    ]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['duplicate', 'new_ticket']);
    const [tickets] = await queryRows<{ count: number }>(
      api.handle.db,
      sql`SELECT count(*)::int AS count FROM tickets WHERE title = 'Race'`,
    );
    expect(tickets!.count).toBe(1);
  });

  describe('with small limits', () => {
    let small: FastifyInstance;
    beforeAll(async () => {
      const { dependencies } = world.api;
      small = await buildServer({
        ...dependencies,
        mail: {
          ...dependencies.mail,
          limits: {
            maxMessageBytes: 8 * 1024,
            maxAttachmentBytes: 1024,
            maxAttachmentBytesPerMessage: 1500,
            senderMessagesPerMinute: 3,
          },
        },
      });
    });
    afterAll(() => small?.close());

    const post = async (raw: Buffer, actor: 'agent' | 'manager' = 'agent') => {
      const response = await small.inject({
        method: 'POST',
        url: `/api/v1/mail/inbound?mailbox=${world.mailboxId}`,
        payload: raw,
        headers: { 'content-type': 'message/rfc822', authorization: await bearer(actor) },
      });
      return { status: response.statusCode, body: JSON.parse(response.body) };
    };
    const bearer = async (actor: 'agent' | 'manager') => {
      const { createApiToken } = await import('../../src/app/identity/manage-api-tokens.ts');
      const { systemPrincipal } = await import('../../src/app/access/principal.ts');
      const { token } = await createApiToken(
        world.api.dependencies,
        systemPrincipal(world.api.world.alpha.workspaceId, 'test'),
        { name: `small ${actor} ${Math.random()}`, role: actor, customerId: null },
      );
      return `Bearer ${token}`;
    };

    it('holds a sender past the limit a minute, and a manager releases the held message', async () => {
      world.api.clock.current = at('2026-10-06T08:00:00Z');
      const outcomes: string[] = [];
      for (let index = 0; index < 4; index++) {
        const raw = await composeMail({
          from: 'bob@globex.example',
          subject: `Alert ${index}`,
          messageId: messageId(),
        });
        outcomes.push((await post(raw)).body.outcome);
      }
      expect(outcomes).toEqual(['new_ticket', 'new_ticket', 'new_ticket', 'held']);
      const held = (await world.api.request('manager', 'GET', '/api/v1/mail/log?outcome=held')).body.items as Item[];
      expect(held).toHaveLength(1);
      const released = await world.api.request('manager', 'POST', `/api/v1/mail/log/${held[0].id}/release`);
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ outcome: 'new_ticket', inboundId: held[0].id });
      expect((await ticket(released.body.ticketId)).openedAt).toBe('2026-10-06T08:00:00.000Z');
      const twice = await world.api.request('manager', 'POST', `/api/v1/mail/log/${held[0].id}/release`);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('MAIL_NOT_HELD');
      // A minute later the sender is welcome again.
      world.api.clock.current = at('2026-10-06T08:01:01Z');
      const later = await composeMail({ from: 'bob@globex.example', subject: 'Alert later', messageId: messageId() });
      expect((await post(later)).body.outcome).toBe('new_ticket');
    });

    it('stores attachments within the limits and lets only those who see the message download them', async () => {
      world.api.clock.current = at('2026-10-06T09:00:00Z');
      const small1 = Buffer.from('a'.repeat(500));
      const result = await post(
        await composeMail({
          from: 'anna@acme.example',
          subject: 'Logs attached',
          messageId: messageId(),
          attachments: [
            { filename: 'server log.txt', content: small1, contentType: 'text/plain' },
            { filename: 'dump.bin', content: Buffer.alloc(2000, 1), contentType: 'application/octet-stream' },
            { filename: 'más.txt', content: Buffer.from('c'.repeat(1020)), contentType: 'text/plain' },
          ],
        }),
      );
      expect(result.body.outcome).toBe('new_ticket');
      const [message] = await messages(result.body.ticketId, 'customer');
      const byName = Object.fromEntries(
        message.attachments.map((attachment: Item) => [attachment.filename, attachment]),
      );
      expect(byName['server log.txt']).toMatchObject({ size: 500, omittedReason: null });
      expect(byName['dump.bin']).toMatchObject({ size: 2000, omittedReason: 'larger than the per-file limit' });
      expect(byName['más.txt']).toMatchObject({
        size: 1020,
        omittedReason: "over the limit of one message's attachments together",
      });
      const download = await world.api.request('customer', 'GET', byName['server log.txt'].url);
      expect(download.status).toBe(200);
      expect(download.body).toBe(small1.toString());
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="server log.txt"; filename*=UTF-8''server%20log.txt`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect((await world.api.request('otherCustomer', 'GET', byName['server log.txt'].url)).status).toBe(404);
      expect((await world.api.request('foreignAdmin', 'GET', byName['server log.txt'].url)).status).toBe(404);
      const omitted = await world.api.request('agent', 'GET', byName['dump.bin'].url);
      expect(omitted.status).toBe(404);
      expect(omitted.body.error.code).toBe('ATTACHMENT_NOT_STORED');
    });

    it('refuses a message over the size limit: logged without its bytes, left in the mailbox', async () => {
      const intake = {
        store: world.api.store,
        clock: world.api.clock,
        random: world.api.dependencies.random,
        mail: {
          ...world.api.dependencies.mail,
          limits: { ...world.api.dependencies.mail.limits, maxMessageBytes: 4096 },
        },
      };
      const huge = await composeMail({
        from: 'anna@acme.example',
        subject: 'Huge',
        messageId: messageId('huge'),
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(8000, 2) }],
      });
      const refused = await takeInMail(intake, { mailboxId: world.mailboxId, uidValidity: 11, uid: 5 }, huge);
      expect(refused).toMatchObject({ outcome: 'refused', reason: 'too_large', ticketId: null });
      const [row] = await queryRows<{ from_address: string; subject: string; raw_kept: boolean }>(
        world.api.handle.db,
        sql`SELECT from_address, subject, raw IS NOT NULL AS raw_kept FROM inbound_mail WHERE id = ${refused.inboundId}`,
      );
      expect(row).toEqual({ from_address: 'anna@acme.example', subject: 'Huge', raw_kept: false });
      // Offered again by the watcher: still refused, still once in the log.
      const again = await takeInMail(intake, { mailboxId: world.mailboxId, uidValidity: 11, uid: 5 }, huge);
      expect(again).toMatchObject({ outcome: 'duplicate', earlier: { outcome: 'refused', reason: 'too_large' } });
      // Over the HTTP body limit: 413 before intake sees it.
      expect((await post(Buffer.concat([huge, Buffer.alloc(4096, 32)]))).status).toBe(413);
    });
  });
});
