/**
 * The mailbox form's state and what it sends: the password is write-only (the server never returns it), so an edit
 * sends one only when the administrator typed a new one; IMAP fields are sent for IMAP mailboxes only.
 */
import type { Mailbox, MailboxInput } from '../../api/conversation-types.ts';

export interface MailboxForm {
  name: string;
  kind: 'imap' | 'forward';
  host: string;
  port: string;
  tls: 'implicit' | 'starttls' | 'none';
  username: string;
  /** Empty: keep the stored password (on an edit). */
  password: string;
  folder: string;
  processedAction: 'flag' | 'move';
  processedFolder: string;
  customerId: string;
  service: string;
  category: string;
  acknowledge: boolean;
  listMailIsAutomatic: boolean;
  enabled: boolean;
}

export const defaultPorts: Record<MailboxForm['tls'], number> = { implicit: 993, starttls: 143, none: 143 };

export function formOf(mailbox: Mailbox | null): MailboxForm {
  return {
    name: mailbox?.name ?? '',
    kind: mailbox?.kind ?? 'imap',
    host: mailbox?.host ?? '',
    port: String(mailbox?.port ?? 993),
    tls: mailbox?.tls ?? 'implicit',
    username: mailbox?.username ?? '',
    password: '',
    folder: mailbox?.folder ?? 'INBOX',
    processedAction: mailbox?.processed.action ?? 'flag',
    processedFolder: mailbox?.processed.folder ?? '',
    customerId: mailbox?.customerId ?? '',
    service: mailbox?.service ?? '',
    category: mailbox?.category ?? '',
    acknowledge: mailbox?.acknowledge ?? false,
    listMailIsAutomatic: mailbox?.listMailIsAutomatic ?? true,
    enabled: mailbox?.enabled ?? true,
  };
}

export type MailboxProblems = Partial<Record<keyof MailboxForm, string>>;

/** What the browser can tell before sending; `passwordSet` says whether the server already holds one. */
export function checkMailbox(
  form: MailboxForm,
  passwordSet: boolean,
): { problems: MailboxProblems; body: MailboxInput | null } {
  const problems: MailboxProblems = {};
  if (form.name.trim() === '') problems.name = 'Give the mailbox a name.';
  const port = Number(form.port);
  if (form.kind === 'imap') {
    if (form.host.trim() === '') problems.host = 'Give the IMAP server, e.g. imap.provider.example.';
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.port = 'A port from 1 to 65535.';
    if (form.username.trim() === '') problems.username = 'Give the user name to sign in with.';
    if (!passwordSet && form.password === '') problems.password = 'Give the password.';
    if (form.folder.trim() === '') problems.folder = 'Give the folder to read, usually INBOX.';
    if (form.processedAction === 'move' && form.processedFolder.trim() === '')
      problems.processedFolder = 'Name the folder processed mail moves to.';
  }
  if (Object.keys(problems).length > 0) return { problems, body: null };
  const feeds = {
    customerId: form.customerId || null,
    service: form.service.trim() || null,
    category: form.category.trim() || null,
    acknowledge: form.acknowledge,
    listMailIsAutomatic: form.listMailIsAutomatic,
    enabled: form.enabled,
  };
  if (form.kind === 'forward') return { problems, body: { name: form.name.trim(), kind: 'forward', ...feeds } };
  return {
    problems,
    body: {
      name: form.name.trim(),
      kind: 'imap',
      host: form.host.trim(),
      port,
      tls: form.tls,
      username: form.username.trim(),
      ...(form.password !== '' ? { password: form.password } : {}),
      folder: form.folder.trim(),
      processed: {
        action: form.processedAction,
        folder: form.processedAction === 'move' ? form.processedFolder.trim() : null,
      },
      ...feeds,
    },
  };
}

/** The address a mail service forwards raw messages to, and a command that does the same by hand. */
export function forwardingInstructions(origin: string, mailboxId: string): { url: string; curl: string } {
  const url = `${origin}/api/v1/mail/inbound?mailbox=${encodeURIComponent(mailboxId)}`;
  return {
    url,
    curl: [
      'curl --fail-with-body -X POST \\',
      '  -H "Authorization: Bearer $COVENANT_TOKEN" \\',
      '  -H "Content-Type: message/rfc822" \\',
      '  --data-binary @message.eml \\',
      `  "${url}"`,
    ].join('\n'),
  };
}
