/**
 * Isolation cases of e-mail intake and the conversation: mailboxes (administrators only), the raw-mail intake
 * (mail.intake), triage and the intake log (managers), and a ticket's messages, calls and attachments (acme's ticket:
 * globex's representative and workspace beta see nothing of them; a customer may not write notes).
 */
import { workspaceScope } from '../../../src/app/access/principal.ts';
import { takeInMail } from '../../../src/app/mail/take-in-mail.ts';
import type { ApiFixture } from '../../support/api-fixture.ts';
import { composeMail, messageId } from '../mail-support.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { unique } from './isolation-support.ts';

interface MailKnowns {
  /** A forward mailbox of alpha read by sender, and one of beta. */
  readonly mailbox: string;
  readonly betaMailbox: string;
  /** Acme's ticket with a message carrying an attachment, and a note. */
  readonly ticket: string;
  readonly attachmentUrl: string;
  /** Log entries and triage requests of beta (alpha's actors must never see them) and of alpha. */
  readonly betaTriage: string;
  readonly alphaTriage: string;
}

const knowns = new WeakMap<ApiFixture, MailKnowns>();

const intakeOf = (api: ApiFixture) => ({
  store: api.store,
  clock: api.clock,
  random: api.dependencies.random,
  mail: api.dependencies.mail,
});

async function forwardMailbox(api: ApiFixture, workspaceId: string, customerId: string | null): Promise<string> {
  const mailbox = await api.store.read.mailboxes.create(workspaceId, {
    name: unique('isolation'),
    kind: 'forward',
    host: null,
    port: null,
    tls: null,
    username: null,
    password: null,
    folder: 'INBOX',
    processedAction: 'flag',
    processedFolder: null,
    customerId,
    service: null,
    category: null,
    acknowledge: false,
    listMailIsAutomatic: true,
    enabled: true,
  });
  return mailbox!.id;
}

/** A request from a sender nobody knows, waiting in triage in the mailbox's workspace. */
async function triageRequest(api: ApiFixture, mailboxId: string): Promise<string> {
  const raw = await composeMail({ from: `${unique('stranger')}@nowhere.example`, messageId: messageId('triage') });
  const result = await takeInMail(intakeOf(api), { mailboxId, uidValidity: null, uid: null }, raw);
  if (result.outcome !== 'triage') throw new Error(`expected triage, got ${result.outcome}`);
  return result.inboundId!;
}

async function knownsOf(api: ApiFixture): Promise<MailKnowns> {
  let known = knowns.get(api);
  if (!known) {
    const mailbox = await forwardMailbox(api, api.world.alpha.workspaceId, null);
    const acmeMailbox = await forwardMailbox(api, api.world.alpha.workspaceId, api.world.alpha.acme);
    const betaMailbox = await forwardMailbox(api, api.world.beta.workspaceId, null);
    const raw = await composeMail({
      from: 'someone@acme.example',
      subject: 'With a file',
      messageId: messageId('file'),
      attachments: [{ filename: 'log.txt', content: Buffer.from('log line') }],
    });
    const taken = await takeInMail(intakeOf(api), { mailboxId: acmeMailbox, uidValidity: null, uid: null }, raw);
    const ticket = taken.ticketId!;
    const [message] = await api.store.read.ticketMessages.listOf(workspaceScope(api.world.alpha.workspaceId), ticket);
    known = {
      mailbox,
      betaMailbox,
      ticket,
      attachmentUrl: `/api/v1/tickets/${ticket}/attachments/${message!.attachments[0]!.id}`,
      betaTriage: await triageRequest(api, betaMailbox),
      alphaTriage: await triageRequest(api, mailbox),
    };
    knowns.set(api, known);
  }
  return known;
}

/** A held message of alpha, ready to be released. */
async function heldMessage(api: ApiFixture): Promise<string> {
  const { mailbox } = await knownsOf(api);
  const raw = await composeMail({ from: 'someone@acme.example', messageId: messageId('held') });
  const held = await api.store.read.inboundMail.insert({
    workspaceId: api.world.alpha.workspaceId,
    mailboxId: mailbox,
    uidValidity: null,
    uid: null,
    mailMessageId: messageId('held-row'),
    receivedAt: api.clock.now(),
    fromAddress: 'someone@acme.example',
    subject: 'Held',
    outcome: 'held',
    reason: 'sender_loop',
    raw,
  });
  return held!.id;
}

/** Alpha's triage request ids an actor of beta must never see, and beta's an actor of alpha must not. */
const foreignTriage = (api: ApiFixture, actor: string) => {
  const known = knowns.get(api)!;
  return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [known.alphaTriage] : [known.betaTriage];
};

export const mailCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/mailboxes',
    permission: 'mailboxes.manage',
    target: 'own',
    prepare: async (api) => {
      await knownsOf(api);
      return { method: 'GET', url: '/api/v1/mailboxes' };
    },
    forbiddenIds: (api, actor) => {
      const known = knowns.get(api)!;
      return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [known.mailbox] : [known.betaMailbox];
    },
  },
  {
    route: 'POST /api/v1/mailboxes',
    permission: 'mailboxes.manage',
    target: 'own',
    prepare: async () => ({
      method: 'POST',
      url: '/api/v1/mailboxes',
      body: { name: unique('mailbox'), kind: 'forward' },
    }),
  },
  {
    route: 'GET /api/v1/mailboxes/:id',
    permission: 'mailboxes.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/mailboxes/${(await knownsOf(api)).mailbox}` }),
  },
  {
    route: 'PATCH /api/v1/mailboxes/:id',
    permission: 'mailboxes.manage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/mailboxes/${(await knownsOf(api)).mailbox}`,
      body: { category: unique('category').slice(0, 40) },
    }),
  },
  {
    route: 'DELETE /api/v1/mailboxes/:id',
    permission: 'mailboxes.manage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'DELETE',
      url: `/api/v1/mailboxes/${await forwardMailbox(api, api.world.alpha.workspaceId, null)}`,
    }),
  },
  {
    // An IMAP mailbox at a port nothing listens on: the check answers at once that it cannot connect.
    route: 'POST /api/v1/mailboxes/:id/check',
    permission: 'mailboxes.manage',
    target: 'alpha',
    prepare: async (api) => {
      const mailbox = await api.store.read.mailboxes.create(api.world.alpha.workspaceId, {
        name: unique('imap'),
        kind: 'imap',
        host: '127.0.0.1',
        port: 1,
        tls: 'none',
        username: 'nobody',
        password: 'secret',
        folder: 'INBOX',
        processedAction: 'flag',
        processedFolder: null,
        customerId: null,
        service: null,
        category: null,
        acknowledge: false,
        listMailIsAutomatic: true,
        enabled: false,
      });
      return { method: 'POST', url: `/api/v1/mailboxes/${mailbox!.id}/check` };
    },
  },
  {
    route: 'POST /api/v1/mail/inbound',
    permission: 'mail.intake',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/mail/inbound?mailbox=${(await knownsOf(api)).mailbox}`,
      body: await composeMail({ from: `${unique('sender')}@nowhere.example`, messageId: messageId('inbound') }),
      headers: { 'content-type': 'message/rfc822' },
    }),
  },
  {
    route: 'GET /api/v1/mail/triage',
    permission: 'mail.triage',
    target: 'own',
    prepare: async (api) => {
      await knownsOf(api);
      return { method: 'GET', url: '/api/v1/mail/triage?limit=200' };
    },
    forbiddenIds: foreignTriage,
  },
  {
    route: 'POST /api/v1/mail/triage/:id/assign',
    permission: 'mail.triage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/mail/triage/${await triageRequest(api, (await knownsOf(api)).mailbox)}/assign`,
      body: { customerId: api.world.alpha.globex },
    }),
  },
  {
    route: 'GET /api/v1/mail/log',
    permission: 'mail.triage',
    target: 'own',
    prepare: async (api) => {
      await knownsOf(api);
      return { method: 'GET', url: '/api/v1/mail/log?limit=500' };
    },
    forbiddenIds: foreignTriage,
  },
  {
    route: 'POST /api/v1/mail/log/:id/release',
    permission: 'mail.triage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'POST', url: `/api/v1/mail/log/${await heldMessage(api)}/release` }),
  },
  {
    route: 'GET /api/v1/tickets/:id/messages',
    permission: 'tickets.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/tickets/${(await knownsOf(api)).ticket}/messages` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/messages',
    permission: ['tickets.work', 'tickets.customer_events'],
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await knownsOf(api)).ticket}/messages`,
      body: { kind: 'reply', text: unique('reply') },
    }),
  },
  {
    // Notes are the provider's: a customer representative may not write one (403 like a role without it).
    route: 'POST /api/v1/tickets/:id/messages',
    permission: 'tickets.note',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await knownsOf(api)).ticket}/messages`,
      body: { kind: 'note', text: unique('note') },
    }),
  },
  {
    route: 'POST /api/v1/tickets/:id/calls',
    permission: 'tickets.work',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await knownsOf(api)).ticket}/calls`,
      body: {
        caller: 'Jan',
        startedAt: new Date(api.clock.now()).toISOString(),
        durationSeconds: 60,
        summary: unique('call'),
      },
    }),
  },
  {
    route: 'GET /api/v1/tickets/:id/attachments/:attachmentId',
    permission: 'tickets.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: (await knownsOf(api)).attachmentUrl }),
  },
];
