import { describe, expect, it } from 'vitest';
import type { Mailbox } from '../../api/conversation-types.ts';
import { checkMailbox, formOf, forwardingInstructions } from './mailbox-form-model.ts';

const stored: Mailbox = {
  id: 'b1',
  name: 'Support',
  kind: 'imap',
  host: 'imap.provider.example',
  port: 993,
  tls: 'implicit',
  username: 'support',
  passwordSet: true,
  folder: 'INBOX',
  processed: { action: 'move', folder: 'Done' },
  customerId: null,
  service: 'erp',
  category: null,
  acknowledge: true,
  listMailIsAutomatic: true,
  enabled: true,
  status: { state: 'idle', error: null, at: null, uidValidity: null },
  revision: 3,
};

describe('the mailbox form', () => {
  it('keeps the stored password on an edit unless a new one is typed (it is write-only)', () => {
    const unchanged = checkMailbox(formOf(stored), true);
    expect(unchanged.problems).toEqual({});
    expect(unchanged.body).not.toHaveProperty('password');
    expect(unchanged.body).toMatchObject({
      kind: 'imap',
      port: 993,
      processed: { action: 'move', folder: 'Done' },
      customerId: null,
      service: 'erp',
      category: null,
    });
    const changed = checkMailbox({ ...formOf(stored), password: 'new secret' }, true);
    expect(changed.body).toMatchObject({ password: 'new secret' });
  });

  it('asks for what an IMAP mailbox needs, the password only when none is stored', () => {
    const empty = { ...formOf(null), port: '70000', processedAction: 'move' as const, folder: ' ' };
    expect(checkMailbox(empty, false).problems).toEqual({
      name: 'Give the mailbox a name.',
      host: 'Give the IMAP server, e.g. imap.provider.example.',
      port: 'A port from 1 to 65535.',
      username: 'Give the user name to sign in with.',
      password: 'Give the password.',
      folder: 'Give the folder to read, usually INBOX.',
      processedFolder: 'Name the folder processed mail moves to.',
    });
    expect(checkMailbox({ ...formOf(stored), password: '' }, true).problems).toEqual({});
  });

  it('sends a forwarded mailbox without IMAP fields and says how to forward to it', () => {
    const forward = checkMailbox({ ...formOf(null), name: 'Forwarded', kind: 'forward' }, false);
    expect(forward).toEqual({
      problems: {},
      body: {
        name: 'Forwarded',
        kind: 'forward',
        customerId: null,
        service: null,
        category: null,
        acknowledge: false,
        listMailIsAutomatic: true,
        enabled: true,
      },
    });
    const how = forwardingInstructions('https://covenant.example', 'b1');
    expect(how.url).toBe('https://covenant.example/api/v1/mail/inbound?mailbox=b1');
    expect(how.curl).toContain('-H "Content-Type: message/rfc822"');
    expect(how.curl).toContain('--data-binary @message.eml');
  });
});
