/**
 * Mailboxes e-mail intake reads (administrators only): IMAP folders Covenant watches, or "forward" mailboxes whose
 * messages arrive by POST /mail/inbound. The password is write-only (`passwordSet` says whether one is stored). The
 * revision is the ETag; a change sent with If-Match is refused when the mailbox changed meanwhile.
 */
import { z } from 'zod';
import {
  checkMailbox,
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  updateMailbox,
} from '../../app/mail/manage-mailboxes.ts';
import type { MailboxRecord } from '../../app/ports/mail-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { ifMatchRevision, sendEtag } from './revision-header.ts';
import { errorBody, idParams, instantSchema, iso, standardErrors, textInput } from './route-schemas.ts';

const label = textInput.trim().min(1).max(100);

const mailboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['imap', 'forward']),
  host: z.string().nullable(),
  port: z.number().nullable(),
  tls: z.enum(['implicit', 'starttls', 'none']).nullable(),
  username: z.string().nullable(),
  passwordSet: z.boolean().describe('Whether a password is stored; the password itself is never returned.'),
  folder: z.string(),
  processed: z.object({ action: z.enum(['flag', 'move']), folder: z.string().nullable() }),
  customerId: z.string().nullable().describe('The customer its mail is for; null: found from each sender.'),
  service: z.string().nullable(),
  category: z.string().nullable(),
  acknowledge: z.boolean(),
  listMailIsAutomatic: z.boolean(),
  enabled: z.boolean(),
  status: z.object({
    state: z.string().nullable().describe('connected, idle, polling or error, as the watcher last reported.'),
    error: z.string().nullable(),
    at: instantSchema.nullable(),
    uidValidity: z.number().nullable(),
  }),
  revision: z.number(),
});

const mailboxFields = z.strictObject({
  host: textInput.trim().min(1).max(255).nullable(),
  port: z.number().int().min(1).max(65_535).nullable(),
  tls: z.enum(['implicit', 'starttls', 'none']).nullable(),
  username: textInput.min(1).max(320).nullable(),
  password: textInput.min(1).max(1000).nullable().describe('Write-only.'),
  folder: textInput.trim().min(1).max(500),
  processed: z.strictObject({ action: z.enum(['flag', 'move']), folder: textInput.trim().min(1).max(500).nullable() }),
  customerId: z.uuid().nullable(),
  service: label.nullable(),
  category: label.nullable(),
  acknowledge: z.boolean().describe('Send the requester an acknowledgement with the ticket key and the promise.'),
  listMailIsAutomatic: z
    .boolean()
    .describe('Mailing-list mail is automatic (never opens a ticket); off when the support address is itself a list.'),
  enabled: z.boolean(),
});

const kindSchema = z.enum(['imap', 'forward']);

function presentMailbox(mailbox: MailboxRecord): z.infer<typeof mailboxSchema> {
  return {
    id: mailbox.id,
    name: mailbox.name,
    kind: mailbox.kind,
    host: mailbox.host,
    port: mailbox.port,
    tls: mailbox.tls,
    username: mailbox.username,
    passwordSet: mailbox.passwordSet,
    folder: mailbox.folder,
    processed: { action: mailbox.processedAction, folder: mailbox.processedFolder },
    customerId: mailbox.customerId,
    service: mailbox.service,
    category: mailbox.category,
    acknowledge: mailbox.acknowledge,
    listMailIsAutomatic: mailbox.listMailIsAutomatic,
    enabled: mailbox.enabled,
    status: {
      state: mailbox.state,
      error: mailbox.stateError,
      at: iso(mailbox.stateAt),
      uidValidity: mailbox.uidValidity,
    },
    revision: mailbox.revision,
  };
}

type FieldsBody = Partial<z.infer<typeof mailboxFields>>;

/** The API's nested `processed` to the stored columns. */
function valuesOf<T extends FieldsBody>(body: T) {
  const { processed, ...rest } = body;
  return {
    ...rest,
    ...(processed === undefined ? {} : { processedAction: processed.action, processedFolder: processed.folder }),
  };
}

export function mailboxRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/mailboxes',
    {
      schema: {
        tags: ['mail'],
        summary: 'The mailboxes e-mail intake reads',
        response: { 200: z.object({ items: z.array(mailboxSchema) }), ...standardErrors },
      },
    },
    async (request) => ({
      items: (await listMailboxes(dependencies.store, principalOf(request))).map(presentMailbox),
    }),
  );
  app.post(
    '/api/v1/mailboxes',
    {
      schema: {
        tags: ['mail'],
        summary: 'Add a mailbox (an IMAP folder to watch, or a forward mailbox for POST /mail/inbound)',
        body: mailboxFields.partial().extend({ name: label, kind: kindSchema }),
        response: { 201: mailboxSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const mailbox = await createMailbox(dependencies, principalOf(request), valuesOf(request.body));
      dependencies.mailboxChanges.changed();
      sendEtag(reply, mailbox.revision);
      return reply.status(201).send(presentMailbox(mailbox));
    },
  );
  app.get(
    '/api/v1/mailboxes/:id',
    {
      schema: {
        tags: ['mail'],
        summary: 'A mailbox (ETag: its revision)',
        params: idParams,
        response: { 200: mailboxSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const mailbox = await getMailbox(dependencies.store, principalOf(request), request.params.id);
      sendEtag(reply, mailbox.revision);
      return presentMailbox(mailbox);
    },
  );
  app.patch(
    '/api/v1/mailboxes/:id',
    {
      schema: {
        tags: ['mail'],
        summary: 'Change a mailbox (send If-Match with its ETag; a password sent replaces the stored one)',
        params: idParams,
        body: mailboxFields.partial().extend({ name: label.optional(), kind: kindSchema.optional() }),
        response: { 200: mailboxSchema, ...standardErrors, 409: errorBody, 412: errorBody, 428: errorBody },
      },
    },
    async (request, reply) => {
      const mailbox = await updateMailbox(
        dependencies,
        principalOf(request),
        request.params.id,
        valuesOf(request.body),
        ifMatchRevision(request),
      );
      dependencies.mailboxChanges.changed();
      sendEtag(reply, mailbox.revision);
      return presentMailbox(mailbox);
    },
  );
  app.delete(
    '/api/v1/mailboxes/:id',
    {
      schema: {
        tags: ['mail'],
        summary: 'Remove a mailbox (its intake log stays)',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteMailbox(dependencies, principalOf(request), request.params.id);
      dependencies.mailboxChanges.changed();
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/mailboxes/:id/check',
    {
      schema: {
        tags: ['mail'],
        summary: "Try the mailbox's IMAP settings now: sign in and open its folder",
        params: idParams,
        response: {
          200: z.object({ ok: z.boolean(), code: z.string().optional(), error: z.string().optional() }),
          ...standardErrors,
        },
      },
    },
    async (request) =>
      checkMailbox(
        { store: dependencies.store, probe: dependencies.mailboxProbe },
        principalOf(request),
        request.params.id,
      ),
  );
}
