/**
 * Use-cases of mailboxes, for administrators (docs/mail.md#what-intake-does-with-a-message): what Covenant reads (an IMAP folder) or takes
 * forwarded messages for, and what their mail feeds (a customer or "by sender", a service, a category). The password
 * is write-only: it is stored for the watcher and never returned nor written to the audit log. A change names the
 * revision it was made to (If-Match); a stale one is refused.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { AppError, conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { MailboxRecord, MailboxValues } from '../ports/mail-repository.ts';
import type { MailboxProbe, ProbeResult } from '../ports/mailbox-probe.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';

export interface MailboxInput extends Partial<MailboxValues> {
  readonly name: string;
  readonly kind: MailboxValues['kind'];
  /** Write-only; undefined keeps the stored one, null removes it. */
  readonly password?: string | null | undefined;
}

export type MailboxChanges = Partial<MailboxValues> & { readonly password?: string | null | undefined };

const defaults = {
  host: null,
  port: null,
  tls: null,
  username: null,
  folder: 'INBOX',
  processedAction: 'flag',
  processedFolder: null,
  customerId: null,
  service: null,
  category: null,
  acknowledge: false,
  listMailIsAutomatic: true,
  enabled: true,
} as const satisfies Omit<MailboxValues, 'name' | 'kind'>;

export async function listMailboxes(store: Store, principal: Principal): Promise<MailboxRecord[]> {
  requirePermission(principal, 'mailboxes.manage');
  return store.read.mailboxes.list(principal.workspaceId);
}

export async function getMailbox(store: Store, principal: Principal, id: string): Promise<MailboxRecord> {
  requirePermission(principal, 'mailboxes.manage');
  const mailbox = await store.read.mailboxes.get(principal.workspaceId, id);
  if (!mailbox) throw notFound('mailbox', id);
  return mailbox;
}

export async function createMailbox(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  input: MailboxInput,
): Promise<MailboxRecord> {
  requirePermission(principal, 'mailboxes.manage');
  const { password = null, ...given } = input;
  const values: MailboxValues = { ...defaults, ...definedOnly(given), name: input.name, kind: input.kind };
  requireComplete(values, password !== null);
  return store.transaction(async (repositories) => {
    await requireCustomer(repositories, principal, values.customerId);
    const mailbox = await repositories.mailboxes.create(principal.workspaceId, { ...values, password });
    if (mailbox === null) throw nameTaken(values.name);
    await recordChange(repositories, principal, clock.now(), {
      action: 'mailbox.created',
      entityType: 'mailbox',
      entityId: mailbox.id,
      after: audited(mailbox),
    });
    return mailbox;
  });
}

export async function updateMailbox(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
  changes: MailboxChanges,
  expectedRevision: number | null,
): Promise<MailboxRecord> {
  requirePermission(principal, 'mailboxes.manage');
  return store.transaction(async (repositories) => {
    const before = await repositories.mailboxes.get(principal.workspaceId, id);
    if (!before) throw notFound('mailbox', id);
    if (expectedRevision !== null && expectedRevision !== before.revision) {
      throw stale(expectedRevision, before.revision);
    }
    const { password, ...given } = changes;
    const merged: MailboxValues = { ...before, ...definedOnly(given) };
    requireComplete(merged, password === undefined ? before.passwordSet : password !== null);
    await requireCustomer(repositories, principal, merged.customerId);
    const after = await repositories.mailboxes.update(principal.workspaceId, id, changes, before.revision);
    if (after === 'name-taken') throw nameTaken(merged.name);
    if (after === null) throw stale(before.revision, before.revision + 1);
    await recordChange(repositories, principal, clock.now(), {
      action: 'mailbox.updated',
      entityType: 'mailbox',
      entityId: id,
      before: audited(before),
      after: { ...audited(after), passwordChanged: password !== undefined },
    });
    return after;
  });
}

export async function deleteMailbox(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<void> {
  requirePermission(principal, 'mailboxes.manage');
  await store.transaction(async (repositories) => {
    const before = await repositories.mailboxes.get(principal.workspaceId, id);
    if (!before || !(await repositories.mailboxes.delete(principal.workspaceId, id))) throw notFound('mailbox', id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'mailbox.deleted',
      entityType: 'mailbox',
      entityId: id,
      before: audited(before),
    });
  });
}

/** Tries to sign in to the mailbox's IMAP server and open its folder now. */
export async function checkMailbox(
  { store, probe }: { store: Store; probe: MailboxProbe },
  principal: Principal,
  id: string,
): Promise<ProbeResult> {
  requirePermission(principal, 'mailboxes.manage');
  const mailbox = await store.read.mailboxes.get(principal.workspaceId, id);
  if (!mailbox) throw notFound('mailbox', id);
  if (mailbox.kind !== 'imap') {
    throw invalid(
      'MAILBOX_NOT_IMAP',
      'only an IMAP mailbox can be checked; forwarded mail arrives by POST /mail/inbound',
    );
  }
  const credentials = await store.read.mailboxes.credentials(id);
  return probe.check({
    host: mailbox.host ?? '',
    port: mailbox.port ?? 993,
    tls: mailbox.tls ?? 'implicit',
    username: mailbox.username ?? '',
    password: credentials?.password ?? '',
    folder: mailbox.folder,
  });
}

/** An IMAP mailbox needs where and how to sign in; a move needs its folder. */
function requireComplete(values: MailboxValues, hasPassword: boolean): void {
  const missing: string[] = [];
  if (values.kind === 'imap') {
    if (!values.host) missing.push('host');
    if (values.port === null) missing.push('port');
    if (!values.tls) missing.push('tls');
    if (!values.username) missing.push('username');
    if (!hasPassword) missing.push('password');
  }
  if (values.processedAction === 'move' && !values.processedFolder) missing.push('processed.folder');
  if (missing.length > 0) {
    throw invalid(
      'MAILBOX_INCOMPLETE',
      `${values.kind === 'imap' ? 'an IMAP mailbox' : 'the mailbox'} needs ${missing.join(', ')}`,
      { missing },
    );
  }
}

async function requireCustomer(repositories: Repositories, principal: Principal, customerId: string | null) {
  if (customerId !== null && !(await repositories.customers.get(scopeOf(principal), customerId))) {
    throw notFound('customer', customerId);
  }
}

function nameTaken(name: string): AppError {
  return conflict('MAILBOX_NAME_TAKEN', `a mailbox named "${name}" already exists`, { name });
}

function stale(expectedRevision: number, currentRevision: number): AppError {
  return new AppError(
    'precondition_failed',
    'PRECONDITION_FAILED',
    `the mailbox has changed since you read it (revision ${expectedRevision}, now ${currentRevision}); reload it and apply your change again`,
    { expectedRevision, currentRevision },
  );
}

/** What the audit log keeps of a mailbox: everything but the password (only whether one is set). */
function audited(mailbox: MailboxRecord) {
  const { state, stateError, stateAt, uidValidity, createdAt, updatedAt, ...kept } = mailbox;
  return kept;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
