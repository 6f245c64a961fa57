/**
 * What each role may do, as far as the UI needs to know to offer an action (the server decides: this only hides
 * buttons that would be refused). Mirrors src/app/access/roles.ts.
 */
import type { Role } from '../../api/types.ts';

export type UiPermission =
  | 'workspace.manage'
  | 'agreements.write'
  | 'agreements.approve_provider'
  | 'agreements.approve_customer'
  | 'agreements.activate'
  | 'calendars.write'
  | 'tickets.create'
  | 'tickets.work'
  | 'tickets.customer_events'
  | 'tickets.note'
  | 'customers.write'
  | 'mailboxes.manage'
  | 'mail.triage'
  | 'facts.read';

const granted: Record<Role, readonly UiPermission[]> = {
  admin: [
    'workspace.manage',
    'agreements.write',
    'agreements.approve_provider',
    'agreements.approve_customer',
    'agreements.activate',
    'calendars.write',
    'tickets.create',
    'tickets.work',
    'tickets.customer_events',
    'tickets.note',
    'customers.write',
    'mailboxes.manage',
    'mail.triage',
    'facts.read',
  ],
  manager: [
    'agreements.write',
    'agreements.approve_provider',
    'agreements.activate',
    'calendars.write',
    'tickets.create',
    'tickets.work',
    'tickets.note',
    'customers.write',
    'mail.triage',
    'facts.read',
  ],
  owner: ['tickets.work', 'tickets.note', 'facts.read'],
  agent: ['tickets.create', 'tickets.work', 'tickets.note', 'facts.read'],
  customer: ['agreements.approve_customer', 'tickets.create', 'tickets.customer_events'],
  viewer: ['facts.read'],
};

export function roleCan(role: Role, permission: UiPermission): boolean {
  return granted[role].includes(permission);
}

export const roleNames: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Service level manager',
  owner: 'Service owner',
  agent: 'Support agent',
  customer: 'Customer representative',
  viewer: 'Viewer',
};
