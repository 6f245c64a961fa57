/** The navigation each role sees: providers work the queues and agreements, customers live in their portal. */
import type { Role } from '../api/types.ts';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  /** Paths under this prefix mark the item as current. */
  readonly prefix: string;
  /** Only these roles see the item; absent: every role of the list. */
  readonly roles?: readonly Role[];
}

const providerItems: NavItem[] = [
  { to: '/dashboard', label: 'Dashboard', prefix: '/dashboard' },
  { to: '/tickets', label: 'Tickets', prefix: '/tickets' },
  { to: '/mail/triage', label: 'Mail triage', prefix: '/mail', roles: ['admin', 'manager'] },
  { to: '/customers', label: 'Customers', prefix: '/customers' },
  { to: '/agreements', label: 'Agreements', prefix: '/agreements' },
  { to: '/calendars', label: 'Calendars', prefix: '/calendars' },
  { to: '/reports', label: 'Reports', prefix: '/reports' },
  { to: '/settings', label: 'Settings', prefix: '/settings' },
];

const customerItems: NavItem[] = [
  { to: '/portal', label: 'My tickets', prefix: '/portal' },
  { to: '/portal/report', label: 'Report an incident', prefix: '/portal/report' },
  { to: '/agreements', label: 'Agreements', prefix: '/agreements' },
  { to: '/reports', label: 'Reports and credits', prefix: '/reports' },
  { to: '/settings', label: 'Settings', prefix: '/settings' },
];

export function navigationFor(role: Role): NavItem[] {
  const items = role === 'customer' ? customerItems : providerItems;
  return items.filter((item) => !item.roles || item.roles.includes(role));
}

export function homeOf(role: Role): string {
  return role === 'customer' ? '/portal' : '/dashboard';
}

/** The item that is current for a path: the longest matching prefix. */
export function currentItem(items: readonly NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((item) => pathname === item.prefix || pathname.startsWith(`${item.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}
