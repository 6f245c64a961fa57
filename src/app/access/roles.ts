/**
 * The roles (docs/semantics.md#roles) and what each may do. The table is the single place where access is decided; the
 * isolation test walks it for every endpoint and role.
 */
export const roles = ['admin', 'manager', 'owner', 'agent', 'customer', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'workspace.manage', // users, tokens, settings, integrations
  'audit.read',
  'customers.read',
  'customers.write',
  'services.read',
  'services.write',
  'calendars.read',
  'calendars.write',
  'agreements.read',
  'agreements.write', // draft, edit, version, submit
  'agreements.approve_provider',
  'agreements.approve_customer',
  'agreements.activate',
  'tickets.read',
  'tickets.create',
  'tickets.work', // agent events: replies, status, priority, assignment, resolution
  'tickets.customer_events', // customer replies on their own tickets
  'tickets.note', // internal notes on tickets (provider only; never a response)
  'tickets.rebuild',
  'facts.read', // outages, maintenance, deliveries, KPI values
  'facts.write',
  'results.read',
  'reports.read',
  'notifications.read',
  'notifications.manage', // the outbox: every message's delivery state, retrying dead ones
  'deviations.write', // move deviations on (open, in progress, closed) with a note
  'mailboxes.manage', // the mailboxes e-mail intake reads, with their passwords
  'mail.intake', // hand raw messages to intake (POST /mail/inbound): mail forwarders
  'mail.triage', // the intake log, requests from unknown senders waiting in triage, held messages
] as const;
export type Permission = (typeof permissions)[number];

const readAll: Permission[] = [
  'customers.read',
  'services.read',
  'calendars.read',
  'agreements.read',
  'tickets.read',
  'facts.read',
  'results.read',
  'reports.read',
  'notifications.read',
];

const granted: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  manager: new Set<Permission>([
    ...readAll,
    'audit.read',
    'customers.write',
    'services.write',
    'calendars.write',
    'agreements.write',
    'agreements.approve_provider',
    'agreements.activate',
    'tickets.create',
    'tickets.work',
    'tickets.rebuild',
    'facts.write',
    'notifications.manage',
    'deviations.write',
    'tickets.note',
    'mail.triage',
  ]),
  owner: new Set<Permission>([...readAll, 'services.write', 'facts.write', 'tickets.work', 'tickets.note']),
  // An integration that forwards mail opens tickets like an agent: an agent token may hand it raw messages.
  agent: new Set<Permission>([...readAll, 'tickets.create', 'tickets.work', 'tickets.note', 'mail.intake']),
  customer: new Set<Permission>([
    'customers.read',
    'services.read',
    'calendars.read',
    'agreements.read',
    'agreements.approve_customer',
    'tickets.read',
    'tickets.create',
    'tickets.customer_events',
    'results.read',
    'reports.read',
    'notifications.read',
  ]),
  viewer: new Set<Permission>([...readAll, 'audit.read']),
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return granted[role].has(permission);
}

/** Roles a principal may hand out (to a user it creates or a token): never more than its own. */
export function assignableRoles(role: Role): Role[] {
  if (role === 'admin') return [...roles];
  return [];
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
